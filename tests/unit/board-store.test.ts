import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openClientStore, type BoardWindow, type ClientStore } from '../../db/index.js';
import { tempDir } from '../helpers/tmp.js';
import { openRawDb } from '../../db/sqlite.js';

// The board's queries on a generated hall: every figure matches the count known from how the
// rows were made, and no query reads the whole cases table (EXPLAIN QUERY PLAN, with and without
// ANALYZE statistics) — the store holds up to a million cases.

const W: BoardWindow = { today: '2026-11-23', dayStart: '2026-11-22T16:00:00.000Z' };
const TODAY = '2026-11-23T02:00:00.000Z'; // 10:00 in the hall
const YESTERDAY = '2026-11-22T02:00:00.000Z';
const LAST_YEAR = '2025-06-01T02:00:00.000Z';
const N = 20_000;
const PER_KIND = N / 20;

/** What case i is: 20 kinds, N/20 cases each. */
function kindOf(i: number) {
  const k = i % 20;
  const base = { state: 'closed', created: LAST_YEAR, updated: LAST_YEAR, accepted: LAST_YEAR as string | null, priority: null as string | null, deadline: null as string | null, handover: 0, delivered: null as string | null };
  switch (k) {
    case 0: // taken in today, with the departments now
      return { ...base, state: 'in_review', created: TODAY, updated: TODAY, accepted: TODAY };
    case 1: // taken in yesterday
      return { ...base, state: 'in_review', created: YESTERDAY, updated: YESTERDAY, accepted: YESTERDAY };
    case 2: // ready at the delivery window; every other one in the priority lane
      return { ...base, state: 'ready', created: YESTERDAY, updated: YESTERDAY, accepted: YESTERDAY, handover: 1, priority: i % 40 === 2 ? 'elderly' : null };
    case 3: // handed over today
      return { ...base, state: 'delivered', created: YESTERDAY, updated: TODAY, accepted: YESTERDAY, delivered: TODAY };
    case 4: // handed over yesterday, rated today: not delivered today
      return { ...base, state: 'delivered', created: YESTERDAY, updated: TODAY, accepted: YESTERDAY, delivered: YESTERDAY };
    case 5: // a draft started today; every other one in the priority lane
      return { ...base, state: 'draft', created: TODAY, updated: TODAY, accepted: null, priority: i % 40 === 5 ? 'pregnant' : null };
    case 6: // a draft from yesterday touched today: not an applicant waiting today
      return { ...base, state: 'draft', created: YESTERDAY, updated: TODAY, accepted: null };
    case 7: // 容缺, commitment deadline passed
      return { ...base, state: 'in_review', created: YESTERDAY, updated: YESTERDAY, accepted: YESTERDAY, deadline: '2026-11-20' };
    case 8: // closed with the material never supplied: no longer on the board
      return { ...base, deadline: '2026-11-20' };
    case 9: // 容缺, due today: not overdue yet
      return { ...base, state: 'in_review', created: YESTERDAY, updated: YESTERDAY, accepted: YESTERDAY, deadline: '2026-11-23' };
    default:
      return base;
  }
}

describe('board store', () => {
  const open: { store: ClientStore; cleanup(): void }[] = [];
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.store.close();
      o.cleanup();
    }
  });

  async function generatedHall(): Promise<{ store: ClientStore; file: string }> {
    const t = tempDir();
    const file = join(t.dir, 'board.sqlite');
    const store = await openClientStore(file, 'dev-a', { synchronous: 'NORMAL' });
    open.push({ store, cleanup: t.cleanup });
    const raw = openRawDb(file);
    const insertCase = raw.prepare(
      `insert into cases (id, case_number, bundle_id, state, applicant_name, priority, pending_materials, commitment_deadline, created_at, updated_at, accepted_at, last_event_seq, handover_due)
       values (?, ?, 'hlj.newborn', ?, '申请人', ?, ?, ?, ?, ?, ?, 1, ?)`,
    );
    const insertVisit = raw.prepare(
      `insert into deliveries (visit_id, case_id, channel, item_ids, receipt_no, status, detail, created_at, updated_at) values (?, ?, 'window', '[]', ?, 'delivered', '{}', ?, ?)`,
    );
    const insertEvent = raw.prepare(
      `insert into events (id, case_id, type, payload, actor_id, device_id, hlc, created_at, prev_hash, hash) values (?, ?, 'case.draft_updated', '{}', null, 'dev-a', ?, ?, '', '')`,
    );
    const insertSync = raw.prepare(`insert into sync_events (event_id, status, server_seq, code, reason, updated_at) values (?, ?, null, ?, ?, ?)`);
    raw.transaction(() => {
      for (let i = 0; i < N; i++) {
        const k = kindOf(i);
        const id = `case-${String(i).padStart(6, '0')}`;
        const pending = k.deadline ? JSON.stringify([{ key: 'resolution', name: '股东会决议', deadline: k.deadline }]) : '[]';
        insertCase.run(id, k.accepted ? `N-${i}` : null, k.state, k.priority, pending, k.deadline, k.created, k.updated, k.accepted, k.handover);
        if (k.delivered) insertVisit.run(`visit-${i}`, id, `R-${i}`, k.delivered, k.delivered);
      }
      // Three rejected events (the newest on case 0) and two conflicts.
      for (const [n, status, at] of [
        [1, 'rejected', YESTERDAY],
        [2, 'rejected', LAST_YEAR],
        [0, 'rejected', TODAY],
        [3, 'conflict', TODAY],
        [4, 'conflict', TODAY],
      ] as const) {
        insertEvent.run(`ev-${n}`, `case-${String(n).padStart(6, '0')}`, `${String(Date.parse(at)).padStart(15, '0')}:${String(n).padStart(6, '0')}:dev-a`, at);
        insertSync.run(`ev-${n}`, status, status === 'rejected' ? 'INVALID_TRANSITION' : 'CONFLICT', '状态不允许', at);
      }
    })();
    raw.close();
    return { store, file };
  }

  it('gives the counts the generated hall was made with', async () => {
    const { store } = await generatedHall();
    const b = store.board;
    expect(await b.acceptedToday(W)).toBe(PER_KIND);
    expect(await b.inState('in_review')).toBe(4 * PER_KIND); // kinds 0, 1, 7, 9
    expect(await b.inState('ready')).toBe(PER_KIND);
    expect(await b.inState('correction_requested')).toBe(0);
    expect(await b.deliveredToday(W)).toBe(PER_KIND);
    const sortLanes = (rows: { priority: string | null; n: number }[]) => [...rows].sort((x, y) => String(x.priority).localeCompare(String(y.priority)));
    expect(sortLanes(await b.draftsToday(W))).toEqual([
      { priority: null, n: PER_KIND / 2 },
      { priority: 'pregnant', n: PER_KIND / 2 },
    ]);
    expect(sortLanes(await b.handoverQueue())).toEqual([
      { priority: 'elderly', n: PER_KIND / 2 },
      { priority: null, n: PER_KIND / 2 },
    ]);
    expect(await b.overdueCommitmentsCount(W)).toBe(PER_KIND);
    const overdue = await b.overdueCommitments(W, 3);
    expect(overdue.map((r) => r.caseId)).toEqual(['case-000007', 'case-000027', 'case-000047']);
    expect(overdue[0]).toMatchObject({ commitmentDeadline: '2026-11-20', caseNumber: 'N-7' });
    expect(await b.syncCount('rejected')).toBe(3);
    expect(await b.syncCount('conflict')).toBe(2);
    const rejected = await b.latestRejected(2);
    expect(rejected.map((r) => [r.eventId, r.caseNumber])).toEqual([
      ['ev-0', 'N-0'],
      ['ev-1', 'N-1'],
    ]);
  });

  it('reads every figure through an index, never the whole cases table', async () => {
    const { store, file } = await generatedHall();
    const check = (plans: Record<string, string[]>) => {
      expect(Object.keys(plans).length).toBeGreaterThanOrEqual(12);
      for (const [figure, lines] of Object.entries(plans)) {
        for (const line of lines) {
          // SCAN is a read of a whole table or index; SEARCH is a range of an index.
          expect(line, `${figure}: ${line}`).not.toMatch(/^SCAN /);
          if (/^SEARCH (cases|c) /.test(line)) expect(line, `${figure}: ${line}`).toMatch(/USING (COVERING )?INDEX (cases_state|cases_handover|sqlite_autoindex_cases_1) \(/);
        }
      }
    };
    check(await store.board.plans(W));
    // With the statistics a maintenance run may have gathered, the planner still keeps to the ranges.
    const raw = openRawDb(file);
    raw.exec('analyze');
    raw.close();
    await store.close();
    const again = await openClientStore(file, 'dev-a', { synchronous: 'NORMAL' });
    open[0]!.store = again;
    check(await again.board.plans(W));
  });
});
