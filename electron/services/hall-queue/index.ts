import type { AppointmentRecord, CurrentTicketRecord } from '../../../db/index.js';
import type { AppointmentList, AppointmentView, ImportReport, QueueState, TicketView } from '../../../shared/api/hall-queue.js';
import type { CaseState } from '../../../shared/case-machine.js';
import { AppError } from '../../../shared/errors.js';
import type { EventPayload } from '../../../shared/events.js';
import {
  APPOINTMENTS_NOT_CONFIGURED,
  bundleResolver,
  maskedAppointment,
  QUEUE_NOT_CONFIGURED,
  type Appointment,
  type BundleResolver,
  type HallQueueSettings,
  type ParsedAppointments,
} from '../../../shared/hall-queue.js';
import type { Deps } from '../auth.js';
import type { CalendarService } from '../calendar.js';
import type { CatalogService } from '../catalog.js';
import { moveToDone, pullAppointments, scanDropDir } from './appointment-sources.js';
import { createQueueClient } from './queue-http.js';

// 预约 and 叫号 at the intake counter. The current ticket is held here (and in the queue_ticket
// table, so a restart keeps it); calls to the queue system that fail leave it as it was. A case
// started from the ticket or from an appointment gets its ticket number, times and applicant from
// here (intake.start with `source`); the appointment then shows the case.

export interface HallQueueDeps extends Deps {
  catalog: Pick<CatalogService, 'indexOf'>;
  calendar: Pick<CalendarService, 'today'>;
  /** Files changed more recently than this (ms) are left for the next pass: the writer may not be done. */
  settleMs?: number;
}

export type StartSource = { kind: 'ticket' } | { kind: 'appointment'; appointmentId: string };

/** What a case started from a ticket or appointment begins with. */
export interface StartPrefill {
  ticketRef: string;
  ticket: EventPayload<'case.drafted'>['ticket'];
  /** Draft fields (applicant.name, applicant.phone, applicant.idNumber). */
  fields: Record<string, string>;
  appointmentId: string | null;
  fromTicket: boolean;
}

/** Cases in these states no longer hold their appointment or ticket: it may start a new one. */
const RELEASED: readonly string[] = ['withdrawn'];

/** Runs the functions given to it one after another, each whether or not the previous one failed. */
function serializer(): <T>(fn: () => Promise<T>) => Promise<T> {
  let chain: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
}

export function createHallQueueService(deps: HallQueueDeps) {
  const { store, settings, calendar, catalog } = deps;
  const appointments = store.appointments;
  const settleMs = deps.settleMs ?? 2_000;
  const cfg = (): HallQueueSettings => settings.read().hallQueue;
  const iso = () => new Date(deps.now()).toISOString();

  // One queue action or case start at a time: a double click cannot call two tickets or start two cases.
  const serial = serializer();
  // Imports run one at a time too (the list refreshes while the clerk clicks 导入预约).
  const serialImport = serializer();

  async function bundles(): Promise<{ resolve: BundleResolver; name(id: string | null): string | null }> {
    const { ix } = await catalog.indexOf();
    const byId = new Map(ix.catalog.bundles.map((b) => [b.id, b.name]));
    return {
      resolve: bundleResolver(ix.catalog.bundles, settings.read().installation?.hallCode ?? ''),
      name: (id) => (id ? (byId.get(id) ?? null) : null),
    };
  }

  function appointmentRef(a: AppointmentRecord, bundleName: string | null) {
    return { id: a.id, name: a.name, ...maskedAppointment(a), bundleId: a.bundleId, bundleName: bundleName ?? a.bundleId, date: a.date, slot: a.slot };
  }

  async function ticketView(t: CurrentTicketRecord): Promise<TicketView> {
    const b = await bundles();
    const appt = t.appointmentId ? await appointments.get(t.appointmentId) : undefined;
    const bundleId = t.bundleId ?? appt?.bundleId ?? null;
    const rec = t.caseId ? await store.cases.get(t.caseId) : undefined;
    return {
      number: t.number,
      lane: t.lane,
      bundleId,
      bundleName: b.name(bundleId),
      appointmentId: t.appointmentId,
      appointment: appt ? appointmentRef(appt, b.name(appt.bundleId)) : null,
      issuedAt: t.issuedAt,
      calledAt: t.calledAt,
      recalls: t.recalls,
      caseId: t.caseId,
      caseNumber: rec?.caseNumber ?? null,
    };
  }

  function queueConfig() {
    const q = cfg().queue;
    return q.url && q.windowNo ? { url: q.url, windowNo: q.windowNo, timeoutMs: q.timeoutMs } : null;
  }

  async function state(): Promise<QueueState> {
    const q = queueConfig();
    const t = await appointments.currentTicket();
    return { configured: q !== null, windowNo: cfg().queue.windowNo, hint: q ? null : QUEUE_NOT_CONFIGURED, ticket: t ? await ticketView(t) : null };
  }

  function requireQueue() {
    const q = queueConfig();
    if (!q) throw new AppError('DEVICE_ERROR', QUEUE_NOT_CONFIGURED);
    return { q, client: createQueueClient({ url: q.url, timeoutMs: q.timeoutMs }) };
  }

  async function requireTicket(what: string): Promise<CurrentTicketRecord> {
    const t = await appointments.currentTicket();
    if (!t) throw new AppError('NOT_FOUND', `当前没有正在呼叫的号，无法${what}；请先点“呼叫下一位”。`);
    return t;
  }

  // ---- appointments ----

  async function importParsed(parsed: ParsedAppointments, source: string, at: string): Promise<{ imported: number; errors: string[] }> {
    const imported = await appointments.upsert(parsed.appointments, source, at);
    return { imported, errors: parsed.errors.map((e) => e.message) };
  }

  async function importFolder(report: ImportReport): Promise<void> {
    const dir = cfg().appointments.dropDir;
    if (!dir) return;
    const b = await bundles();
    const scan = await scanDropDir(dir, { bundle: b.resolve, today: calendar.today(), isImported: (sha) => appointments.fileImported(sha), settleMs });
    report.folderError = scan.error;
    report.waiting = scan.waiting;
    const stamp = report.at.replace(/[-:]/g, '').replace(/\..*$/, '');
    for (const f of scan.files) {
      const r = await importParsed(f.parsed, f.name, report.at);
      // Recorded before the move: a file that cannot be moved (read-only share) is still imported once.
      await appointments.recordFile({ sha256: f.sha256, name: f.name, importedAt: report.at, imported: r.imported, errors: r.errors });
      await moveToDone(dir, f.name, stamp);
      report.files.push({ name: f.name, ...r });
    }
    for (const name of scan.known) await moveToDone(dir, name, stamp);
  }

  async function runImport(pull: boolean): Promise<ImportReport> {
    return serialImport(async () => {
      const report: ImportReport = { at: iso(), files: [], pull: null, waiting: [], folderError: null };
      await importFolder(report);
      const c = cfg();
      if (pull && c.appointments.pullUrl) {
        const b = await bundles();
        const today = calendar.today();
        const parsed = await pullAppointments(c.appointments.pullUrl, today, c.queue.timeoutMs, { bundle: b.resolve, today });
        report.pull = await importParsed(parsed, 'pull', report.at);
      }
      return report;
    });
  }

  async function list(date: string, folderError: string | null): Promise<AppointmentList> {
    const c = cfg().appointments;
    const configured = c.dropDir !== null || c.pullUrl !== null;
    const b = await bundles();
    const rows: AppointmentView[] = (await appointments.ofDay(date)).map((a) => ({
      ...appointmentRef(a, b.name(a.bundleId)),
      caseId: a.caseId,
      caseNumber: a.caseNumber,
      caseState: (a.caseState as CaseState | null) ?? null,
    }));
    const since = new Date(Date.parse(`${calendar.today()}T00:00:00+08:00`)).toISOString();
    const problems = (await appointments.filesSince(since)).filter((f) => f.errors.length).map((f) => ({ file: f.name, at: f.importedAt, errors: f.errors }));
    return { date, configured, hint: configured ? null : APPOINTMENTS_NOT_CONFIGURED, rows, problems, folderError };
  }

  // ---- starting a case ----

  function prefillOf(a: Appointment | undefined): Record<string, string> {
    if (!a) return {};
    return { 'applicant.name': a.name, 'applicant.phone': a.phone, ...(a.idNumber ? { 'applicant.idNumber': a.idNumber } : {}) };
  }

  async function holder(caseId: string | null): Promise<{ id: string; number: string | null } | null> {
    if (!caseId) return null;
    const rec = await store.cases.get(caseId);
    return rec && !RELEASED.includes(rec.state) ? { id: rec.id, number: rec.caseNumber } : null;
  }

  async function prepare(source: StartSource): Promise<StartPrefill> {
    if (source.kind === 'ticket') {
      const t = await appointments.currentTicket();
      if (!t) throw new AppError('NOT_FOUND', '当前没有正在呼叫的号：请先点“呼叫下一位”，或在“新建办件”中直接收件。');
      if (await holder(t.caseId)) throw new AppError('CONFLICT', `${t.number} 号已开始收件，请在“草稿与待补正”中继续该办件。`, { caseId: t.caseId });
      const appt = t.appointmentId ? await appointments.get(t.appointmentId) : undefined;
      if (appt && (await holder(appt.caseId))) throw new AppError('CONFLICT', `预约 ${appt.id} 已开始收件，请在“草稿与待补正”中继续该办件。`, { caseId: appt.caseId });
      return {
        ticketRef: t.number,
        ticket: { number: t.number, lane: t.lane, issuedAt: t.issuedAt, calledAt: t.calledAt },
        fields: prefillOf(appt),
        appointmentId: appt?.id ?? null,
        fromTicket: true,
      };
    }
    const appt = await appointments.get(source.appointmentId);
    if (!appt) throw new AppError('NOT_FOUND', `预约列表中没有预约号 ${source.appointmentId}，请点“导入预约”后重试，或在“新建办件”中直接收件。`);
    const held = await holder(appt.caseId);
    if (held) throw new AppError('CONFLICT', `预约 ${appt.id} 已开始收件${held.number ? `（办件 ${held.number}）` : ''}，请在“草稿与待补正”中继续该办件。`, { caseId: held.id });
    return { ticketRef: appt.id, ticket: undefined, fields: prefillOf(appt), appointmentId: appt.id, fromTicket: false };
  }

  return {
    current: () => state(),

    callNext(): Promise<{ state: QueueState; empty: boolean }> {
      return serial(async () => {
        const { q, client } = requireQueue();
        const t = await client.call(q.windowNo);
        if (!t) return { state: await state(), empty: true };
        const issued = Date.parse(t.issuedAt);
        await appointments.setTicket({
          number: t.number,
          lane: t.lane,
          bundleId: t.bundleId,
          appointmentId: t.appointmentId,
          // Stored as UTC instants, like event times, so waits are plain differences.
          issuedAt: new Date(issued).toISOString(),
          calledAt: iso(),
          recalls: 0,
          caseId: null,
        });
        return { state: await state(), empty: false };
      });
    },

    recall(): Promise<QueueState> {
      return serial(async () => {
        const { q, client } = requireQueue();
        const t = await requireTicket('重呼');
        await client.recall(t.number, q.windowNo);
        await appointments.setTicket({ ...t, recalls: t.recalls + 1 });
        return state();
      });
    },

    noShow(): Promise<QueueState> {
      return serial(async () => {
        const { client } = requireQueue();
        const t = await requireTicket('标记过号');
        await client.noShow(t.number);
        await appointments.setTicket(null);
        return state();
      });
    },

    transfer(toWindow: string): Promise<QueueState> {
      return serial(async () => {
        const { q, client } = requireQueue();
        const t = await requireTicket('转窗口');
        if (toWindow === q.windowNo) throw new AppError('INVALID_INPUT', `${toWindow} 就是本窗口，请填写要转到的其他窗口号。`, { field: 'toWindow' });
        await client.transfer(t.number, toWindow);
        await appointments.setTicket(null);
        return state();
      });
    },

    async appointments(date?: string): Promise<AppointmentList> {
      const report = await runImport(false);
      return list(date ?? calendar.today(), report.folderError);
    },

    async importNow(): Promise<{ report: ImportReport; list: AppointmentList }> {
      const c = cfg().appointments;
      if (c.dropDir === null && c.pullUrl === null) throw new AppError('INVALID_INPUT', APPOINTMENTS_NOT_CONFIGURED);
      const report = await runImport(true);
      return { report, list: await list(calendar.today(), report.folderError) };
    },

    /**
     * Starts a case from the current ticket or an appointment: `start` appends the case with the
     * prefill; the ticket and appointment then point at it. One at a time, so a double click starts one case.
     */
    startFrom<T extends { id: string }>(source: StartSource, start: (prefill: StartPrefill) => Promise<T>): Promise<T> {
      return serial(async () => {
        const prefill = await prepare(source);
        const started = await start(prefill);
        if (prefill.appointmentId) await appointments.linkCase(prefill.appointmentId, started.id);
        if (prefill.fromTicket) {
          const t = await appointments.currentTicket();
          if (t && t.number === prefill.ticketRef) await appointments.setTicket({ ...t, caseId: started.id });
        }
        return started;
      });
    },

    settings: (): HallQueueSettings => cfg(),
    configure(next: HallQueueSettings): HallQueueSettings {
      return settings.update({ hallQueue: next }).hallQueue;
    },
  };
}

export type HallQueueService = ReturnType<typeof createHallQueueService>;
