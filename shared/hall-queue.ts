import { z } from 'zod';
import { checkIdNumber, checkPhone, maskIdNumber, maskPhone } from './validators.js';

// 预约 and 叫号 at the counter: the hall's booking system hands over the day's appointments (a
// CSV or JSON file dropped into a folder, or an HTTP pull), and the hall's queue system calls the
// next ticket for this window. Pure: the schemas of both, the settings, and the parsing of the
// appointment files with one Chinese message per bad row, so good rows are never lost to a bad one.

// ---- settings ----

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .url(`${what}地址格式不正确，应为 http:// 或 https:// 开头的完整地址`)
    .max(500)
    .refine((u) => /^https?:\/\//i.test(u), `${what}地址应以 http:// 或 https:// 开头`);

export const hallQueueSettingsSchema = z.object({
  appointments: z
    .object({
      /** Folder the booking system drops *.csv / *.json files into (often a share); null: no file import. */
      dropDir: z.string().trim().min(1, '请填写预约文件夹路径').max(500, '文件夹路径不能超过 500 个字符').nullable().default(null),
      /** GET <pullUrl>?date=YYYY-MM-DD answers the day's appointments as JSON; null: no HTTP pull. */
      pullUrl: httpUrl('预约系统').nullable().default(null),
    })
    .prefault({}),
  queue: z
    .object({
      /** Base URL of the hall's queue system (叫号系统); null: manual calling only. */
      url: httpUrl('叫号系统').nullable().default(null),
      /** This counter's window number as the queue system knows it (shown on the hall display). */
      windowNo: z.string().trim().max(20, '窗口号不能超过 20 个字符').default(''),
      timeoutMs: z.number().int().min(500).max(30_000).default(5_000),
    })
    .prefault({}),
});
export type HallQueueSettings = z.infer<typeof hallQueueSettingsSchema>;

/** What the panels say when an adapter is not set up: who does what, where. */
export const QUEUE_NOT_CONFIGURED = '本窗口未接入叫号系统：请管理员在“设置 → 叫号与预约”中填写叫号系统地址和本窗口的窗口号。未接入前请按大厅叫号屏手工叫号，在“新建办件”中填写排队号。';
export const APPOINTMENTS_NOT_CONFIGURED = '未接入预约系统：请管理员在“设置 → 叫号与预约”中填写预约文件夹（预约系统导出的 CSV/JSON 文件放入该文件夹）或预约系统的接口地址。';

// ---- queue tickets ----

export const TICKET_LANES = ['normal', 'priority'] as const;
export type TicketLane = (typeof TICKET_LANES)[number];
export const TICKET_LANE_LABELS: Record<TicketLane, string> = { normal: '普通', priority: '优先' };

const isoInstant = z.iso.datetime({ offset: true, message: '取号时间应为 ISO 8601 时间，如 2026-11-23T08:45:00+08:00' });

/** A ticket as the queue system hands it over (POST {url}/call). */
export const ticketSchema = z.object({
  number: z.string().trim().min(1).max(20),
  lane: z.enum(TICKET_LANES).default('normal'),
  bundleId: z.string().trim().min(1).max(64).nullable().default(null),
  appointmentId: z.string().trim().min(1).max(40).nullable().default(null),
  issuedAt: isoInstant,
});
export type Ticket = z.infer<typeof ticketSchema>;

/** The answer to a call: one ticket, null when nobody waits; `tickets` tolerated from systems that offer several. */
export const callResponseSchema = z.object({
  ticket: ticketSchema.nullable().optional(),
  tickets: z.array(ticketSchema).max(100).optional(),
});

/** The ticket to serve: priority lane first, then the one that waited longest. */
export function pickTicket(r: z.infer<typeof callResponseSchema>): Ticket | null {
  const all = [...(r.tickets ?? []), ...(r.ticket ? [r.ticket] : [])];
  if (all.length === 0) return null;
  return [...all].sort((a, b) => Number(b.lane === 'priority') - Number(a.lane === 'priority') || Date.parse(a.issuedAt) - Date.parse(b.issuedAt))[0]!;
}

// ---- appointments ----

export const appointmentSchema = z.object({
  /** The booking system's number (预约号): imports upsert by it. */
  id: z.string().min(1).max(40),
  name: z.string().min(1).max(50),
  phone: z.string().min(1).max(20),
  idNumber: z.string().max(18).nullable(),
  bundleId: z.string().min(1).max(64),
  /** YYYY-MM-DD */
  date: z.string().date(),
  /** "09:00-09:30" */
  slot: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/),
});
export type Appointment = z.infer<typeof appointmentSchema>;

/** The columns of an appointment file; any of the names is accepted (case, spaces and `_` ignored). */
export const APPOINTMENT_COLUMNS = {
  id: ['预约号', '预约编号', '预约单号', 'id', 'bookingNo', 'booking'],
  name: ['姓名', '申请人', '申请人姓名', '预约人', 'name'],
  phone: ['手机号码', '手机号', '联系电话', '电话', 'phone', 'mobile'],
  idNumber: ['证件号码', '身份证号', '身份证号码', 'idNumber'],
  bundle: ['一件事', '事项', '办理事项', 'bundle', 'bundleId'],
  date: ['日期', '预约日期', 'date'],
  slot: ['时段', '预约时段', '时间段', 'slot', 'timeSlot'],
} as const;
type Column = keyof typeof APPOINTMENT_COLUMNS;
const COLUMN_LABELS: Record<Column, string> = { id: '预约号', name: '姓名', phone: '手机号码', idNumber: '证件号码', bundle: '一件事', date: '日期', slot: '时段' };
const REQUIRED: readonly Column[] = ['id', 'name', 'phone', 'bundle', 'date', 'slot'];

const normHeader = (h: string) => h.replace(/^\uFEFF/, '').replace(/[\s_*（）()]/g, '').toLowerCase();
const HEADER_INDEX = new Map<string, Column>(
  (Object.entries(APPOINTMENT_COLUMNS) as [Column, readonly string[]][]).flatMap(([col, names]) => names.map((n) => [normHeader(n), col] as [string, Column])),
);

/** A row problem: where (第 3 行 / 第 2 条) and what, in one line for the clerk. */
export interface RowError {
  /** Line of the file (CSV, the header is line 1) or position of the entry (JSON, from 1); 0 for the whole file. */
  row: number;
  message: string;
}

export interface ParsedAppointments {
  appointments: Appointment[];
  errors: RowError[];
}

/** Finds a bundle by its id or its exact name; the message says what is wrong otherwise. */
export type BundleResolver = (ref: string) => { ok: true; id: string } | { ok: false; message: string };

/** Province of a hall from the first digits of its administrative code (GB/T 2260). */
const PROVINCE_OF_CODE: Record<string, string> = { '23': 'heilongjiang', '21': 'liaoning' };

/**
 * Resolves by id, else by exact name. Names repeat across provinces (新生儿出生 in both): the
 * hall's own province wins; a name still shared by several bundles must be given by id.
 */
export function bundleResolver(bundles: readonly { id: string; name: string; region: string }[], hallCode: string): BundleResolver {
  const ids = new Set(bundles.map((b) => b.id));
  const region = PROVINCE_OF_CODE[hallCode.slice(0, 2)] ?? null;
  return (raw) => {
    const ref = raw.trim();
    if (ids.has(ref)) return { ok: true, id: ref };
    const named = bundles.filter((b) => b.name === ref);
    const local = named.length > 1 && region ? named.filter((b) => b.region === region) : named;
    if (local.length === 1) return { ok: true, id: local[0]!.id };
    if (named.length === 0) return { ok: false, message: `事项目录中没有“${ref.slice(0, 60)}”这件“一件事”，请核对名称或编号` };
    return { ok: false, message: `“${ref.slice(0, 60)}”对应多件“一件事”（${named.map((b) => b.id).join('、')}），请改用编号` };
  };
}

/** Bytes of a dropped file as text: UTF-8 (with or without BOM), else GB18030 as Excel on Chinese Windows saves CSV. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** RFC 4180 records (quotes, doubled quotes, CR/LF inside quotes), each with the file line it starts on. */
export function parseCsv(text: string): { cells: string[]; line: number }[] {
  const src = text.replace(/^\uFEFF/, '');
  const out: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0]!.trim() !== '') out.push({ cells, line: start });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return out;
}

/** 2026-11-23, 2026/11/23, 2026-1-5, 2026年1月5日 → YYYY-MM-DD, or null. */
export function normaliseDate(raw: string): string | null {
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(raw.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 9:00-9:30, 09:00~09:30, 09：00－09：30, 14:00至14:30 → 09:00-09:30, or null (the end must follow the start). */
export function normaliseSlot(raw: string): string | null {
  const m = /^(\d{1,2})[:：](\d{2})\s*[-~～—–－至到]+\s*(\d{1,2})[:：](\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const [h1, m1, h2, m2] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || h1 * 60 + m1 >= h2 * 60 + m2) return null;
  const hm = (h: number, mi: number) => `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
  return `${hm(h1, m1)}-${hm(h2, m2)}`;
}

type RawRow = Partial<Record<Column, string>>;

/** One row checked: the appointment, or the first thing wrong with it (without the 第 N 行 prefix). */
export function checkAppointment(raw: RawRow, bundle: BundleResolver, today?: string): { ok: true; value: Appointment } | { ok: false; message: string } {
  const v = (c: Column) => (raw[c] ?? '').trim();
  for (const c of REQUIRED) if (!v(c)) return { ok: false, message: `${COLUMN_LABELS[c]}为空` };
  const id = v('id');
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) return { ok: false, message: `预约号“${id.slice(0, 40)}”格式不正确，应为 1 到 40 位字母、数字、下划线或短横线` };
  const name = v('name');
  if (name.length > 50) return { ok: false, message: '姓名不能超过 50 个字' };
  const phone = checkPhone(v('phone'));
  if (!phone.ok) return { ok: false, message: `手机号码格式不正确（${phone.message}）` };
  let idNumber: string | null = null;
  if (v('idNumber')) {
    const check = checkIdNumber(v('idNumber'), today);
    if (!check.ok) return { ok: false, message: `证件号码有误（${check.message}）` };
    idNumber = check.value.number;
  }
  const found = bundle(v('bundle'));
  if (!found.ok) return { ok: false, message: found.message };
  const bundleId = found.id;
  const date = normaliseDate(v('date'));
  if (!date) return { ok: false, message: `日期“${v('date').slice(0, 20)}”格式不正确，应为 年-月-日，如 2026-11-23` };
  const slot = normaliseSlot(v('slot'));
  if (!slot) return { ok: false, message: `时段“${v('slot').slice(0, 20)}”格式不正确，应为 开始-结束，如 09:00-09:30` };
  return { ok: true, value: { id, name, phone: phone.value, idNumber, bundleId, date, slot } };
}

/** Keeps the first row of each booking number; a repeat is a row error (the file contradicts itself). */
function collect(rows: { raw: RawRow; row: number; where: string }[], bundle: BundleResolver, today?: string): ParsedAppointments {
  const appointments: Appointment[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, string>();
  for (const r of rows) {
    const c = checkAppointment(r.raw, bundle, today);
    if (!c.ok) {
      errors.push({ row: r.row, message: `${r.where}：${c.message}` });
      continue;
    }
    const first = seen.get(c.value.id);
    if (first) {
      errors.push({ row: r.row, message: `${r.where}：预约号 ${c.value.id} 与${first}重复，已按${first}导入` });
      continue;
    }
    seen.set(c.value.id, r.where);
    appointments.push(c.value);
  }
  return { appointments, errors };
}

/** A CSV file: a header row naming the columns (Chinese or English, any order), then one appointment per line. */
export function parseAppointmentsCsv(text: string, bundle: BundleResolver, today?: string): ParsedAppointments {
  const records = parseCsv(text);
  if (records.length === 0) return { appointments: [], errors: [{ row: 0, message: '文件是空的，没有预约' }] };
  const [header, ...body] = records;
  const index = new Map<Column, number>();
  header!.cells.forEach((h, i) => {
    const col = HEADER_INDEX.get(normHeader(h));
    if (col && !index.has(col)) index.set(col, i);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) {
    const which = missing.map((c) => `“${COLUMN_LABELS[c]}”`).join('、');
    const names = missing.map((c) => `${COLUMN_LABELS[c]}（可用列名：${APPOINTMENT_COLUMNS[c].join('、')}）`).join('；');
    return { appointments: [], errors: [{ row: header!.line, message: `第 ${header!.line} 行（表头）：缺少${which}列。${names}` }] };
  }
  const rows = body.map((r) => {
    const raw: RawRow = {};
    for (const [col, i] of index) raw[col] = r.cells[i] ?? '';
    return { raw, row: r.line, where: `第 ${r.line} 行` };
  });
  return collect(rows, bundle, today);
}

/** A JSON file or pull answer: `[{…}, …]` or `{ "appointments": [{…}, …] }`, keys as the CSV columns. */
export function parseAppointmentsJson(text: string, bundle: BundleResolver, today?: string): ParsedAppointments {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { appointments: [], errors: [{ row: 0, message: '文件不是有效的 JSON，未导入任何预约；请让预约系统重新导出' }] };
  }
  return appointmentsFromJson(data, bundle, today);
}

export function appointmentsFromJson(data: unknown, bundle: BundleResolver, today?: string): ParsedAppointments {
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { appointments?: unknown }).appointments) ? (data as { appointments: unknown[] }).appointments : null;
  if (!list) return { appointments: [], errors: [{ row: 0, message: 'JSON 内容应为预约数组，或带 appointments 数组的对象' }] };
  const rows = list.map((entry, i) => {
    const raw: RawRow = {};
    if (entry && typeof entry === 'object') {
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        const col = HEADER_INDEX.get(normHeader(k));
        if (col && raw[col] === undefined && (typeof v === 'string' || typeof v === 'number')) raw[col] = String(v);
      }
    }
    return { raw, row: i + 1, where: `第 ${i + 1} 条` };
  });
  return collect(rows, bundle, today);
}

// ---- views ----

export function maskedAppointment(a: Pick<Appointment, 'phone' | 'idNumber'>) {
  return { phoneMasked: maskPhone(a.phone), idNumberMasked: a.idNumber ? maskIdNumber(a.idNumber) : null };
}

/** Whole minutes for a wait in seconds: "12 分钟", "1 小时 5 分钟". */
export function formatWait(seconds: number): string {
  const min = Math.round(seconds / 60);
  if (min < 60) return `${min} 分钟`;
  return `${Math.floor(min / 60)} 小时${min % 60 ? ` ${min % 60} 分钟` : ''}`;
}
