import type { CaseRecord, TransferRecord } from '../../db/index.js';
import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import type { CaseView } from '../../shared/api/intake.js';
import type { CaseTransfers, TransferView } from '../../shared/api/proxy.js';
import { CASE_STATE_LABELS, type CaseState, type ItemState } from '../../shared/case-machine.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { decidingChoices, proxyView, transferDueOn, transferSendAllowed, transferStatus } from '../../shared/proxy.js';
import { installationOf, type Deps } from './auth.js';
import type { CalendarService } from './calendar.js';
import type { CaseLocks } from './case-locks.js';
import type { CatalogService } from './catalog.js';

// 代收代办 (全省通办 · 跨省通办) and 材料流转: the counter marks a draft as taken in for another
// division (the central service then routes its items to that division's departments only); after
// acceptance the originals go by courier with a packing list, and the deciding side confirms them.

interface Clerk {
  id: string;
  name: string;
}

export interface ProxyDeps extends Deps {
  catalog: Pick<CatalogService, 'indexOf'>;
  calendar: Pick<CalendarService, 'today' | 'addWorkdays'>;
  withCaseLock: CaseLocks;
  /** The case screen's view after a change (intake's, not audited as an opening). */
  caseView(caseId: string): Promise<CaseView>;
}

/** Open transfers read for the pending list. */
const PENDING_LIMIT = 200;

export function createProxyService(deps: ProxyDeps) {
  const { store, settings, catalog, calendar, withCaseLock } = deps;
  const hall = () => installationOf(settings);

  async function loadCase(caseId: string): Promise<CaseRecord> {
    const rec = await store.cases.get(caseId);
    if (!rec) throw new AppError('NOT_FOUND', '找不到该办件，请核对办件编号后重试。', { caseId });
    return rec;
  }

  async function jurisdictionList() {
    return (await catalog.indexOf()).ix.catalog.jurisdictions ?? [];
  }

  async function itemStates(caseId: string): Promise<(ItemState | null)[]> {
    return (await store.items.ofCase(caseId)).map((i) => i.state);
  }

  async function clerkName(id: string | null): Promise<string> {
    if (!id) return '—';
    return (await store.clerks.byId(id))?.name ?? '其他设备的工作人员';
  }

  async function transferView(t: TransferRecord, today: string): Promise<TransferView> {
    return {
      id: t.id,
      lines: t.lines,
      courier: t.courier,
      trackingNo: t.trackingNo,
      sentOn: t.sentOn,
      dueOn: t.dueOn,
      sentBy: await clerkName(t.sentActor),
      status: transferStatus(t, today),
      receivedOn: t.receivedOn,
      receivedBy: t.receivedBy,
      discrepancy: t.discrepancy,
      late: t.receivedOn !== null && t.receivedOn > t.dueOn,
    };
  }

  async function list(caseId: string): Promise<CaseTransfers> {
    const rec = await loadCase(caseId);
    const proxy = await store.transfers.proxyOf(caseId);
    const today = calendar.today();
    const here = hall().hallCode;
    const transfers = [];
    for (const t of await store.transfers.ofCase(caseId)) transfers.push(await transferView(t, today));
    return {
      caseId,
      caseNumber: rec.caseNumber,
      state: rec.state as CaseState,
      proxy: proxy ? proxyView(proxy.hallCode, proxy) : null,
      transfers,
      canSend: !!proxy && rec.hallCode === here && transferSendAllowed(rec.state as CaseState, await itemStates(caseId)),
      canReceive: !!proxy && proxy.decidingCode === here && transfers.some((t) => t.status !== 'received'),
      today,
    };
  }

  return {
    list,

    async jurisdictions(): Promise<MethodOutput<'proxy.jurisdictions'>> {
      const own = hall().hallCode;
      const all = await jurisdictionList();
      return {
        ownCode: own,
        ownName: all.find((j) => j.code === own)?.name ?? null,
        choices: decidingChoices(all, own).map((j) => ({ code: j.code, name: j.name, province: j.province, level: j.level, scope: j.scope })),
      };
    },

    async set(clerk: Clerk, input: MethodParsedInput<'proxy.set'>): Promise<CaseView> {
      await withCaseLock(input.caseId, async () => {
        const rec = await loadCase(input.caseId);
        if (input.expectedSeq !== undefined && rec.lastEventSeq !== input.expectedSeq) {
          throw new AppError('CONFLICT', '该办件刚被更新（可能在另一窗口操作），请查看最新内容后再操作。', { lastEventSeq: rec.lastEventSeq });
        }
        const inst = hall();
        if (rec.hallCode !== inst.hallCode) throw new AppError('FORBIDDEN', '该办件不是本大厅收件的，不能设置代收代办。');
        if (rec.state !== 'draft') {
          throw new AppError('INVALID_TRANSITION', `代收代办只能在收件草稿阶段设置或取消；该办件当前为“${CASE_STATE_LABELS[rec.state as CaseState]}”。`);
        }
        const current = await store.transfers.proxyOf(rec.id);
        if (input.decidingCode === null) {
          if (!current) return;
          await store.events.append({ actorId: clerk.id }, [{ type: 'case.draft_updated', caseId: rec.id, payload: { proxy: null } }]);
          return;
        }
        if (input.decidingCode === inst.hallCode) {
          throw new AppError('INVALID_INPUT', `作出决定地不能是本大厅所在地（${inst.hallCode}）；本地办理的办件无需代收代办。`, { field: 'decidingCode' });
        }
        const j = (await jurisdictionList()).find((x) => x.code === input.decidingCode);
        if (!j) throw new AppError('INVALID_INPUT', `区划代码 ${input.decidingCode} 不在服务目录的通办地区清单中，请从列表中选择作出决定地。`, { field: 'decidingCode' });
        if (current?.decidingCode === j.code) return;
        await store.events.append({ actorId: clerk.id }, [
          { type: 'case.draft_updated', caseId: rec.id, payload: { proxy: { decidingCode: j.code, decidingName: j.name, takenInName: inst.hallName.slice(0, 100) } } },
        ]);
      });
      return deps.caseView(input.caseId);
    },

    async send(clerk: Clerk, input: MethodParsedInput<'transfer.send'>): Promise<CaseTransfers> {
      await withCaseLock(input.caseId, async () => {
        const rec = await loadCase(input.caseId);
        const proxy = await store.transfers.proxyOf(rec.id);
        if (!proxy) throw new AppError('INVALID_TRANSITION', '该办件不是代收代办，材料留在本大厅，无需登记寄送。');
        if (rec.hallCode !== hall().hallCode) throw new AppError('FORBIDDEN', `只有收件大厅（${proxy.takenInName}）能寄出该办件的材料。`);
        if (!transferSendAllowed(rec.state as CaseState, await itemStates(rec.id))) {
          throw new AppError('INVALID_TRANSITION', `办件当前为“${CASE_STATE_LABELS[rec.state as CaseState]}”：受理并分送部门后、审批完毕前才能登记寄出原件。`);
        }
        const same = (await store.transfers.ofCase(rec.id)).find((t) => t.trackingNo === input.trackingNo);
        if (same) throw new AppError('CONFLICT', `运单号 ${input.trackingNo} 已于 ${same.sentOn} 登记寄出，请勿重复登记；如另寄一批请填写新的运单号。`, { transferId: same.id });
        const sentOn = calendar.today();
        await store.events.append({ actorId: clerk.id }, [
          {
            type: 'transfer.sent',
            caseId: rec.id,
            payload: { transferId: newId(), lines: input.lines, courier: input.courier, trackingNo: input.trackingNo, sentOn, dueOn: transferDueOn(calendar, sentOn) },
          },
        ]);
      });
      return list(input.caseId);
    },

    async receive(clerk: Clerk, input: MethodParsedInput<'transfer.receive'>): Promise<CaseTransfers> {
      await withCaseLock(input.caseId, async () => {
        const rec = await loadCase(input.caseId);
        const proxy = await store.transfers.proxyOf(rec.id);
        if (!proxy) throw new AppError('INVALID_TRANSITION', '该办件不是代收代办，没有寄来的材料需要确认。');
        if (proxy.decidingCode !== hall().hallCode) {
          throw new AppError('FORBIDDEN', `只有作出决定地（${proxy.decidingName}）能确认收到原件；本机所在大厅不是该办件的作出决定地。`);
        }
        const t = await store.transfers.get(input.transferId);
        if (!t || t.caseId !== rec.id) throw new AppError('NOT_FOUND', '没有这批材料的寄出记录（可能尚未同步到本机），请先同步再确认。', { transferId: input.transferId });
        if (t.receivedOn !== null) throw new AppError('CONFLICT', `这批材料已于 ${t.receivedOn} 由 ${t.receivedBy ?? '—'} 确认收到，无需重复确认。`);
        await store.events.append({ actorId: clerk.id }, [
          { type: 'transfer.received', caseId: rec.id, payload: { transferId: t.id, receivedOn: calendar.today(), receivedBy: clerk.name.slice(0, 50), discrepancy: input.discrepancy || null } },
        ]);
      });
      return list(input.caseId);
    },

    async pending(): Promise<MethodOutput<'transfer.pending'>> {
      const here = hall().hallCode;
      const today = calendar.today();
      const rows: MethodOutput<'transfer.pending'>['incoming'] = [];
      for (const t of await store.transfers.open(here, PENDING_LIMIT)) {
        let bundleName = t.bundleId;
        try {
          bundleName = (await catalog.indexOf(t.catalogVersion)).ix.bundle(t.bundleId).name;
        } catch {
          // A version not on this device yet still shows by id.
        }
        rows.push({
          ...(await transferView(t, today)),
          caseId: t.caseId,
          caseNumber: t.caseNumber,
          bundleName,
          takenInName: t.takenInName,
          decidingName: t.decidingName,
          direction: t.decidingCode === here ? 'incoming' : 'outgoing',
        });
      }
      return {
        today,
        incoming: rows.filter((r) => r.direction === 'incoming'),
        outgoing: rows.filter((r) => r.direction === 'outgoing'),
        overdue: await store.transfers.overdueCount(here, today),
      };
    },

    /** For the board: open transfers of this hall past their promised day. */
    async overdueCount(): Promise<number> {
      if (!settings.read().installation) return 0;
      return store.transfers.overdueCount(hall().hallCode, calendar.today());
    },
  };
}

export type ProxyService = ReturnType<typeof createProxyService>;
