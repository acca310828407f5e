import type { BoardWindow } from '../../db/index.js';
import { BOARD_LIST_LIMIT, DEVICE_OFFLINE_AFTER_MS, type Board } from '../../shared/api/board.js';
import type { SyncStatus } from '../../shared/api/sync.js';
import { AppError } from '../../shared/errors.js';
import { PRIORITY_REASONS, type PriorityReason } from '../../shared/intake.js';
import { problemExcerpt } from '../../shared/escalation.js';
import type { Deps } from './auth.js';
import type { CalendarService } from './calendar.js';
import type { CatalogService } from './catalog.js';
import type { RoutingService } from './routing.js';
import { CentralRefusal } from './sync/client.js';
import { NetworkError } from './sync/http.js';
import type { SyncService } from './sync/index.js';

// 电子监察 · 今日看板: today's figures of the hall for the supervisor, refreshed by the page every
// 30 s. Counts come from the board store (one index range each); red and yellow deadlines are the
// same computation as supervision.warnings; the hall's other devices are asked of the central service.

export interface BoardDeps extends Pick<Deps, 'store' | 'now'> {
  calendar: CalendarService;
  catalog: CatalogService;
  routing: Pick<RoutingService, 'warnings'>;
  sync: Pick<SyncService, 'status' | 'engine'>;
  deviceId: string;
  /** 材料流转 past their promised arrival (the proxy service; absent: none counted). */
  transfersOverdue?: () => Promise<number>;
}

/** Warnings read for the red / yellow counts; more than this shows as "at least". */
const WARNINGS_READ = 500;
const REJECTED_SHOWN = 5;
const HALL_TIMEOUT_MS = 4_000;

/** Start of a China date as the ISO instant events are stamped with. */
export function chinaDayStart(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00+08:00`)).toISOString();
}

function lanes(rows: readonly { priority: string | null; n: number }[]): Board['waiting']['intake'] {
  const byReason = Object.fromEntries(PRIORITY_REASONS.map((r) => [r, 0])) as Record<PriorityReason, number>;
  let total = 0;
  let priority = 0;
  for (const r of rows) {
    total += r.n;
    if (r.priority === null) continue;
    priority += r.n;
    // An unknown reason (a newer device's) still counts in the priority lane, under 其他.
    const key = (PRIORITY_REASONS as readonly string[]).includes(r.priority) ? (r.priority as PriorityReason) : 'other';
    byReason[key] += r.n;
  }
  return { total, priority, byReason };
}

export function createBoardService(deps: BoardDeps) {
  const { store, calendar, catalog } = deps;
  const board = store.board;

  async function bundleName(version: string, bundleId: string): Promise<string> {
    try {
      return (await catalog.indexOf(version)).ix.bundle(bundleId).name;
    } catch {
      return bundleId; // a version not on this device yet still shows by id
    }
  }

  async function hallDevices(status: SyncStatus): Promise<Board['devices']['hall']> {
    if (status.state === 'not_configured') return { reachable: false, reason: '本机未设置中心服务地址，无法查看大厅其他设备；请管理员在“同步”页设置。' };
    if (status.state === 'not_enrolled') return { reachable: false, reason: '本机尚未在中心服务登记，无法查看大厅其他设备；请管理员在“同步”页用启用码登记。' };
    try {
      const client = deps.sync.engine.client();
      if (!client) return { reachable: false, reason: '本机未设置中心服务地址，无法查看大厅其他设备。' };
      const r = await client.hallDevices(HALL_TIMEOUT_MS);
      const serverNow = Date.parse(r.now);
      const devices = r.devices
        .map((d) => ({
          id: d.id,
          label: d.label,
          lastSeenAt: d.lastSeenAt,
          offline: d.lastSeenAt === null || serverNow - Date.parse(d.lastSeenAt) > DEVICE_OFFLINE_AFTER_MS,
          self: d.id === deps.deviceId,
        }))
        // Offline first: that is what the supervisor looks for.
        .sort((a, b) => Number(b.offline) - Number(a.offline) || a.label.localeCompare(b.label, 'zh-CN'));
      return { reachable: true, checkedAt: new Date(deps.now()).toISOString(), offline: devices.filter((d) => d.offline).length, devices };
    } catch (err) {
      if (err instanceof NetworkError) return { reachable: false, reason: `无法连接中心服务（${err.code}），大厅其他设备的在线情况暂不可知；网络恢复后看板会自动更新。` };
      if (err instanceof CentralRefusal) return { reachable: false, reason: `中心服务未给出大厅设备：${err.message}` };
      if (err instanceof AppError) return { reachable: false, reason: err.message };
      throw err;
    }
  }

  /** 办不成事 反映窗口: open, overdue and resolved today, with the overdue ones listed. */
  async function escalationFigures(w: BoardWindow): Promise<Board['escalations']> {
    const [open, overdue, resolvedToday, rows] = await Promise.all([
      board.escalationsOpen(),
      board.escalationsOverdueCount(w),
      board.escalationsResolvedToday(w),
      board.escalationsOverdue(w, BOARD_LIST_LIMIT),
    ]);
    return {
      open,
      overdue,
      resolvedToday,
      overdueRows: rows.map((r) => ({ id: r.id, number: r.number, problem: problemExcerpt(r.problem), deadline: r.deadline, leadStaff: r.staff[0]?.name ?? null })),
    };
  }

  return {
    async board(): Promise<Board> {
      const today = calendar.today();
      const w: BoardWindow = { today, dayStart: chinaDayStart(today) };
      const status = await deps.sync.status();
      const [acceptedByLane, assists, waits] = await Promise.all([board.acceptedTodayByLane(w), board.assistsToday(w), board.queueWaitsToday(w)]);
      const [acceptedToday, inReview, correction, ready, deliveredToday, drafts, handover, overdueTotal, overdue, rejected, conflicts, latestRejected, warnings, hall] =
        await Promise.all([
          board.acceptedToday(w),
          board.inState('in_review'),
          board.inState('correction_requested'),
          board.inState('ready'),
          board.deliveredToday(w),
          board.draftsToday(w),
          board.handoverQueue(),
          board.overdueCommitmentsCount(w),
          board.overdueCommitments(w, BOARD_LIST_LIMIT),
          board.syncCount('rejected'),
          board.syncCount('conflict'),
          board.latestRejected(REJECTED_SHOWN),
          deps.routing.warnings({ limit: WARNINGS_READ }),
          hallDevices(status),
        ]);
      const cal = calendar.calendar();
      const rows: Board['overdueCommitments']['rows'] = [];
      for (const r of overdue) {
        rows.push({
          caseId: r.caseId,
          caseNumber: r.caseNumber,
          bundleName: await bundleName(r.catalogVersion, r.bundleId),
          applicant: r.enterpriseName || r.applicantName || '—',
          commitmentDeadline: r.commitmentDeadline,
          overdueWorkdays: Math.max(0, cal.workdaysBetween(r.commitmentDeadline, today).days),
          materials: (JSON.parse(r.pendingMaterials) as { name: string }[]).map((m) => m.name),
        });
      }
      return {
        today,
        generatedAt: new Date(deps.now()).toISOString(),
        cases: { acceptedToday, inReview, correction, ready, deliveredToday },
        waiting: { intake: lanes(drafts), delivery: lanes(handover) },
        assisted: {
          accepted: lanes(acceptedByLane),
          cases: assists.assistedCases,
          help: assists.help,
          proxy: assists.proxy,
          homeIntake: assists.homeIntake,
          homeDelivery: assists.homeDelivery,
        },
        queueWaits: {
          cases: waits.cases,
          issuedToCalled: waits.cases ? { avgSeconds: waits.issuedToCalledAvg, maxSeconds: waits.issuedToCalledMax } : null,
          calledToAccepted: waits.cases ? { avgSeconds: waits.calledToAcceptedAvg, maxSeconds: waits.calledToAcceptedMax } : null,
        },
        escalations: await escalationFigures(w),
        deadlines: { red: warnings.red.length, yellow: warnings.yellow.length, capped: warnings.red.length + warnings.yellow.length >= WARNINGS_READ },
        overdueCommitments: { total: overdueTotal, rows },
        duplicatesAwaiting: await store.duplicates.awaitingCount(),
        transfersOverdue: deps.transfersOverdue ? await deps.transfersOverdue() : 0,
        sync: {
          rejected,
          conflicts,
          latestRejected: latestRejected.map((e) => ({ eventId: e.eventId, caseId: e.caseId, caseNumber: e.caseNumber, type: e.type, code: e.code, reason: e.reason, at: e.updatedAt })),
        },
        devices: {
          self: { state: status.state, label: status.label, lastSuccessAt: status.lastSuccessAt, offline: status.state === 'offline' || status.state === 'error' },
          hall,
        },
        calendarWarning: warnings.calendarWarning,
      };
    },
  };
}

export type BoardService = ReturnType<typeof createBoardService>;
