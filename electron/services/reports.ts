import type { ClerkRecord, ReportStore } from '../../db/index.js';
import type { ReportFile, ReportQuery, ReportResult } from '../../shared/api/reports.js';
import { uncoveredYearsWarning } from '../../shared/calendar.js';
import { AppError } from '../../shared/errors.js';
import { deviceTag } from '../../shared/intake.js';
import { periodRange } from '../../shared/reports/aggregate.js';
import type { ExportFormat } from '../../shared/reports/labels.js';
import { assembleReport, catalogLabeler } from '../../shared/reports/report.js';
import { reportFile } from '../../shared/reports/xlsx.js';
import { installationOf, type Deps } from './auth.js';
import type { CalendarService } from './calendar.js';
import type { CatalogService } from './catalog.js';

// 监察统计 of the hall: facts caught up lazily from this counter's event log (it holds every case
// of its hall once synced), then the period report, on screen or as an Excel / CSV file.

export function createReportService(deps: Deps & { catalog: CatalogService; calendar: CalendarService }) {
  const { store, settings, now, catalog, calendar } = deps;
  let facts: ReportStore | null = null;
  const reports = (): ReportStore =>
    (facts ??= store.reports({
      async catalog(version) {
        try {
          return (await catalog.indexOf(version)).ix;
        } catch {
          return null;
        }
      },
      calendar: () => calendar.calendar(),
    }));

  async function report(clerk: ClerkRecord, q: ReportQuery): Promise<ReportResult> {
    const inst = installationOf(settings);
    if (q.hallCode !== undefined && q.hallCode !== inst.hallCode) {
      throw new AppError('FORBIDDEN', `本机只保存本大厅（${inst.hallName}）的办件，只能统计本大厅。需要其他大厅或全部大厅的报表，请使用中心服务的监察报表。`, {
        hallCode: q.hallCode,
      });
    }
    const { from, to } = periodRange(q.period);
    const caught = await reports().catchUp();
    const rows = await reports().query({ from, to, hallCode: inst.hallCode, groupBy: q.groupBy, today: calendar.today() });
    const ix = (await catalog.indexOf()).ix;
    let other: (key: string) => string = (k) => k;
    if (q.groupBy === 'clerk') {
      const names = new Map((await store.clerks.list()).map((c) => [c.id, `${c.name}（${c.staffNo}）`]));
      other = (k) => names.get(k) ?? `工作人员 ${k.slice(0, 8)}`;
    } else if (q.groupBy === 'counter') {
      // Other counters of the hall are known by the tag their case numbers carry.
      other = (k) => (k === inst.deviceId ? inst.counterName : `窗口 ${deviceTag(k)}`);
    }
    return assembleReport(
      rows,
      {
        period: q.period,
        from,
        to,
        groupBy: q.groupBy,
        hallCode: inst.hallCode,
        hallName: inst.hallName,
        generatedAt: new Date(now()).toISOString(),
        generatedBy: `${clerk.name}（${clerk.staffNo}）`,
        asOf: caught.asOf,
        calendarWarning: uncoveredYearsWarning(calendar.calendar().coverage(from, to).uncoveredYears),
      },
      catalogLabeler(ix, q.groupBy, other),
    );
  }

  return {
    report,
    async exportFile(clerk: ClerkRecord, q: ReportQuery & { format: ExportFormat }): Promise<ReportFile> {
      const { format, ...query } = q;
      const file = await reportFile(await report(clerk, query), format);
      return { fileName: file.fileName, mimeType: file.mimeType, base64: Buffer.from(file.bytes).toString('base64') };
    },
    /** Folds new events into the facts ahead of the next report (a periodic tick may call it). */
    catchUp: () => reports().catchUp(),
  };
}

export type ReportService = ReturnType<typeof createReportService>;
