import { sql, type Expression, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { CatalogIndex } from '../shared/catalog-builders.js';
import type { Calendar } from '../shared/calendar.js';
import type { EventType } from '../shared/events.js';
import { addToHistogram, type GroupSums, type Histogram } from '../shared/reports/aggregate.js';
import { deriveFacts, type CaseFacts, type DerivedFacts, type FactEvent, type ItemFacts } from '../shared/reports/facts.js';
import type { ReportGrouping } from '../shared/reports/labels.js';

// 监察统计 on either store: the fact tables (report_cases / report_items), their lazy catch-up from
// the event log and the report queries. The counter's SQLite and the central SQLite/PostgreSQL
// share all of it; only reading events differs (clientEvents / centralEvents below).

export interface ReportCasesTable {
  case_id: string;
  hall_code: string;
  bundle_id: string;
  catalog_version: string;
  device_id: string;
  clerk_id: string | null;
  priority: string | null;
  accepted_date: string;
  ready_date: string | null;
  delivered_date: string | null;
  ready_days: number | null;
  delivery_days: number | null;
  on_time: number | null;
  corrections: number;
  item_count: number;
  withdrawn: number;
  pending_count: number;
  commitment_kept: number | null;
  commitment_due: string | null;
  rating: number | null;
  rectification: string | null;
  fields_merged: number;
  fields_separate: number;
  materials_submitted: number;
  materials_separate: number;
  materials_elicense: number;
  visits_made: number;
  visits_separate: number;
  promised_days: number;
  statutory_days: number;
  /** 帮办代办 records; proxy / home: 0 or 1. */
  assisted: number;
  proxy: number;
  home: number;
}

export interface ReportItemsTable {
  case_id: string;
  item_id: string;
  hall_code: string;
  accepted_date: string;
  department_id: string;
  state: string | null;
  decided_date: string | null;
  workdays: number | null;
  delivery_days: number | null;
  promised_days: number | null;
  statutory_days: number | null;
  on_time: number | null;
  corrections: number;
  /** 1 on the case's first item of this department. */
  dept_first: number;
  pending_count: number;
  commitment_kept: number | null;
  commitment_due: string | null;
  rating: number | null;
  rectification: string | null;
  priority: string | null;
  assisted: number;
  proxy: number;
  home: number;
}

export interface ReportCursorTable {
  name: string;
  value: number;
}

export interface ReportTables {
  report_cases: ReportCasesTable;
  report_items: ReportItemsTable;
  report_cursor: ReportCursorTable;
}

type Db = Kysely<ReportTables>;
type Tx = Transaction<ReportTables>;

/** How one store's event log is read; the rest of the catch-up is shared. */
export interface EventSource {
  /** Case ids touched by the events after `after` (at most `limit` events), the last seq read and its time. */
  changedCases(tx: Tx, after: number, limit: number): Promise<{ caseIds: string[]; last: number; lastAt: string | null }>;
  /** Every event of these cases, each case's in store order. */
  eventsOf(tx: Tx, caseIds: readonly string[]): Promise<Map<string, FactEvent[]>>;
  /** Serialises catch-ups across processes (PostgreSQL with several instances); no-op elsewhere. */
  lock?(tx: Tx): Promise<void>;
}

const CHUNK = 400;
function chunks<T>(xs: readonly T[], n = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

interface EventRow {
  seq: number;
  id: string;
  case_id: string | null;
  type: string;
  payload: string;
  actor_id: string | null;
  device_id: string;
  created_at: string;
}

function toFactEvent(r: EventRow): FactEvent {
  return { id: r.id, type: r.type as EventType, payload: JSON.parse(r.payload) as unknown, actorId: r.actor_id, deviceId: r.device_id, createdAt: r.created_at };
}

/** Both event tables have the same columns but for the sequence's name. */
function eventSource(seqColumn: 'seq' | 'server_seq', lock?: (tx: Tx) => Promise<void>): EventSource {
  return {
    async changedCases(tx, after, limit) {
      const { rows } = await sql<{ seq: number; case_id: string | null; created_at: string }>`
        select ${sql.ref(seqColumn)} as seq, case_id, created_at from events
        where ${sql.ref(seqColumn)} > ${after} order by ${sql.ref(seqColumn)} limit ${limit}`.execute(tx);
      const ids = new Set<string>();
      for (const r of rows) if (r.case_id !== null) ids.add(r.case_id);
      const lastRow = rows[rows.length - 1];
      return { caseIds: [...ids], last: lastRow ? Number(lastRow.seq) : after, lastAt: lastRow?.created_at ?? null };
    },
    async eventsOf(tx, caseIds) {
      const out = new Map<string, FactEvent[]>();
      for (const part of chunks(caseIds)) {
        const { rows } = await sql<EventRow>`
          select ${sql.ref(seqColumn)} as seq, id, case_id, type, payload, actor_id, device_id, created_at from events
          where case_id in (${sql.join(part)}) order by case_id, ${sql.ref(seqColumn)}`.execute(tx);
        for (const r of rows) {
          const list = out.get(r.case_id!) ?? [];
          list.push(toFactEvent(r));
          out.set(r.case_id!, list);
        }
      }
      return out;
    },
    ...(lock ? { lock } : {}),
  };
}

/** The counter's event log (seq). */
export const clientEvents = (): EventSource => eventSource('seq');
/** The central log (server_seq); on PostgreSQL instances take turns catching up. */
export const centralEvents = (dialect: 'sqlite' | 'postgres'): EventSource =>
  eventSource('server_seq', dialect === 'postgres' ? async (tx) => void (await sql`select pg_advisory_xact_lock(8701)`.execute(tx)) : undefined);

export interface FactDeps {
  /** The catalog version a case pinned; null when the store does not have it. */
  catalog(version: string): Promise<CatalogIndex | null>;
  calendar(): Calendar;
}

const CURSOR = 'facts';
const bool = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

function caseRow(f: CaseFacts): ReportCasesTable {
  return {
    case_id: f.caseId,
    hall_code: f.hallCode,
    bundle_id: f.bundleId,
    catalog_version: f.catalogVersion,
    device_id: f.deviceId,
    clerk_id: f.clerkId,
    priority: f.priority,
    accepted_date: f.acceptedDate,
    ready_date: f.readyDate,
    delivered_date: f.deliveredDate,
    ready_days: f.readyDays,
    delivery_days: f.deliveryDays,
    on_time: bool(f.onTime),
    corrections: f.corrections,
    item_count: f.itemCount,
    withdrawn: f.withdrawn ? 1 : 0,
    pending_count: f.pendingCount,
    commitment_kept: bool(f.commitmentKept),
    commitment_due: f.commitmentDue,
    rating: f.rating,
    rectification: f.rectification,
    fields_merged: f.fieldsMerged,
    fields_separate: f.fieldsSeparate,
    materials_submitted: f.materialsSubmitted,
    materials_separate: f.materialsSeparate,
    materials_elicense: f.materialsElicense,
    visits_made: f.visitsMade,
    visits_separate: f.visitsSeparate,
    promised_days: f.promisedDays,
    statutory_days: f.statutoryDays,
    assisted: f.assisted,
    proxy: f.proxy ? 1 : 0,
    home: f.home ? 1 : 0,
  };
}

function itemRows(d: DerivedFacts): ReportItemsTable[] {
  const seen = new Set<string>();
  return d.items.map((i) => {
    const first = !seen.has(i.departmentId);
    seen.add(i.departmentId);
    return itemRow(d.case, i, first);
  });
}

function itemRow(c: CaseFacts, i: ItemFacts, deptFirst: boolean): ReportItemsTable {
  return {
    case_id: i.caseId,
    item_id: i.itemId,
    hall_code: c.hallCode,
    accepted_date: c.acceptedDate,
    department_id: i.departmentId,
    state: i.state,
    decided_date: i.decidedDate,
    workdays: i.workdays,
    delivery_days: i.deliveryDays,
    promised_days: i.promisedDays,
    statutory_days: i.statutoryDays,
    on_time: bool(i.onTime),
    corrections: i.corrections,
    dept_first: deptFirst ? 1 : 0,
    pending_count: c.pendingCount,
    commitment_kept: bool(c.commitmentKept),
    commitment_due: c.commitmentDue,
    rating: c.rating,
    rectification: c.rectification,
    priority: c.priority,
    assisted: c.assisted,
    proxy: c.proxy ? 1 : 0,
    home: c.home ? 1 : 0,
  };
}

export interface CatchUpResult {
  events: number;
  cases: number;
  /** Time of the newest event folded in so far (this run or an earlier one). */
  asOf: string | null;
}

export function createReportStore(db: Db, source: EventSource, deps: FactDeps) {
  // One catch-up at a time in this process; across processes the source's lock (or SQLite's single writer).
  let running: Promise<unknown> = Promise.resolve();

  async function cursor(q: Db | Tx): Promise<number> {
    const r = await q.selectFrom('report_cursor').select('value').where('name', '=', CURSOR).executeTakeFirst();
    return r ? Number(r.value) : 0;
  }

  /** Writes the facts of these cases (deleting those no longer accepted). */
  async function writeFacts(tx: Tx, caseIds: readonly string[], derived: readonly DerivedFacts[]): Promise<void> {
    for (const part of chunks(caseIds)) {
      await tx.deleteFrom('report_items').where('case_id', 'in', part).execute();
      await tx.deleteFrom('report_cases').where('case_id', 'in', part).execute();
    }
    for (const part of chunks(derived, 200)) await tx.insertInto('report_cases').values(part.map((d) => caseRow(d.case))).execute();
    const items = derived.flatMap(itemRows);
    for (const part of chunks(items, 200)) await tx.insertInto('report_items').values(part).execute();
  }

  // Catalog versions never change once published; loaded outside the transaction (on SQLite the
  // transaction holds the only connection the catalog store would need).
  const catalogs = new Map<string, CatalogIndex | null>();

  /** One batch: the cases touched after the cursor, re-derived from all their events. */
  async function batch(limit: number): Promise<{ events: number; cases: number; lastAt: string | null; needCatalogs?: string[] }> {
    return db.transaction().execute(async (tx) => {
      await source.lock?.(tx);
      const after = await cursor(tx);
      const changed = await source.changedCases(tx, after, limit);
      if (changed.last === after) return { events: 0, cases: 0, lastAt: null };
      const events = await source.eventsOf(tx, changed.caseIds);
      const missing = new Set<string>();
      for (const list of events.values()) {
        const drafted = list.find((e) => e.type === 'case.drafted');
        const v = (drafted?.payload as { catalogVersion?: string } | undefined)?.catalogVersion;
        if (v && !catalogs.has(v)) missing.add(v);
      }
      if (missing.size > 0) return { events: 0, cases: 0, lastAt: null, needCatalogs: [...missing] };
      const ctx = { catalog: (v: string) => catalogs.get(v) ?? null, calendar: deps.calendar() };
      const derived: DerivedFacts[] = [];
      for (const id of changed.caseIds) {
        const f = deriveFacts(id, events.get(id) ?? [], ctx);
        if (f) derived.push(f);
      }
      await writeFacts(tx, changed.caseIds, derived);
      await tx
        .insertInto('report_cursor')
        .values({ name: CURSOR, value: changed.last })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: changed.last }))
        .execute();
      const lastAt = changed.lastAt ? Date.parse(changed.lastAt) : 0;
      await tx
        .insertInto('report_cursor')
        .values({ name: 'facts_at', value: lastAt })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: lastAt }))
        .execute();
      return { events: changed.last - after, cases: changed.caseIds.length, lastAt: changed.lastAt };
    });
  }

  return {
    /** Folds every event past the cursor into the facts, in batches of `batchEvents` events. */
    catchUp(opts: { batchEvents?: number; maxBatches?: number } = {}): Promise<CatchUpResult> {
      const run = running.then(async () => {
        let events = 0;
        let cases = 0;
        for (let i = 0; i < (opts.maxBatches ?? Infinity); i++) {
          const r = await batch(opts.batchEvents ?? 2000);
          if (r.needCatalogs) {
            for (const v of r.needCatalogs) catalogs.set(v, await deps.catalog(v));
            i--;
            continue;
          }
          if (r.events === 0) break;
          events += r.events;
          cases += r.cases;
        }
        const at = await db.selectFrom('report_cursor').select('value').where('name', '=', 'facts_at').executeTakeFirst();
        return { events, cases, asOf: at && Number(at.value) > 0 ? new Date(Number(at.value)).toISOString() : null };
      });
      running = run.catch(() => undefined);
      return run;
    },

    /** Drops every fact and the cursor: the next catch-up derives everything again (after a definition changes). */
    async reset(): Promise<void> {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('report_items').execute();
        await tx.deleteFrom('report_cases').execute();
        await tx.deleteFrom('report_cursor').execute();
      });
    },

    /** Bulk insert of ready-made facts (the benchmark's 1,000,000 cases); bypasses the event log. */
    async insertFacts(facts: readonly DerivedFacts[]): Promise<void> {
      await db.transaction().execute(async (tx) => {
        for (const part of chunks(facts, 200)) await tx.insertInto('report_cases').values(part.map((d) => caseRow(d.case))).execute();
        const items = facts.flatMap(itemRows);
        for (const part of chunks(items, 200)) await tx.insertInto('report_items').values(part).execute();
      });
    },

    query: (q: FactQuery) => queryFacts(db, q),
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;

export interface FactQuery {
  from: string;
  to: string;
  /** null: every hall. */
  hallCode: string | null;
  groupBy: ReportGrouping;
  /** Commitments still open past their deadline on this day count as broken. */
  today: string;
}

export interface FactQueryResult {
  groups: GroupSums[];
  ready: Map<string, Histogram>;
  delivery: Map<string, Histogram>;
  totals: GroupSums;
  totalReady: Histogram;
  totalDelivery: Histogram;
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const sumIf = (cond: RawBuilder<unknown>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;

const CASE_KEYS: Record<'bundle' | 'counter' | 'clerk', string> = { bundle: 'bundle_id', counter: 'device_id', clerk: 'clerk_id' };
const ITEM_KEYS: Record<'item' | 'department', string> = { item: 'item_id', department: 'department_id' };

function toSums(r: Record<string, unknown>, reform: boolean): GroupSums {
  return {
    key: r.key === null || r.key === undefined ? '' : String(r.key),
    cases: n(r.cases),
    items: n(r.items),
    ready: n(r.ready),
    delivered: n(r.delivered),
    onTime: n(r.on_time),
    late: n(r.late),
    corrections: n(r.corrections),
    pendingCases: n(r.pending_cases),
    commitmentsKept: n(r.kept),
    commitmentsBroken: n(r.broken),
    commitmentsOpen: n(r.open),
    rating5: n(r.r5),
    rating4: n(r.r4),
    rating3: n(r.r3),
    rating2: n(r.r2),
    rating1: n(r.r1),
    rectOpen: n(r.rect_open),
    rectVerified: n(r.rect_verified),
    rectRectified: n(r.rect_rectified),
    rectClosed: n(r.rect_closed),
    priorityCases: n(r.prio),
    priorityElderly: n(r.prio_elderly),
    priorityDisabled: n(r.prio_disabled),
    priorityPregnant: n(r.prio_pregnant),
    priorityServiceman: n(r.prio_serviceman),
    priorityOther: n(r.prio_other),
    assistedCases: n(r.assisted),
    proxyCases: n(r.proxy),
    homeCases: n(r.home),
    reform: reform
      ? {
          fieldsMerged: n(r.fields_merged),
          fieldsSeparate: n(r.fields_separate),
          materialsSubmitted: n(r.materials_submitted),
          materialsSeparate: n(r.materials_separate),
          materialsElicense: n(r.materials_elicense),
          visitsMade: n(r.visits_made),
          visitsSeparate: n(r.visits_separate),
          promisedDays: n(r.promised_days),
          statutoryDays: n(r.statutory_days),
        }
      : null,
  };
}

function mergeSums(rows: readonly GroupSums[], key = '__total__', reform = true): GroupSums {
  const t = toSums({ key }, reform);
  for (const r of rows) {
    for (const k of Object.keys(t) as (keyof GroupSums)[]) {
      if (k !== 'key' && k !== 'reform') (t[k] as number) += r[k] as number;
    }
    if (t.reform) for (const k of Object.keys(t.reform) as (keyof NonNullable<GroupSums['reform']>)[]) t.reform[k] += r.reform?.[k] ?? 0;
  }
  return t;
}

function mergeHistograms(hs: Iterable<Histogram>): Histogram {
  const out: Histogram = new Map();
  for (const h of hs) for (const [v, c] of h) addToHistogram(out, v, c);
  return out;
}

/**
 * Rows grouped by (key, ready days, delivery days) — one scan gives the sums and both histograms —
 * folded here into one GroupSums and two histograms per key.
 */
function fold(rows: readonly Record<string, unknown>[], reform: boolean) {
  const parts = new Map<string, GroupSums[]>();
  const ready = new Map<string, Histogram>();
  const delivery = new Map<string, Histogram>();
  const hist = (m: Map<string, Histogram>, key: string) => m.get(key) ?? m.set(key, new Map()).get(key)!;
  for (const r of rows) {
    const s = toSums(r, reform);
    (parts.get(s.key) ?? parts.set(s.key, []).get(s.key)!).push(s);
    const weight = n(r.n);
    if (r.rd !== null && r.rd !== undefined) addToHistogram(hist(ready, s.key), n(r.rd), weight);
    if (r.dd !== null && r.dd !== undefined) addToHistogram(hist(delivery, s.key), n(r.dd), weight);
  }
  const groups = [...parts].map(([key, list]) => mergeSums(list, key, reform));
  return { groups, ready, delivery };
}

async function queryFacts(db: Db, q: FactQuery): Promise<FactQueryResult> {
  const hall = (col: string) => (q.hallCode === null ? sql`1 = 1` : sql`${sql.ref(col)} = ${q.hallCode}`);
  const period = sql`accepted_date >= ${q.from} and accepted_date <= ${q.to}`;
  const broken = sql`commitment_kept = 0 or (commitment_kept is null and commitment_due < ${q.today})`;

  /** Figures that belong to the case (commitments, rating, rectification), counted by `count`. */
  const caseFigures = (count: (cond: RawBuilder<unknown>) => RawBuilder<number>) => sql`
    ${count(sql`pending_count > 0`)} as pending_cases, ${count(sql`commitment_kept = 1`)} as kept, ${count(broken)} as broken,
    ${count(sql`commitment_kept is null and commitment_due >= ${q.today}`)} as open,
    ${count(sql`rating = 5`)} as r5, ${count(sql`rating = 4`)} as r4, ${count(sql`rating = 3`)} as r3,
    ${count(sql`rating = 2`)} as r2, ${count(sql`rating = 1`)} as r1,
    ${count(sql`rectification = 'open'`)} as rect_open, ${count(sql`rectification = 'verified'`)} as rect_verified,
    ${count(sql`rectification = 'rectified'`)} as rect_rectified, ${count(sql`rectification = 'closed'`)} as rect_closed,
    ${count(sql`priority is not null`)} as prio, ${count(sql`priority = 'elderly'`)} as prio_elderly,
    ${count(sql`priority = 'disabled'`)} as prio_disabled, ${count(sql`priority = 'pregnant'`)} as prio_pregnant,
    ${count(sql`priority = 'serviceman'`)} as prio_serviceman,
    ${count(sql`priority is not null and priority not in ('elderly', 'disabled', 'pregnant', 'serviceman')`)} as prio_other,
    ${count(sql`assisted > 0`)} as assisted, ${count(sql`proxy = 1`)} as proxy, ${count(sql`home = 1`)} as home`;

  async function caseLevel(keyCol: string | null) {
    const key: Expression<unknown> = keyCol ? sql.ref(keyCol) : sql.lit('__total__');
    const groupKey = keyCol ? sql`${sql.ref(keyCol)}, ` : sql``;
    const { rows } = await sql<Record<string, unknown>>`
      select ${key} as key, ready_days as rd, delivery_days as dd, count(*) as n, count(*) as cases, sum(item_count) as items,
        ${sumIf(sql`ready_date is not null`)} as ready,
        ${sumIf(sql`delivered_date is not null`)} as delivered,
        ${sumIf(sql`on_time = 1`)} as on_time, ${sumIf(sql`on_time = 0`)} as late,
        sum(corrections) as corrections,
        ${caseFigures(sumIf)},
        sum(fields_merged) as fields_merged, sum(fields_separate) as fields_separate,
        sum(materials_submitted) as materials_submitted, sum(materials_separate) as materials_separate,
        sum(materials_elicense) as materials_elicense, sum(visits_made) as visits_made, sum(visits_separate) as visits_separate,
        sum(promised_days) as promised_days, sum(statutory_days) as statutory_days
      from report_cases where ${period} and ${hall('hall_code')}
      group by ${groupKey}ready_days, delivery_days`.execute(db);
    return fold(rows, true);
  }

  if (q.groupBy === 'bundle' || q.groupBy === 'counter' || q.groupBy === 'clerk') {
    const r = await caseLevel(CASE_KEYS[q.groupBy]);
    return {
      ...r,
      totals: mergeSums(r.groups),
      totalReady: mergeHistograms(r.ready.values()),
      totalDelivery: mergeHistograms(r.delivery.values()),
    };
  }

  const keyCol = ITEM_KEYS[q.groupBy];
  // A case counts once per row: every item row for items, its first item of the department for departments.
  const first = q.groupBy === 'item' ? sql`1 = 1` : sql`dept_first = 1`;
  const caseIf = (cond: RawBuilder<unknown>) => sumIf(sql`${first} and (${cond})`);
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.ref(keyCol)} as key, workdays as rd, delivery_days as dd, count(*) as n, ${sumIf(first)} as cases, count(*) as items,
      ${sumIf(sql`decided_date is not null`)} as ready,
      ${sumIf(sql`delivery_days is not null`)} as delivered,
      ${sumIf(sql`on_time = 1`)} as on_time, ${sumIf(sql`on_time = 0`)} as late,
      sum(corrections) as corrections,
      ${caseFigures(caseIf)}
    from report_items where ${period} and ${hall('hall_code')}
    group by ${sql.ref(keyCol)}, workdays, delivery_days`.execute(db);
  const items = fold(rows, false);
  const total = await caseLevel(null);
  return {
    ...items,
    totals: mergeSums(total.groups),
    totalReady: total.ready.get('__total__') ?? new Map(),
    totalDelivery: total.delivery.get('__total__') ?? new Map(),
  };
}
