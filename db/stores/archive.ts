import { sql, type Kysely, type Selectable } from 'kysely';
import type { ArchivePackagesTable, ClientDatabase } from '../schema.js';

// 电子化归档: which packages were written where, the sweep's mark (the last case-event seq it has
// looked past) and the cases whose package failed, with when to try again.

export interface ArchivePackageRecord {
  caseId: string;
  revision: number;
  caseNumber: string;
  folder: string;
  dir: string;
  eventSeq: number;
  finalState: string;
  endedAt: string;
  endedOn: string;
  manifestSha256: string;
  keyId: string;
  files: number;
  bytes: number;
  builtAt: string;
}

/** A finished case the sweep should look at. */
export interface ArchiveCandidate {
  caseId: string;
  lastEventSeq: number;
}

export interface ArchiveFailureRecord {
  caseId: string;
  caseNumber: string | null;
  attempts: number;
  message: string;
  nextAttemptAt: string;
}

export interface ArchiveStore {
  latest(caseId: string): Promise<ArchivePackageRecord | undefined>;
  record(p: ArchivePackageRecord): Promise<void>;
  /** Latest revision of each case that ended within [from, to] (China-local dates). */
  endedBetween(from: string, to: string): Promise<ArchivePackageRecord[]>;
  recent(limit: number): Promise<ArchivePackageRecord[]>;
  count(): Promise<number>;
  /** Finished cases whose last event is past the sweep's mark, oldest change first. */
  candidates(limit: number): Promise<ArchiveCandidate[]>;
  waiting(): Promise<number>;
  mark(): Promise<number>;
  /** Moves the mark forward (never back). */
  advance(seq: number): Promise<void>;
  failed(caseId: string, message: string, nextAttemptAt: string, at: string): Promise<number>;
  cleared(caseId: string): Promise<void>;
  /** Failed attempts so far (0 when none is recorded). */
  attempts(caseId: string): Promise<number>;
  /** Failures due for another try. */
  dueFailures(now: string, limit: number): Promise<string[]>;
  failures(limit: number): Promise<ArchiveFailureRecord[]>;
}

// Literal, not bound: SQLite uses the partial index cases_archive only when it can see the same list.
const FINAL = sql<boolean>`state in ('delivered', 'closed', 'refused', 'withdrawn')`;
const MARK = 'sweep_seq';

const toRecord = (r: Selectable<ArchivePackagesTable>): ArchivePackageRecord => ({
  caseId: r.case_id,
  revision: r.revision,
  caseNumber: r.case_number,
  folder: r.folder,
  dir: r.dir,
  eventSeq: r.event_seq,
  finalState: r.final_state,
  endedAt: r.ended_at,
  endedOn: r.ended_on,
  manifestSha256: r.manifest_sha256,
  keyId: r.key_id,
  files: r.files,
  bytes: r.bytes,
  builtAt: r.built_at,
});

export function createArchiveStore(db: Kysely<ClientDatabase>): ArchiveStore {
  const mark = async () => (await db.selectFrom('archive_marks').select('value').where('name', '=', MARK).executeTakeFirst())?.value ?? 0;
  return {
    async latest(caseId) {
      const r = await db.selectFrom('archive_packages').selectAll().where('case_id', '=', caseId).orderBy('revision', 'desc').limit(1).executeTakeFirst();
      return r && toRecord(r);
    },
    async record(p) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('archive_packages')
          .values({
            case_id: p.caseId,
            revision: p.revision,
            case_number: p.caseNumber,
            folder: p.folder,
            dir: p.dir,
            event_seq: p.eventSeq,
            final_state: p.finalState,
            ended_at: p.endedAt,
            ended_on: p.endedOn,
            manifest_sha256: p.manifestSha256,
            key_id: p.keyId,
            files: p.files,
            bytes: p.bytes,
            built_at: p.builtAt,
          })
          .execute();
        await trx.deleteFrom('archive_failures').where('case_id', '=', p.caseId).execute();
      });
    },
    async endedBetween(from, to) {
      const rows = await db
        .selectFrom('archive_packages as a')
        .selectAll('a')
        .where('a.ended_on', '>=', from)
        .where('a.ended_on', '<=', to)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('archive_packages as b').select('b.case_id').whereRef('b.case_id', '=', 'a.case_id').whereRef('b.revision', '>', 'a.revision'))),
        )
        .orderBy('a.ended_on')
        .orderBy('a.case_number')
        .execute();
      return rows.map(toRecord);
    },
    async recent(limit) {
      const rows = await db.selectFrom('archive_packages').selectAll().orderBy('built_at', 'desc').orderBy('case_number', 'desc').limit(limit).execute();
      return rows.map(toRecord);
    },
    async count() {
      const r = await db.selectFrom('archive_packages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async candidates(limit) {
      const rows = await db
        .selectFrom('cases')
        .select(['id', 'last_event_seq'])
        .where(FINAL)
        .where('last_event_seq', '>', await mark())
        .orderBy('last_event_seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ caseId: r.id, lastEventSeq: r.last_event_seq }));
    },
    async waiting() {
      const r = await db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(FINAL)
        .where('last_event_seq', '>', await mark())
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    mark,
    async advance(seq) {
      await db
        .insertInto('archive_marks')
        .values({ name: MARK, value: seq })
        .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`max(archive_marks.value, excluded.value)` }))
        .execute();
    },
    async failed(caseId, message, nextAttemptAt, at) {
      const prev = await db.selectFrom('archive_failures').select('attempts').where('case_id', '=', caseId).executeTakeFirst();
      const attempts = (prev?.attempts ?? 0) + 1;
      await db
        .insertInto('archive_failures')
        .values({ case_id: caseId, attempts, message, next_attempt_at: nextAttemptAt, updated_at: at })
        .onConflict((oc) => oc.column('case_id').doUpdateSet({ attempts, message, next_attempt_at: nextAttemptAt, updated_at: at }))
        .execute();
      return attempts;
    },
    async cleared(caseId) {
      await db.deleteFrom('archive_failures').where('case_id', '=', caseId).execute();
    },
    async attempts(caseId) {
      return (await db.selectFrom('archive_failures').select('attempts').where('case_id', '=', caseId).executeTakeFirst())?.attempts ?? 0;
    },
    async dueFailures(now, limit) {
      const rows = await db.selectFrom('archive_failures').select('case_id').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit).execute();
      return rows.map((r) => r.case_id);
    },
    async failures(limit) {
      const rows = await db
        .selectFrom('archive_failures as f')
        .leftJoin('cases as c', 'c.id', 'f.case_id')
        .select(['f.case_id', 'c.case_number', 'f.attempts', 'f.message', 'f.next_attempt_at'])
        .orderBy('f.updated_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ caseId: r.case_id, caseNumber: r.case_number ?? null, attempts: r.attempts, message: r.message, nextAttemptAt: r.next_attempt_at }));
    },
  };
}
