import type { CaseRecord, ClientStore } from '../../db/index.js';
import type { MethodParsedInput } from '../../shared/api/contract.js';
import type { CaseDuplicate, DuplicatePair, DuplicatesView, PairSide } from '../../shared/api/duplicates.js';
import type { CatalogIndex } from '../../shared/catalog-builders.js';
import { CASE_STATE_LABELS, nextCaseState, type CaseState } from '../../shared/case-machine.js';
import {
  BLOCKING_STATES,
  duplicateMatch,
  mergeWithdrawReason,
  orderedPair,
  singleApplicationMessage,
  subjectOf,
  type CaseFacts,
} from '../../shared/duplicates.js';
import { AppError } from '../../shared/errors.js';
import type { NewEvent } from '../../shared/events.js';
import { deviceTag } from '../../shared/intake.js';
import { maskIdNumber } from '../../shared/validators.js';
import type { Deps } from './auth.js';
import type { CaseLocks } from './case-locks.js';
import type { CatalogService } from './catalog.js';

// 重复办件: the counter is told when the applicant already has an open case of the same bundle or
// item (and an item the catalog marks singleApplication is refused at acceptance); pairs that only
// meet after sync are listed for the supervisor, who keeps one (the other is withdrawn) or marks
// them distinct. Every decision is a duplicate.decided event, with the case.withdrawn it implies.

interface Clerk {
  id: string;
  name: string;
}

/** Pairs already decided or lapsed that the supervisor's list still shows. */
const HISTORY_SHOWN = 50;
const RECEIVED = new Set(['original', 'copy', 'scanned', 'elicense']);

type Catalogs = Pick<CatalogService, 'indexOf'>;

async function indexOr(catalog: Catalogs, version: string): Promise<CatalogIndex | null> {
  try {
    return (await catalog.indexOf(version)).ix;
  } catch {
    return null; // a version not on this device: names show by id
  }
}

const itemName = (ix: CatalogIndex | null, id: string) => {
  try {
    return ix ? ix.item(id).name : id;
  } catch {
    return id;
  }
};
const bundleName = (ix: CatalogIndex | null, id: string) => {
  try {
    return ix ? ix.bundle(id).name : id;
  } catch {
    return id;
  }
};

const factsOf = (rec: Pick<CaseRecord, 'id' | 'state' | 'bundleId' | 'itemIds' | 'applicantKind' | 'applicantIdNumber' | 'creditCode'>): CaseFacts => ({
  id: rec.id,
  state: rec.state,
  bundleId: rec.bundleId,
  itemIds: rec.itemIds,
  subject: subjectOf(rec),
});

/**
 * Other open cases of the applicant with the same bundle or a shared item, on this device, for the
 * case view at the counter. `ix` is the case's own catalog (item names and the singleApplication flag).
 */
export async function caseDuplicates(store: ClientStore, catalog: Catalogs, ix: CatalogIndex, rec: CaseRecord): Promise<CaseDuplicate[]> {
  const me = factsOf(rec);
  if (!me.subject) return [];
  const out: CaseDuplicate[] = [];
  for (const o of await store.duplicates.openOfSubject(me.subject, rec.id)) {
    const match = duplicateMatch(me, { id: o.id, state: o.state, bundleId: o.bundleId, itemIds: o.itemIds, subject: me.subject });
    if (!match) continue;
    const blocking = (BLOCKING_STATES as readonly string[]).includes(o.state);
    out.push({
      caseId: o.id,
      caseNumber: o.caseNumber,
      state: o.state as CaseState,
      bundleName: bundleName(await indexOr(catalog, o.catalogVersion), o.bundleId),
      createdAt: o.createdAt,
      sameBundle: match.sameBundle,
      sharedItems: match.sharedItemIds.map((i) => itemName(ix, i)),
      refusedItems: blocking ? match.sharedItemIds.filter((i) => single(ix, i)).map((i) => itemName(ix, i)) : [],
    });
  }
  return out;
}

function single(ix: CatalogIndex, itemId: string): boolean {
  try {
    return ix.item(itemId).singleApplication?.value === true;
  } catch {
    return false;
  }
}

/**
 * Refuses an acceptance when a chosen item may not be applied for twice and the applicant already
 * has an open case past the counter with it. The local store only: offline is normal here, and the
 * pairs that meet after sync go to the supervisor.
 */
export async function checkSingleApplication(store: ClientStore, ix: CatalogIndex, rec: CaseRecord): Promise<void> {
  const subject = subjectOf(rec);
  const flagged = rec.itemIds.filter((i) => single(ix, i));
  if (!subject || flagged.length === 0) return;
  for (const o of await store.duplicates.openOfSubject(subject, rec.id, { blocking: true })) {
    const hit = flagged.find((i) => o.itemIds.includes(i));
    if (hit) {
      throw new AppError('CONFLICT', singleApplicationMessage(itemName(ix, hit), o.caseNumber), { existingCaseId: o.id, existingCaseNumber: o.caseNumber, itemId: hit });
    }
  }
}

export interface DuplicateDeps extends Deps {
  catalog: Catalogs;
  withCaseLock: CaseLocks;
  deviceId: string;
}

export function createDuplicateService(deps: DuplicateDeps) {
  const { store, catalog, withCaseLock } = deps;

  async function clerkName(id: string | null): Promise<string> {
    if (!id) return '—';
    return (await store.clerks.byId(id))?.name ?? '其他设备的工作人员';
  }

  async function side(caseId: string, rec: CaseRecord | undefined): Promise<PairSide> {
    if (!rec) {
      return { caseId, known: false, caseNumber: null, state: null, bundleName: '—', items: [], applicantName: '—', idMasked: null, enterpriseName: null, creditCode: null, counter: '—', clerkName: '—', createdAt: null, materials: 0 };
    }
    const ix = await indexOr(catalog, rec.catalogVersion);
    const drafted = await store.duplicates.drafted(caseId);
    const counter = !drafted ? '—' : drafted.deviceId === deps.deviceId ? '本机' : `其他窗口（设备 ${deviceTag(drafted.deviceId)}）`;
    return {
      caseId,
      known: true,
      caseNumber: rec.caseNumber,
      state: rec.state as CaseState,
      bundleName: bundleName(ix, rec.bundleId),
      items: rec.itemIds.map((i) => itemName(ix, i)),
      applicantName: rec.applicantName || '—',
      idMasked: rec.applicantIdNumber ? maskIdNumber(rec.applicantIdNumber) : null,
      enterpriseName: rec.enterpriseName,
      creditCode: rec.creditCode,
      counter,
      clerkName: await clerkName(drafted?.actorId ?? null),
      createdAt: rec.createdAt,
      materials: Object.values(rec.data.materials).filter((m) => RECEIVED.has(m.status)).length,
    };
  }

  async function list(): Promise<DuplicatesView> {
    const pairs: DuplicatePair[] = [];
    for (const p of await store.duplicates.pairs(HISTORY_SHOWN)) {
      const [a, b] = [await store.cases.get(p.caseA), await store.cases.get(p.caseB)];
      const shared = a && b ? a.itemIds.filter((i) => b.itemIds.includes(i)) : [];
      const ix = a ? await indexOr(catalog, a.catalogVersion) : null;
      pairs.push({
        left: await side(p.caseA, a),
        right: await side(p.caseB, b),
        subjectKind: p.subjectKind,
        subjectMasked: p.subjectMasked,
        detectedAt: p.detectedAt,
        status: p.status,
        sameBundle: !!a && !!b && a.bundleId === b.bundleId,
        sharedItems: shared.map((i) => itemName(ix, i)),
        decision: p.decision,
        keepCaseId: p.keepCaseId,
        note: p.note,
        decidedBy: p.decidedBy ? await clerkName(p.decidedBy) : null,
        decidedAt: p.decidedAt,
      });
    }
    return { awaiting: pairs.filter((p) => p.status === 'awaiting').length, pairs };
  }

  const label = (rec: CaseRecord) => rec.caseNumber ?? '（草稿，尚未编号）';

  return {
    list,

    decide(clerk: Clerk, input: MethodParsedInput<'supervision.decideDuplicate'>): Promise<DuplicatesView> {
      const [a, b] = orderedPair(input.caseA, input.caseB);
      // Both cases, always in the same order: two decisions on overlapping pairs cannot deadlock.
      return withCaseLock(a, () =>
        withCaseLock(b, async () => {
          const pair = a === b ? undefined : await store.duplicates.pair(a, b);
          if (!pair) throw new AppError('NOT_FOUND', '没有找到这两件办件的重复记录，可能已被处理；请刷新列表。', { caseA: a, caseB: b });
          if (pair.status === 'decided') {
            throw new AppError('CONFLICT', `这两件办件已于 ${pair.decidedAt?.slice(0, 16).replace('T', ' ') ?? ''} 作出处理决定，请刷新列表查看。`);
          }
          if (pair.status === 'lapsed') throw new AppError('CONFLICT', '其中一件已撤回、不予受理或已出件，无需再作决定；请刷新列表。');
          const [recA, recB] = [await store.cases.get(a), await store.cases.get(b)];
          if (!recA || !recB) throw new AppError('NOT_FOUND', '本机缺少其中一件办件的记录，请先同步后再处理。');
          let events: NewEvent[];
          if (input.decision === 'merge') {
            if (input.keepCaseId !== a && input.keepCaseId !== b) throw new AppError('INVALID_INPUT', '请选择保留左侧还是右侧的办件。');
            const [keep, drop] = input.keepCaseId === a ? [recA, recB] : [recB, recA];
            if (nextCaseState(drop.state as CaseState, 'case.withdrawn') === null) {
              throw new AppError(
                'INVALID_TRANSITION',
                `办件 ${label(drop)} 当前为“${CASE_STATE_LABELS[drop.state as CaseState]}”，不能撤回；请改为保留该件，或选择“不是重复”。`,
                { caseId: drop.id, state: drop.state },
              );
            }
            events = [
              { type: 'duplicate.decided', caseId: drop.id, payload: { otherCaseId: keep.id, decision: 'merge', keepCaseId: keep.id, note: input.note } },
              { type: 'case.withdrawn', caseId: drop.id, payload: { reason: mergeWithdrawReason(keep.caseNumber) } },
            ];
          } else {
            if (input.keepCaseId !== null) throw new AppError('INVALID_INPUT', '选择“不是重复”时不保留或撤回任何一件。');
            events = [{ type: 'duplicate.decided', caseId: a, payload: { otherCaseId: b, decision: 'distinct', keepCaseId: null, note: input.note } }];
          }
          await store.events.append({ actorId: clerk.id }, events);
          return list();
        }),
      );
    },
  };
}

export type DuplicateService = ReturnType<typeof createDuplicateService>;
