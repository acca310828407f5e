import { CompiledQuery, sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { ClientDatabase } from '../schema.js';
import { ESCALATION_ACTIVE_STATES } from '../../shared/escalation.js';

// The supervision board's figures (电子监察 · 今日看板). One query per figure, each an index range:
// `cases_state (state, updated_at)` for states and today's activity (every case event stamps
// updated_at, so whatever happened to a case today lies in the range updated_at >= start of day),
// `cases_handover` for the delivery queue and `sync_events_status` for rejected events.
// The store holds up to a million cases; `plans()` lets a test prove that no query scans them all.

/** States a case can be in after its first acceptance. */
const AFTER_ACCEPTANCE = ['accepted', 'in_review', 'ready', 'delivered', 'closed', 'withdrawn', 'correction_requested', 'refused'] as const;
/** States in which a pending material can still be supplied (case.material_supplied) or is owed. */
const OPEN_STATES = ['accepted', 'in_review', 'ready', 'correction_requested'] as const;

type SyncTables = { sync_events: { event_id: string; status: string; code: string | null; reason: string | null; updated_at: string } };
type Db = Kysely<ClientDatabase & SyncTables>;

export interface BoardWindow {
  /** Today's date in China (YYYY-MM-DD): commitment deadlines are dates. */
  today: string;
  /** Start of today in China as an ISO instant (UTC), as event times are stored. */
  dayStart: string;
}

export interface LaneCount {
  priority: string | null;
  n: number;
}

export interface AssistDayCounts {
  /** Distinct cases with a 帮办代办 record made today, and by mode. */
  assistedCases: number;
  help: number;
  proxy: number;
  /** Home visits recorded today (上门收件 / 上门送达). */
  homeIntake: number;
  homeDelivery: number;
}

/** Waits of today's accepted cases that came with a queue ticket, in seconds. */
export interface QueueWaitCounts {
  cases: number;
  issuedToCalledAvg: number;
  issuedToCalledMax: number;
  calledToAcceptedAvg: number;
  calledToAcceptedMax: number;
}

export interface OverdueCommitmentRecord {
  caseId: string;
  caseNumber: string | null;
  bundleId: string;
  catalogVersion: string;
  applicantName: string;
  enterpriseName: string | null;
  commitmentDeadline: string;
  /** JSON [{ key, name, deadline }] */
  pendingMaterials: string;
}

/** 办不成事 past its deadline, not yet resolved. */
export interface OverdueEscalationRecord {
  id: string;
  number: string;
  problem: string;
  deadline: string;
  /** The lead first. */
  staff: { name: string }[];
}

export interface RejectedEventRecord {
  eventId: string;
  caseId: string | null;
  caseNumber: string | null;
  type: string;
  code: string | null;
  reason: string | null;
  updatedAt: string;
}

const n = (v: unknown) => Number(v ?? 0);

export function createBoardStore(base: Kysely<ClientDatabase>) {
  const db = base.withTables<SyncTables>() as Db;

  // Builders, so that `plans()` explains exactly what the figures run.
  const q = {
    acceptedToday: (w: BoardWindow) =>
      db
        .selectFrom('cases')
        .select(sql<number>`count(*)`.as('n'))
        .where('state', 'in', AFTER_ACCEPTANCE)
        .where('updated_at', '>=', w.dayStart)
        .where('accepted_at', '>=', w.dayStart),
    /** acceptedToday split by 绿色通道 reason (null: the normal lane). */
    acceptedTodayByLane: (w: BoardWindow) =>
      db
        .selectFrom('cases')
        .select(['priority', sql<number>`count(*)`.as('n')])
        .where('state', 'in', AFTER_ACCEPTANCE)
        .where('updated_at', '>=', w.dayStart)
        .where('accepted_at', '>=', w.dayStart)
        .groupBy('priority'),
    /** 帮办代办 (distinct cases, by mode) and 上门服务 recorded today: one range of case_assists_created. */
    assistsToday: (w: BoardWindow) =>
      db
        .selectFrom('case_assists')
        .select([
          sql<number>`count(distinct case when kind = 'assist' then case_id end)`.as('cases'),
          sql<number>`count(distinct case when kind = 'assist' and mode = 'help' then case_id end)`.as('help'),
          sql<number>`count(distinct case when kind = 'assist' and mode = 'proxy' then case_id end)`.as('proxy'),
          sql<number>`sum(case when kind = 'intake' then 1 else 0 end)`.as('home_intake'),
          sql<number>`sum(case when kind = 'delivery' then 1 else 0 end)`.as('home_delivery'),
        ])
        .where('created_at', '>=', w.dayStart),
    /** Same range as acceptedToday; julianday() reads the stored ISO instants (a clock skew never makes a wait negative). */
    queueWaitsToday: (w: BoardWindow) =>
      db
        .selectFrom('cases')
        .select([
          sql<number>`count(*)`.as('n'),
          sql<number>`avg(max(0, julianday(ticket_called_at) - julianday(ticket_issued_at)) * 86400)`.as('wait_avg'),
          sql<number>`max(max(0, julianday(ticket_called_at) - julianday(ticket_issued_at)) * 86400)`.as('wait_max'),
          sql<number>`avg(max(0, julianday(accepted_at) - julianday(ticket_called_at)) * 86400)`.as('serve_avg'),
          sql<number>`max(max(0, julianday(accepted_at) - julianday(ticket_called_at)) * 86400)`.as('serve_max'),
        ])
        .where('state', 'in', AFTER_ACCEPTANCE)
        .where('updated_at', '>=', w.dayStart)
        .where('accepted_at', '>=', w.dayStart)
        .where('ticket_called_at', 'is not', null),
    /** 办不成事 being worked on, and the overdue among them: ranges of escalations_state (state, deadline). */
    escalationsOpen: () => db.selectFrom('escalations').select(sql<number>`count(*)`.as('n')).where('state', 'in', ESCALATION_ACTIVE_STATES),
    escalationsOverdueCount: (w: BoardWindow) =>
      db.selectFrom('escalations').select(sql<number>`count(*)`.as('n')).where('state', 'in', ESCALATION_ACTIVE_STATES).where('deadline', '<', w.today),
    escalationsOverdue: (w: BoardWindow, limit: number) =>
      db
        .selectFrom('escalations')
        .select(['id', 'number', 'problem', 'deadline', 'staff'])
        .where('state', 'in', ESCALATION_ACTIVE_STATES)
        .where('deadline', '<', w.today)
        .orderBy('deadline')
        .orderBy('id')
        .limit(limit),
    /** Resolutions recorded today (escalations_resolved); a record reopened since no longer counts. */
    escalationsResolvedToday: (w: BoardWindow) => db.selectFrom('escalations').select(sql<number>`count(*)`.as('n')).where('resolved_at', '>=', w.dayStart),
    inState: (state: string) => db.selectFrom('cases').select(sql<number>`count(*)`.as('n')).where('state', '=', state),
    deliveredToday: (w: BoardWindow) =>
      db
        .selectFrom('cases as c')
        .select(sql<number>`count(*)`.as('n'))
        .where('c.state', 'in', ['delivered', 'closed'])
        .where('c.updated_at', '>=', w.dayStart)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('deliveries as d')
              .select('d.visit_id')
              .whereRef('d.case_id', '=', 'c.id')
              .where('d.status', '=', 'delivered')
              .where('d.updated_at', '>=', w.dayStart),
          ),
        ),
    draftsToday: (w: BoardWindow) =>
      db
        .selectFrom('cases')
        .select(['priority', sql<number>`count(*)`.as('n')])
        .where('state', '=', 'draft')
        .where('updated_at', '>=', w.dayStart)
        .where('created_at', '>=', w.dayStart)
        .groupBy('priority'),
    handoverQueue: () => db.selectFrom('cases').select(['priority', sql<number>`count(*)`.as('n')]).where('handover_due', '=', 1).groupBy('priority'),
    overdueCommitmentsCount: (w: BoardWindow) =>
      db.selectFrom('cases').select(sql<number>`count(*)`.as('n')).where('state', 'in', OPEN_STATES).where('commitment_deadline', '<', w.today),
    overdueCommitments: (w: BoardWindow, limit: number) =>
      db
        .selectFrom('cases')
        .select(['id', 'case_number', 'bundle_id', 'catalog_version', 'applicant_name', 'enterprise_name', 'commitment_deadline', 'pending_materials'])
        .where('state', 'in', OPEN_STATES)
        .where('commitment_deadline', '<', w.today)
        .orderBy('commitment_deadline')
        .orderBy('id')
        .limit(limit),
    syncCount: (status: 'rejected' | 'conflict') => db.selectFrom('sync_events').select(sql<number>`count(*)`.as('n')).where('status', '=', status),
    latestRejected: (limit: number) =>
      db
        .selectFrom('sync_events as s')
        .innerJoin('events as e', 'e.id', 's.event_id')
        .leftJoin('cases as c', 'c.id', 'e.case_id')
        .select(['s.event_id', 's.code', 's.reason', 's.updated_at', 'e.case_id', 'e.type', 'c.case_number'])
        .where('s.status', '=', 'rejected')
        .orderBy('s.updated_at', 'desc')
        .limit(limit),
  };

  const one = async (b: SelectQueryBuilder<any, any, { n: number }>) => n((await b.executeTakeFirst())?.n);

  return {
    acceptedToday: (w: BoardWindow) => one(q.acceptedToday(w)),
    inState: (state: 'in_review' | 'ready' | 'correction_requested') => one(q.inState(state)),
    deliveredToday: (w: BoardWindow) => one(q.deliveredToday(w)),
    async draftsToday(w: BoardWindow): Promise<LaneCount[]> {
      return (await q.draftsToday(w).execute()).map((r) => ({ priority: r.priority, n: n(r.n) }));
    },
    async assistsToday(w: BoardWindow): Promise<AssistDayCounts> {
      const r = await q.assistsToday(w).executeTakeFirst();
      return { assistedCases: n(r?.cases), help: n(r?.help), proxy: n(r?.proxy), homeIntake: n(r?.home_intake), homeDelivery: n(r?.home_delivery) };
    },
    async queueWaitsToday(w: BoardWindow): Promise<QueueWaitCounts> {
      const r = await q.queueWaitsToday(w).executeTakeFirst();
      const s = (v: unknown) => Math.round(n(v));
      return { cases: n(r?.n), issuedToCalledAvg: s(r?.wait_avg), issuedToCalledMax: s(r?.wait_max), calledToAcceptedAvg: s(r?.serve_avg), calledToAcceptedMax: s(r?.serve_max) };
    },
    async acceptedTodayByLane(w: BoardWindow): Promise<LaneCount[]> {
      return (await q.acceptedTodayByLane(w).execute()).map((r) => ({ priority: r.priority, n: n(r.n) }));
    },
    async handoverQueue(): Promise<LaneCount[]> {
      return (await q.handoverQueue().execute()).map((r) => ({ priority: r.priority, n: n(r.n) }));
    },
    overdueCommitmentsCount: (w: BoardWindow) => one(q.overdueCommitmentsCount(w)),
    escalationsOpen: () => one(q.escalationsOpen()),
    escalationsOverdueCount: (w: BoardWindow) => one(q.escalationsOverdueCount(w)),
    escalationsResolvedToday: (w: BoardWindow) => one(q.escalationsResolvedToday(w)),
    async escalationsOverdue(w: BoardWindow, limit: number): Promise<OverdueEscalationRecord[]> {
      const rows = await q.escalationsOverdue(w, limit).execute();
      return rows.map((r) => ({ id: r.id, number: r.number, problem: r.problem, deadline: r.deadline!, staff: JSON.parse(r.staff) as { name: string }[] }));
    },
    async overdueCommitments(w: BoardWindow, limit: number): Promise<OverdueCommitmentRecord[]> {
      const rows = await q.overdueCommitments(w, limit).execute();
      return rows.map((r) => ({
        caseId: r.id,
        caseNumber: r.case_number,
        bundleId: r.bundle_id,
        catalogVersion: r.catalog_version,
        applicantName: r.applicant_name,
        enterpriseName: r.enterprise_name,
        commitmentDeadline: r.commitment_deadline!,
        pendingMaterials: r.pending_materials,
      }));
    },
    syncCount: (status: 'rejected' | 'conflict') => one(q.syncCount(status)),
    async latestRejected(limit: number): Promise<RejectedEventRecord[]> {
      const rows = await q.latestRejected(limit).execute();
      return rows.map((r) => ({
        eventId: r.event_id,
        caseId: r.case_id,
        caseNumber: r.case_number ?? null,
        type: r.type,
        code: r.code,
        reason: r.reason,
        updatedAt: r.updated_at,
      }));
    },

    /** EXPLAIN QUERY PLAN of every board query: figure name → the plan's detail lines. */
    async plans(w: BoardWindow): Promise<Record<string, string[]>> {
      const all: Record<string, { compile(): CompiledQuery }> = {
        acceptedToday: q.acceptedToday(w),
        inReview: q.inState('in_review'),
        ready: q.inState('ready'),
        correction: q.inState('correction_requested'),
        deliveredToday: q.deliveredToday(w),
        draftsToday: q.draftsToday(w),
        handoverQueue: q.handoverQueue(),
        acceptedTodayByLane: q.acceptedTodayByLane(w),
        assistsToday: q.assistsToday(w),
        queueWaitsToday: q.queueWaitsToday(w),
        overdueCommitmentsCount: q.overdueCommitmentsCount(w),
        overdueCommitments: q.overdueCommitments(w, 50),
        escalationsOpen: q.escalationsOpen(),
        escalationsOverdueCount: q.escalationsOverdueCount(w),
        escalationsOverdue: q.escalationsOverdue(w, 50),
        escalationsResolvedToday: q.escalationsResolvedToday(w),
        rejected: q.syncCount('rejected'),
        conflicts: q.syncCount('conflict'),
        latestRejected: q.latestRejected(5),
      };
      const out: Record<string, string[]> = {};
      for (const [name, b] of Object.entries(all)) {
        const c = b.compile();
        const r = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]));
        out[name] = r.rows.map((x) => x.detail);
      }
      return out;
    },
  };
}

export type BoardStore = ReturnType<typeof createBoardStore>;
