import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appointmentsFromJson, decodeText, parseAppointmentsCsv, parseAppointmentsJson, type BundleResolver, type ParsedAppointments } from '../../../shared/hall-queue.js';

// Where the day's appointments come from (预约系统 adapters):
// - folder drop: the booking system writes *.csv or *.json into a folder (often a share). Each file
//   is imported once, known by its content hash, then moved to `已导入/` beside it (when the folder is
//   read-only the hash alone keeps it from being imported twice). Writers should write under another
//   name and rename when done; a file changed within the last seconds is left for the next pass.
// - HTTP pull: GET <pullUrl>?date=YYYY-MM-DD answering the JSON shape of a dropped file.
// CSV columns (header row, any order; Chinese or English): 预约号/id, 姓名/name, 手机号码/phone,
// 证件号码/idNumber (optional), 一件事/bundle (id or exact name), 日期/date, 时段/slot ("09:00-09:30").

export const DONE_DIR = '已导入';
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export interface DropFile {
  name: string;
  sha256: string;
  parsed: ParsedAppointments;
}

export interface DropScan {
  /** New files, parsed. */
  files: DropFile[];
  /** Already imported (by content) but still there: only to be moved away. */
  known: string[];
  /** Changed a moment ago: left for the next pass. */
  waiting: string[];
  /** The folder itself could not be read. */
  error: string | null;
}

export async function scanDropDir(
  dir: string,
  opts: { bundle: BundleResolver; today: string; isImported(sha256: string): Promise<boolean>; settleMs: number },
): Promise<DropScan> {
  const out: DropScan = { files: [], known: [], waiting: [], error: null };
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isFile() && /\.(csv|json)$/i.test(d.name)).map((d) => d.name);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? '文件夹不存在' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : '无法读取';
    out.error = `预约文件夹${why}（${dir}）：请管理员在“设置 → 叫号与预约”中核对文件夹路径，并确认本机可以访问该文件夹。`;
    return out;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    let bytes: Buffer;
    try {
      const st = await stat(path);
      // Wall-clock, not the host's clock: file times are the file system's.
      if (Date.now() - st.mtimeMs < opts.settleMs) {
        out.waiting.push(name);
        continue;
      }
      if (st.size > MAX_FILE_BYTES) {
        // Not read at all: known by size and time instead of content.
        const key = `size:${st.size}:${Math.round(st.mtimeMs)}`;
        if (await opts.isImported(key)) out.known.push(name);
        else out.files.push({ name, sha256: key, parsed: { appointments: [], errors: [{ row: 0, message: '文件超过 5 MB，未导入；请让预约系统按天导出' }] } });
        continue;
      }
      bytes = await readFile(path);
    } catch {
      out.waiting.push(name); // vanished or locked by the writer: try again next time
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (await opts.isImported(sha256)) {
      out.known.push(name);
      continue;
    }
    const text = decodeText(bytes);
    const parsed = /\.json$/i.test(name) ? parseAppointmentsJson(text, opts.bundle, opts.today) : parseAppointmentsCsv(text, opts.bundle, opts.today);
    out.files.push({ name, sha256, parsed });
  }
  return out;
}

/** Moves an imported file to `已导入/`, stamped so that a later file of the same name does not collide; false when it cannot. */
export async function moveToDone(dir: string, name: string, stamp: string): Promise<boolean> {
  try {
    await mkdir(join(dir, DONE_DIR), { recursive: true });
    await rename(join(dir, name), join(dir, DONE_DIR, `${stamp}-${name}`));
    return true;
  } catch {
    return false;
  }
}

/** GET <pullUrl>?date=…; failures come back as one message for the import report. */
export async function pullAppointments(url: string, date: string, timeoutMs: number, opts: { bundle: BundleResolver; today: string }): Promise<ParsedAppointments> {
  const fail = (message: string): ParsedAppointments => ({ appointments: [], errors: [{ row: 0, message }] });
  const target = new URL(url);
  target.searchParams.set('date', date);
  let res: Response;
  try {
    res = await fetch(target, { headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const timeout = (err as { name?: string }).name === 'TimeoutError';
    return fail(`预约系统连接失败（${timeout ? '响应超时' : '无法连接'}）：请检查网络后点“导入预约”重试；也可请预约系统导出文件放入预约文件夹。`);
  }
  if (res.status < 200 || res.status >= 300) {
    await res.body?.cancel().catch(() => undefined);
    return fail(`预约系统拒绝了请求（HTTP ${res.status}）：请管理员在“设置 → 叫号与预约”中核对预约系统接口地址。`);
  }
  let body: unknown;
  try {
    body = JSON.parse(decodeText(new Uint8Array(await res.arrayBuffer())));
  } catch {
    return fail('预约系统的应答不是有效的 JSON，未导入任何预约；请联系管理员核对预约系统接口。');
  }
  return appointmentsFromJson(body, opts.bundle, opts.today);
}
