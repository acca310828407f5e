import { sql, type Kysely } from 'kysely';
import { BLOCKING_STATES, DUPLICATE_OPEN_STATES, pairStatus, type PairStatus, type Subject } from '../../shared/duplicates.js';
import type { ClientDatabase } from '../schema.js';

// Read side of 重复办件: the open cases of one applicant (for the counter's hint and the
// single-application check) and the flagged pairs with the state of both cases (for the supervisor).

export interface SubjectCaseRecord {
  id: string;
  caseNumber: string | null;
  bundleId: string;
  catalogVersion: string;
  state: string;
  createdAt: string;
  itemIds: string[];
}

export interface PairRecord {
  caseA: string;
  caseB: string;
  subjectKind: 'person' | 'enterprise';
  subjectMasked: string;
  detectedAt: string;
  status: PairStatus;
  decision: 'merge' | 'distinct' | null;
  keepCaseId: string | null;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface DraftedRecord {
  deviceId: string;
  actorId: string | null;
  createdAt: string;
}

export function createDuplicateStore(db: Kysely<ClientDatabase>) {
  const pairQuery = () =>
    db
      .selectFrom('duplicate_pairs as p')
      .leftJoin('cases as a', 'a.id', 'p.case_a')
      .leftJoin('cases as b', 'b.id', 'p.case_b')
      .select([
        'p.case_a',
        'p.case_b',
        'p.subject_kind',
        'p.subject_masked',
        'p.detected_at',
        'p.status',
        'p.decision',
        'p.keep_case_id',
        'p.note',
        'p.decided_by',
        'p.decided_at',
        'a.state as state_a',
        'b.state as state_b',
      ]);
  type Row = Awaited<ReturnType<ReturnType<typeof pairQuery>['execute']>>[number];
  const toRecord = (r: Row): PairRecord => ({
    caseA: r.case_a,
    caseB: r.case_b,
    subjectKind: r.subject_kind as PairRecord['subjectKind'],
    subjectMasked: r.subject_masked,
    detectedAt: r.detected_at,
    status: pairStatus(r.status === 'decided', r.state_a ?? null, r.state_b ?? null),
    decision: r.decision as PairRecord['decision'],
    keepCaseId: r.keep_case_id,
    note: r.note,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  });
  /** Undecided pairs whose two cases are both still open. */
  const awaiting = () =>
    pairQuery()
      .where('p.status', '=', 'open')
      .where('a.state', 'in', DUPLICATE_OPEN_STATES)
      .where('b.state', 'in', DUPLICATE_OPEN_STATES);

  return {
    /**
     * Other open cases of the subject (newest first); `blocking` keeps only those past the counter's
     * decision, which a single-application item cannot be accepted next to.
     */
    async openOfSubject(subject: Subject, excludeId: string, opts: { blocking?: boolean } = {}): Promise<SubjectCaseRecord[]> {
      const column = subject.kind === 'enterprise' ? 'credit_code' : 'applicant_id_number';
      const rows = await db
        .selectFrom('cases')
        .select(['id', 'case_number', 'bundle_id', 'catalog_version', 'state', 'created_at'])
        .where(column, '=', subject.key)
        .where('applicant_kind', '=', subject.kind)
        .where('id', '!=', excludeId)
        .where('state', 'in', opts.blocking ? BLOCKING_STATES : DUPLICATE_OPEN_STATES)
        .orderBy('created_at', 'desc')
        .limit(50)
        .execute();
      const out: SubjectCaseRecord[] = [];
      for (const r of rows) {
        const items = await db.selectFrom('case_items').select('item_id').where('case_id', '=', r.id).orderBy('position').execute();
        out.push({ id: r.id, caseNumber: r.case_number, bundleId: r.bundle_id, catalogVersion: r.catalog_version, state: r.state, createdAt: r.created_at, itemIds: items.map((i) => i.item_id) });
      }
      return out;
    },

    /** Pairs waiting for a decision (oldest first), then the latest decided or lapsed ones. */
    async pairs(historyLimit: number): Promise<PairRecord[]> {
      const open = await awaiting().orderBy('p.detected_at').orderBy('p.case_a').execute();
      const rest = await pairQuery()
        .where((eb) =>
          eb.or([
            eb('p.status', '=', 'decided'),
            eb.not(eb.and([eb('a.state', 'in', DUPLICATE_OPEN_STATES), eb('b.state', 'in', DUPLICATE_OPEN_STATES)])),
            eb('a.state', 'is', null),
            eb('b.state', 'is', null),
          ]),
        )
        .orderBy(sql`coalesce(p.decided_at, p.detected_at)`, 'desc')
        .limit(historyLimit)
        .execute();
      return [...open, ...rest].map(toRecord);
    },

    async pair(caseA: string, caseB: string): Promise<PairRecord | undefined> {
      const r = await pairQuery().where('p.case_a', '=', caseA).where('p.case_b', '=', caseB).executeTakeFirst();
      return r ? toRecord(r) : undefined;
    },

    /** Pairs waiting for the supervisor: the board's figure. */
    async awaitingCount(): Promise<number> {
      const r = await db
        .selectFrom('duplicate_pairs as p')
        .innerJoin('cases as a', 'a.id', 'p.case_a')
        .innerJoin('cases as b', 'b.id', 'p.case_b')
        .select(sql<number>`count(*)`.as('n'))
        .where('p.status', '=', 'open')
        .where('a.state', 'in', DUPLICATE_OPEN_STATES)
        .where('b.state', 'in', DUPLICATE_OPEN_STATES)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    /** Where and by whom the case was started. */
    async drafted(caseId: string): Promise<DraftedRecord | undefined> {
      const r = await db
        .selectFrom('events')
        .select(['device_id', 'actor_id', 'created_at'])
        .where('case_id', '=', caseId)
        .where('type', '=', 'case.drafted')
        .limit(1)
        .executeTakeFirst();
      return r ? { deviceId: r.device_id, actorId: r.actor_id, createdAt: r.created_at } : undefined;
    },
  };
}

export type DuplicateStore = ReturnType<typeof createDuplicateStore>;
