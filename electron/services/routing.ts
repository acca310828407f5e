import type { CaseRecord, ItemRecord, QueueRecord } from '../../db/index.js';
import { EVENT_LABELS } from '../../shared/event-labels.js';
import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import type { ItemDeadline, QueueRow, SubApplication } from '../../shared/api/routing.js';
import type { CatalogIndex } from '../../shared/catalog-builders.js';
import { CASE_STATE_LABELS, ITEM_DECIDED, ITEM_STATE_LABELS, type CaseState, type ItemState } from '../../shared/case-machine.js';
import { computeDeadlines, PAUSE_REASON_LABELS, type ClockPause, type DeadlineInput } from '../../shared/deadlines.js';
import { AppError } from '../../shared/errors.js';
import type { NewEvent, StoredEvent } from '../../shared/events.js';
import { MATERIAL_STATUS_LABELS, type CorrectionEntry, type MaterialStatus, type PriorityReason } from '../../shared/intake.js';
import { planRouting, resultProblems, resultRequirement, strandedItems, subApplicationScope, unblockedItems, type ItemClock } from '../../shared/routing.js';
import type { Role } from '../../shared/roles.js';
import { installationOf, type Deps } from './auth.js';
import type { CalendarService } from './calendar.js';
import type { CaseLocks } from './case-locks.js';
import type { CatalogService } from './catalog.js';

// 后台流转 · 分类审批: routing an accepted case to its departments, the department's queue and
// decisions, the clock of each sub-application, and the hall's supervision of deadlines.

interface Clerk {
  id: string;
  roles: readonly Role[];
  departments: readonly string[];
}

export interface RoutingDeps extends Deps {
  catalog: CatalogService;
  calendar: CalendarService;
  withCaseLock: CaseLocks;
  hasBlob(sha256: string): Promise<boolean>;
  /** This device: it releases items its own approvals completed (see sweepUnblocked). */
  deviceId: string;
}

type Action = SubApplication['actions'][number];

export function createRoutingService(deps: RoutingDeps) {
  const { store, catalog, calendar, withCaseLock } = deps;

  /** The clock of an item starting (or restarting) on `start` with these pauses, as of today. */
  function clockFor(start: string, promisedDays: number | null, statutoryDays: number | null, pauses: readonly ClockPause[] = []): ItemClock {
    const [st] = computeDeadlines(calendar.calendar(), [{ start, promisedDays, statutoryDays, pauses }], calendar.today());
    return { start, promisedDays, statutoryDays, dueDate: st!.dueDate, statutoryDueDate: st!.statutoryDueDate, warnDate: st!.warnDate };
  }

  /** Live deadlines of items with a running or paused clock; decided and blocked items have none. */
  function deadlines(items: readonly ItemRecord[]): { list: (ItemDeadline | null)[]; warning: string | null } {
    const idx: number[] = [];
    const inputs: DeadlineInput[] = [];
    items.forEach((it, i) => {
      if (!it.start || it.state === null || ITEM_DECIDED.includes(it.state)) return;
      idx.push(i);
      inputs.push({ start: it.start, promisedDays: it.promisedDays, statutoryDays: it.statutoryDays, pauses: it.pauses });
    });
    const list: (ItemDeadline | null)[] = items.map(() => null);
    const years = new Set<number>();
    computeDeadlines(calendar.calendar(), inputs, calendar.today()).forEach((st, k) => {
      st.uncoveredYears.forEach((y) => years.add(y));
      list[idx[k]!] = {
        start: items[idx[k]!]!.start,
        dueDate: st.dueDate,
        statutoryDueDate: st.statutoryDueDate,
        limitDays: st.limitDays,
        usedWorkdays: st.usedWorkdays,
        remainingWorkdays: st.remainingWorkdays,
        overdueWorkdays: st.overdueWorkdays,
        level: st.level,
        pausedNow: st.pausedNow,
      };
    });
    return { list, warning: calendar.warning([...years].sort()) };
  }

  function names(ix: CatalogIndex, bundleId: string, itemId: string) {
    // An element missing from the pinned version still shows by id.
    const of = (get: () => string, fallback: string) => {
      try {
        return get();
      } catch {
        return fallback;
      }
    };
    return { bundleName: of(() => ix.bundle(bundleId).name, bundleId), itemName: of(() => ix.item(itemId).name, itemId) };
  }

  async function rows(records: readonly QueueRecord[]): Promise<{ rows: QueueRow[]; warning: string | null }> {
    const { list, warning } = deadlines(records);
    const out: QueueRow[] = [];
    for (const [i, r] of records.entries()) {
      const { ix } = await catalog.indexOf(r.catalogVersion);
      out.push({
        caseId: r.caseId,
        itemId: r.itemId,
        caseNumber: r.caseNumber,
        ...names(ix, r.bundleId, r.itemId),
        department: ix.departmentName(r.departmentId ?? ''),
        state: r.state ?? 'blocked',
        caseState: r.caseState as CaseState,
        applicant: r.enterpriseName || r.applicantName || '—',
        priority: r.priority as PriorityReason | null,
        acceptedAt: r.acceptedAt,
        deadline: list[i] ?? null,
        version: r.version,
        proxy: r.decidingCode ? { takenInName: r.takenInName ?? '—', decidingName: r.decidingName ?? r.decidingCode } : null,
      });
    }
    return { rows: out, warning };
  }

  async function loadCase(caseId: string): Promise<CaseRecord> {
    const rec = await store.cases.get(caseId);
    if (!rec) throw new AppError('NOT_FOUND', '找不到该办件，可能编号有误。');
    return rec;
  }

  /** The item, if the clerk may see it: a reviewer only their departments', the supervisor all. */
  async function loadItem(clerk: Clerk, caseId: string, itemId: string): Promise<ItemRecord> {
    const item = await store.items.get(caseId, itemId);
    // Same answer for "no such item" and "not yours": a reviewer learns nothing about other departments' cases.
    const visible = item?.departmentId && (clerk.roles.includes('supervisor') || clerk.departments.includes(item.departmentId));
    if (!item || !visible) throw new AppError('NOT_FOUND', '没有找到该子件，或它不属于您所在的部门。', { caseId, itemId });
    return item;
  }

  /**
   * 代收代办: a proxy case is decided by the deciding division's departments. Reviewers of this hall
   * may look at it but not act on it (the central service would refuse their events anyway).
   */
  async function decidedElsewhere(caseId: string): Promise<string | null> {
    const proxy = await store.transfers.proxyOf(caseId);
    return proxy && proxy.decidingCode !== installationOf(deps.settings).hallCode ? proxy.decidingName : null;
  }

  function refuseElsewhere(decidingName: string | null): void {
    if (decidingName) throw new AppError('FORBIDDEN', `该办件为代收代办，须由作出决定地（${decidingName}）的部门办理，本大厅不能审批；请在“材料流转”中跟踪进度。`);
  }

  async function clerkName(id: string | null): Promise<string> {
    if (!id) return '—';
    return (await store.clerks.byId(id))?.name ?? '其他设备的工作人员';
  }

  function describe(e: StoredEvent, ix: CatalogIndex): { action: string; detail: string | null; item: string | null } {
    const p = e.payload as Record<string, unknown>;
    const item = typeof p.itemId === 'string' ? names(ix, '', p.itemId).itemName : null;
    switch (e.type) {
      case 'case.accepted':
        return { action: (p.pendingMaterials as unknown[]).length ? '容缺受理' : '受理', detail: String(p.caseNumber), item };
      case 'case.refused':
        return { action: '不予受理', detail: String(p.reason), item };
      case 'case.withdrawn':
        return { action: '撤回', detail: String(p.reason), item };
      case 'item.state_changed': {
        const to = p.to as ItemState;
        const detail =
          to === 'approved'
            ? [(p.result as { number?: string | null })?.number, (p.result as { note?: string | null })?.note].filter(Boolean).join('；') || null
            : to === 'needs_correction'
              ? ((p.corrections as CorrectionEntry[] | undefined) ?? []).map((c) => c.name).join('、')
              : typeof p.reason === 'string' && p.reason
                ? p.reason
                : null;
        const action = { blocked: '等待前置事项', queued: '进入部门待办', received: '签收', approved: '批准', rejected: '不予批准', needs_correction: '要求补正', cancelled: '终止办理' }[to];
        return { action, detail, item };
      }
      case 'item.clock_paused': {
        const pause = p.pause as { reason: keyof typeof PAUSE_REASON_LABELS; note: string | null };
        return { action: '停表', detail: [PAUSE_REASON_LABELS[pause.reason], pause.note].filter(Boolean).join('：'), item };
      }
      case 'transfer.sent':
        return { action: '寄出原件（代收代办）', detail: `${String(p.courier)} ${String(p.trackingNo)}，应到 ${String(p.dueOn)}`, item };
      case 'transfer.received':
        return { action: '签收原件（代收代办）', detail: typeof p.discrepancy === 'string' ? p.discrepancy : null, item };
      default:
        return { action: EVENT_LABELS[e.type], detail: null, item };
    }
  }

  /** Every event of the case with who and when; a run of autosaves counts as one step. */
  async function timeline(events: readonly StoredEvent[], ix: CatalogIndex, itemId?: string) {
    const out: SubApplication['timeline'] = [];
    let prevAt: number | null = null;
    for (const e of events) {
      const concerns = (e.payload as { itemId?: string }).itemId;
      if (itemId && concerns && concerns !== itemId) continue;
      if (e.type === 'case.draft_updated' && out.at(-1)?.action === '填写表单、收取材料') continue;
      const d = describe(e, ix);
      const at = Date.parse(e.createdAt);
      out.push({
        at: e.createdAt,
        actor: await clerkName(e.actorId),
        action: d.action,
        // Internal notes stay in the notes list; the timeline says only that one was made.
        detail: e.type === 'item.noted' ? null : d.detail,
        item: d.item,
        minutesSincePrevious: prevAt === null ? null : Math.round((at - prevAt) / 60_000),
      });
      prevAt = at;
    }
    return out;
  }

  function actionsFor(clerk: Clerk, item: ItemRecord, all: readonly ItemRecord[], elsewhere = false): Action[] {
    const out: Action[] = [];
    if (!elsewhere && clerk.roles.includes('review') && item.departmentId && clerk.departments.includes(item.departmentId)) {
      const open = item.pauses.some((p) => p.to === null);
      if (item.state === 'queued') out.push('receive');
      if (item.state === 'received') {
        out.push('approve', 'reject', 'correction');
        if (!open) out.push('pause');
      }
      if (open && item.state === 'received' && item.pauses.some((p) => p.to === null && p.reason !== 'correction')) out.push('resume');
      out.push('note');
    }
    if (clerk.roles.includes('supervisor') && strandedItems(all).includes(item.itemId)) out.push('cancel');
    return out;
  }

  async function subApplication(clerk: Clerk, caseId: string, itemId: string): Promise<SubApplication> {
    const rec = await loadCase(caseId);
    const item = await loadItem(clerk, caseId, itemId);
    const all = await store.items.ofCase(caseId);
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    const catItem = ix.item(itemId);
    const scope = subApplicationScope(catItem, rec.data);
    const fieldLabel = (key: string) => {
      try {
        return ix.field(key).label;
      } catch {
        return key;
      }
    };
    const dictionary = new Map(ix.catalog.materials.map((m) => [m.key, m.name]));
    const events = await store.events.caseEvents(caseId);
    const need = resultRequirement(catItem);
    const proxy = await store.transfers.proxyOf(caseId);
    const elsewhere = !!proxy && proxy.decidingCode !== installationOf(deps.settings).hallCode;
    return {
      caseId,
      itemId,
      caseNumber: rec.caseNumber,
      bundleName: names(ix, rec.bundleId, itemId).bundleName,
      itemName: catItem.name,
      department: ix.departmentName(item.departmentId!),
      departmentId: item.departmentId!,
      state: item.state ?? 'blocked',
      caseState: rec.state as CaseState,
      version: item.version,
      priority: rec.priority as PriorityReason | null,
      acceptedAt: rec.acceptedAt,
      deadline: deadlines([item]).list[0] ?? null,
      pauses: item.pauses.map((p) => ({ from: p.from, to: p.to, reason: PAUSE_REASON_LABELS[p.reason], note: p.note ?? null })),
      legalBasis: item.legalBasis,
      resultName: catItem.result.value.name,
      resultHint: need.hint,
      resultNeeds: { number: need.number, elicense: need.elicense, document: need.document },
      fields: scope.fieldKeys.filter((k) => rec.data.fields[k]).map((k) => ({ key: k, label: fieldLabel(k), value: rec.data.fields[k]! })),
      materials: scope.materialKeys.map((key) => {
        const got = rec.data.materials[key];
        const req = catItem.materials.find((m) => m.key === key);
        const status = (got?.status ?? (req?.exempt.value ? 'not_applicable' : 'missing')) as MaterialStatus;
        return {
          key,
          name: req?.name ?? dictionary.get(key) ?? key,
          status: req?.exempt.value && !got ? '免提交（共享获取）' : MATERIAL_STATUS_LABELS[status],
          pageBlobs: got?.pageBlobs ?? [],
          licenceNo: got?.licenceNo ?? null,
        };
      }),
      prerequisites: item.dependsOn.map((d) => {
        const pre = all.find((x) => x.itemId === d);
        return {
          itemId: d,
          name: names(ix, rec.bundleId, d).itemName,
          department: ix.departmentName(pre?.departmentId ?? ''),
          state: pre?.state ?? null,
          result: pre?.state === 'approved' ? pre.result : null,
        };
      }),
      result: item.result,
      reason: item.reason,
      corrections: item.corrections,
      notes: await Promise.all(
        events
          .filter((e) => e.type === 'item.noted' && (e.payload as { itemId: string }).itemId === itemId)
          .map(async (e) => ({ at: e.createdAt, actor: await clerkName(e.actorId), text: (e.payload as { text: string }).text })),
      ),
      timeline: await timeline(events, ix, itemId),
      actions: actionsFor(clerk, item, all, elsewhere),
      proxy: proxy ? { takenInName: proxy.takenInName, decidingName: proxy.decidingName } : null,
    };
  }

  /**
   * One reviewer action: the item must be the clerk's department's and still at the version they
   * saw. A repeat of the action the same clerk just took (a double click) returns the item as it is.
   */
  async function act(
    clerk: Clerk & { id: string },
    input: { caseId: string; itemId: string; expectedVersion: number },
    repeat: { type: NewEvent['type']; to?: ItemState },
    build: (ctx: { rec: CaseRecord; item: ItemRecord; all: ItemRecord[]; ix: CatalogIndex; today: string }) => Promise<NewEvent[]> | NewEvent[],
    opts: { supervisor?: boolean } = {},
  ): Promise<SubApplication> {
    return withCaseLock(input.caseId, async () => {
      const item = await loadItem(clerk, input.caseId, input.itemId);
      const mine = opts.supervisor ? clerk.roles.includes('supervisor') : clerk.departments.includes(item.departmentId!);
      if (!mine) throw new AppError('FORBIDDEN', '该子件不属于您所在的部门，不能办理。');
      // The hall's supervisor still ends its stranded items (a routing move the hall keeps).
      if (!opts.supervisor) refuseElsewhere(await decidedElsewhere(input.caseId));
      if (item.version !== input.expectedVersion) {
        const last = (await store.events.caseEvents(input.caseId)).find((e) => e.seq === item.version);
        const same = last && last.type === repeat.type && last.actorId === clerk.id && (last.payload as { to?: string }).to === repeat.to;
        if (same) return subApplication(clerk, input.caseId, input.itemId);
        throw new AppError('CONFLICT', '该子件刚被其他人办理或更新，请查看最新内容后再操作。', { version: item.version });
      }
      const rec = await loadCase(input.caseId);
      const { ix } = await catalog.indexOf(rec.catalogVersion);
      const events = await build({ rec, item, all: await store.items.ofCase(input.caseId), ix, today: calendar.today() });
      await store.events.append({ actorId: clerk.id }, events);
      return subApplication(clerk, input.caseId, input.itemId);
    });
  }

  function requireState(item: ItemRecord, states: readonly ItemState[], doing: string): void {
    if (item.state === null || !states.includes(item.state)) {
      const now = item.state === null ? '未分送' : ITEM_STATE_LABELS[item.state];
      throw new AppError('INVALID_TRANSITION', `该子件当前为“${now}”，不能${doing}。`, { state: item.state });
    }
  }

  const base = (item: ItemRecord) => ({ itemId: item.itemId, departmentId: item.departmentId! });

  /** Items that wait for `decided` and now have every prerequisite approved, with their clocks started today. */
  function unblockAfter(rec: CaseRecord, all: readonly ItemRecord[], decided: string, ix: CatalogIndex, today: string): NewEvent[] {
    const after = all.map((x) => (x.itemId === decided ? { ...x, state: 'approved' as const } : x));
    return unblockedItems(after).map((itemId) => {
      const it = ix.item(itemId);
      const rec2 = all.find((x) => x.itemId === itemId)!;
      return {
        type: 'item.state_changed',
        caseId: rec.id,
        payload: { ...base(rec2), to: 'queued', clock: clockFor(today, it.promisedDays.value, it.statutoryDays.value) },
      };
    });
  }

  return {
    /** The events that route a case accepted today: blocked items wait, the others start their clocks. */
    routeOnAcceptance(rec: CaseRecord, ix: CatalogIndex): NewEvent[] {
      const today = calendar.today();
      return [
        { type: 'case.routed', caseId: rec.id, payload: ix.bundle(rec.bundleId).partialDelivery ? { partialDelivery: true } : {} },
        ...planRouting(ix, rec.bundleId, rec.itemIds).map(
          (p): NewEvent => ({
            type: 'item.state_changed',
            caseId: rec.id,
            payload: {
              itemId: p.itemId,
              departmentId: p.departmentId,
              to: p.state,
              dependsOn: p.dependsOn,
              ...(p.state === 'queued' ? { clock: clockFor(today, p.promisedDays, p.statutoryDays) } : {}),
            },
          }),
        ),
      ];
    },

    /**
     * Items whose last prerequisites were approved on different devices at the same time: neither
     * device saw all of them approved, so neither released the item. After a pull, the device that
     * made the latest of those approvals (by HLC, which every device orders alike) releases it;
     * exactly one device does, so nothing is queued twice.
     */
    async sweepUnblocked(caseIds: readonly string[]): Promise<number> {
      let released = 0;
      for (const caseId of caseIds) {
        await withCaseLock(caseId, async () => {
          const rec = await store.cases.get(caseId);
          if (!rec || rec.state !== 'in_review') return;
          const all = await store.items.ofCase(caseId);
          const ready = unblockedItems(all);
          if (ready.length === 0) return;
          const events = await store.events.caseEvents(caseId);
          const approval = (itemId: string) =>
            events.filter((e) => e.type === 'item.state_changed' && (e.payload as { itemId: string; to: string }).itemId === itemId && (e.payload as { to: string }).to === 'approved').at(-1);
          const { ix } = await catalog.indexOf(rec.catalogVersion);
          const today = calendar.today();
          const out: NewEvent[] = [];
          let actor: string | null = null;
          for (const itemId of ready) {
            const item = all.find((i) => i.itemId === itemId)!;
            const last = item.dependsOn.map(approval).reduce<StoredEvent | undefined>((a, b) => (!a || (b && b.hlc > a.hlc) ? b : a), undefined);
            if (!last || last.deviceId !== deps.deviceId) continue;
            const cat = ix.item(itemId);
            actor = last.actorId;
            out.push({ type: 'item.state_changed', caseId, payload: { ...base(item), to: 'queued', clock: clockFor(today, cat.promisedDays.value, cat.statutoryDays.value) } });
          }
          if (out.length === 0) return;
          await store.events.append({ actorId: actor }, out);
          released += out.length;
        });
      }
      return released;
    },

    async queue(clerk: Clerk, input: MethodParsedInput<'review.queue'>): Promise<MethodOutput<'review.queue'>> {
      const supervisor = clerk.roles.includes('supervisor');
      const own = supervisor ? null : clerk.departments;
      const wanted = input.departmentIds?.length ? input.departmentIds : null;
      if (own && wanted && wanted.some((d) => !own.includes(d))) throw new AppError('FORBIDDEN', '只能查看您所在部门的子件。');
      const departments = wanted ?? own ?? 'all';
      const { rows: records, total, capped } = await store.items.queue({
        departments,
        state: input.state,
        hallCode: installationOf(deps.settings).hallCode,
        ...(input.itemId ? { itemId: input.itemId } : {}),
        offset: (input.page - 1) * input.pageSize,
        limit: input.pageSize,
      });
      const { rows: out, warning } = await rows(records);
      const { ix } = await catalog.indexOf();
      const deptIds = departments === 'all' ? ix.catalog.departments.map((d) => d.id) : departments;
      return {
        rows: out,
        total,
        totalCapped: capped,
        departments: (own ?? ix.catalog.departments.map((d) => d.id)).map((id) => ({ id, name: ix.departmentName(id) })),
        items: ix.catalog.items.filter((i) => deptIds.includes(i.departmentId.value)).map((i) => ({ id: i.id, name: i.name })),
        calendarWarning: warning,
      };
    },

    async open(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.open'>): Promise<SubApplication> {
      await loadItem(clerk, input.caseId, input.itemId);
      // The reviewer sees the applicant's full data: the look is audited like the counter's.
      await store.events.append({ actorId: clerk.id }, [{ type: 'audit.case_viewed', caseId: input.caseId, payload: { purpose: 'review' } }]);
      return subApplication(clerk, input.caseId, input.itemId);
    },

    receive(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.receive'>) {
      return act(clerk, input, { type: 'item.state_changed', to: 'received' }, ({ rec, item }) => {
        requireState(item, ['queued'], '签收');
        return [{ type: 'item.state_changed', caseId: rec.id, payload: { ...base(item), to: 'received' } }];
      });
    },

    approve(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.approve'>) {
      return act(clerk, input, { type: 'item.state_changed', to: 'approved' }, async ({ rec, item, all, ix, today }) => {
        requireState(item, ['received'], '批准');
        if (item.pauses.some((p) => p.to === null)) throw new AppError('INVALID_TRANSITION', '该子件正在停表，请先恢复计时再批准。');
        const problems = resultProblems(ix.item(item.itemId), input.result);
        if (problems.length) throw new AppError('INVALID_INPUT', `批准前须登记办理结果：${problems.join('；')}。`, { problems });
        for (const sha of input.result.documentBlobs) {
          if (!(await deps.hasBlob(sha))) throw new AppError('INVALID_INPUT', '结果文书的扫描件没有保存成功，请重新扫描或附加后再批准。', { sha });
        }
        return [
          { type: 'item.state_changed', caseId: rec.id, payload: { ...base(item), to: 'approved', result: input.result } },
          ...unblockAfter(rec, all, item.itemId, ix, today),
        ];
      });
    },

    reject(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.reject'>) {
      return act(clerk, input, { type: 'item.state_changed', to: 'rejected' }, ({ rec, item }) => {
        requireState(item, ['received'], '作出不予批准决定');
        return [{ type: 'item.state_changed', caseId: rec.id, payload: { ...base(item), to: 'rejected', reason: input.reason, legalBasis: input.legalBasis } }];
      });
    },

    requestCorrection(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.requestCorrection'>) {
      return act(clerk, input, { type: 'item.state_changed', to: 'needs_correction' }, ({ rec, item, ix, today }) => {
        requireState(item, ['received'], '要求补正');
        const itemName = ix.item(item.itemId).name;
        const corrections: CorrectionEntry[] = input.entries.map((e, i) => ({
          kind: e.kind,
          key: `review-${i + 1}`,
          name: e.name,
          problem: e.kind === 'material' ? 'missing' : 'wrong',
          detail: e.detail,
          items: [itemName],
        }));
        return [
          {
            type: 'item.state_changed',
            caseId: rec.id,
            payload: { ...base(item), to: 'needs_correction', corrections, reason: corrections.map((c) => c.name).join('、'), pause: { from: today, reason: 'correction', note: null } },
          },
        ];
      });
    },

    pause(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.pause'>) {
      return act(clerk, input, { type: 'item.clock_paused' }, ({ rec, item, today }) => {
        requireState(item, ['received'], '停表');
        if (input.reason === 'correction') throw new AppError('INVALID_INPUT', '等待申请人补正请使用“要求补正”，它会同时停表并通知窗口。');
        if (input.reason === 'other' && !input.note) throw new AppError('INVALID_INPUT', '停表原因为“其他”时请写明具体情形。', { field: 'note' });
        if (item.pauses.some((p) => p.to === null)) throw new AppError('INVALID_TRANSITION', '该子件已经停表。');
        return [{ type: 'item.clock_paused', caseId: rec.id, payload: { ...base(item), pause: { from: today, reason: input.reason, note: input.note || null } } }];
      });
    },

    resume(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.resume'>) {
      return act(clerk, input, { type: 'item.clock_resumed' }, ({ rec, item, today }) => {
        const open = item.pauses.find((p) => p.to === null);
        if (!open) throw new AppError('INVALID_TRANSITION', '该子件没有停表，无需恢复计时。');
        if (open.reason === 'correction') throw new AppError('INVALID_TRANSITION', '等待补正的停表在窗口重新提交补正材料后自动恢复。');
        const closed = item.pauses.map((p) => (p.to === null ? { ...p, to: today } : p));
        return [{ type: 'item.clock_resumed', caseId: rec.id, payload: { ...base(item), lastDay: today, clock: clockFor(item.start!, item.promisedDays, item.statutoryDays, closed) } }];
      });
    },

    async note(clerk: Clerk & { id: string }, input: MethodParsedInput<'review.note'>) {
      return withCaseLock(input.caseId, async () => {
        const item = await loadItem(clerk, input.caseId, input.itemId);
        if (!clerk.departments.includes(item.departmentId!)) throw new AppError('FORBIDDEN', '该子件不属于您所在的部门。');
        refuseElsewhere(await decidedElsewhere(input.caseId));
        await store.events.append({ actorId: clerk.id }, [{ type: 'item.noted', caseId: input.caseId, payload: { ...base(item), text: input.text } }]);
        return subApplication(clerk, input.caseId, input.itemId);
      });
    },

    cancelItem(clerk: Clerk & { id: string }, input: MethodParsedInput<'routing.cancelItem'>) {
      return act(
        clerk,
        input,
        { type: 'item.state_changed', to: 'cancelled' },
        ({ rec, item, all }) => {
          if (!strandedItems(all).includes(item.itemId)) {
            throw new AppError('INVALID_TRANSITION', '只有因前置事项不予批准而无法继续的子件才能终止办理。');
          }
          return [{ type: 'item.state_changed', caseId: rec.id, payload: { ...base(item), to: 'cancelled', reason: input.reason } }];
        },
        { supervisor: true },
      );
    },

    async resubmit(clerk: { id: string }, input: MethodParsedInput<'routing.resubmit'>): Promise<{ requeued: string[] }> {
      return withCaseLock(input.caseId, async () => {
        const rec = await loadCase(input.caseId);
        if (rec.lastEventSeq !== input.expectedSeq) throw new AppError('CONFLICT', '该办件刚被更新，请查看最新内容后再提交。', { lastEventSeq: rec.lastEventSeq });
        const all = await store.items.ofCase(rec.id);
        const waiting = all.filter((i) => i.state === 'needs_correction');
        if (rec.state !== 'correction_requested' || waiting.length === 0) {
          throw new AppError('INVALID_TRANSITION', `办件当前为“${CASE_STATE_LABELS[rec.state as CaseState]}”，没有等待补正后重新提交的子件。`);
        }
        const { ix } = await catalog.indexOf(rec.catalogVersion);
        const today = calendar.today();
        const events: NewEvent[] = waiting.map((item) => {
          const closed = item.pauses.map((p) => (p.to === null ? { ...p, to: today } : p));
          return {
            type: 'item.state_changed',
            caseId: rec.id,
            payload: { ...base(item), to: 'queued', resumeLastDay: today, clock: clockFor(item.start ?? today, item.promisedDays, item.statutoryDays, closed) },
          };
        });
        await store.events.append({ actorId: clerk.id }, events);
        return { requeued: waiting.map((i) => names(ix, rec.bundleId, i.itemId).itemName) };
      });
    },

    async warnings(input: MethodParsedInput<'supervision.warnings'>): Promise<MethodOutput<'supervision.warnings'>> {
      const today = calendar.today();
      const { rows: all, warning } = await rows(await store.items.warnings(today, input.limit));
      const withDeadline = all.filter((r): r is typeof r & { deadline: ItemDeadline } => r.deadline !== null);
      const candidates = await store.items.strandedCandidates(input.limit);
      const stranded: MethodOutput<'supervision.warnings'>['stranded'] = [];
      const byCase = new Map<string, ItemRecord[]>();
      for (const c of candidates) if (!byCase.has(c.caseId)) byCase.set(c.caseId, await store.items.ofCase(c.caseId));
      const shown = (await rows(candidates.filter((c) => strandedItems(byCase.get(c.caseId)!).includes(c.itemId)))).rows;
      for (const r of shown) {
        const items = byCase.get(r.caseId)!;
        const { ix } = await catalog.indexOf(candidates.find((c) => c.caseId === r.caseId)!.catalogVersion);
        const me = items.find((i) => i.itemId === r.itemId)!;
        const blockedBy = me.dependsOn.filter((d) => items.find((i) => i.itemId === d)?.state !== 'approved').map((d) => names(ix, '', d).itemName);
        stranded.push({ ...r, blockedBy });
      }
      return {
        red: withDeadline.filter((r) => r.deadline.level === 'red'),
        yellow: withDeadline.filter((r) => r.deadline.level === 'yellow'),
        stranded,
        calendarWarning: warning,
        today,
      };
    },

    async timeline(clerk: Clerk, input: MethodParsedInput<'supervision.timeline'>): Promise<MethodOutput<'supervision.timeline'>> {
      const rec = await loadCase(input.caseId);
      const all = await store.items.ofCase(rec.id);
      if (!clerk.roles.includes('supervisor') && !all.some((i) => i.departmentId && clerk.departments.includes(i.departmentId))) {
        throw new AppError('NOT_FOUND', '找不到该办件，或它与您所在的部门无关。');
      }
      const { ix } = await catalog.indexOf(rec.catalogVersion);
      const { list } = deadlines(all);
      const waiting = all
        .map((i, k) => ({ i, d: list[k] }))
        .filter(({ i }) => i.state !== null && !ITEM_DECIDED.includes(i.state))
        .map(({ i, d }) => {
          const dept = ix.departmentName(i.departmentId ?? '');
          const open = i.pauses.find((p) => p.to === null);
          const on =
            i.state === 'blocked'
              ? `前置事项：${i.dependsOn.map((x) => names(ix, '', x).itemName).join('、')}`
              : i.state === 'needs_correction'
                ? '申请人补正（窗口重新提交）'
                : open
                  ? `${dept}（停表：${PAUSE_REASON_LABELS[open.reason]}）`
                  : `${dept}${i.state === 'queued' ? '签收' : '审批'}${d?.dueDate ? `，${d.dueDate} 到期` : ''}`;
          return { item: names(ix, '', i.itemId).itemName, department: dept, state: i.state, on, since: i.updatedAt };
        });
      return {
        caseId: rec.id,
        caseNumber: rec.caseNumber,
        bundleName: names(ix, rec.bundleId, '').bundleName,
        state: rec.state as CaseState,
        entries: await timeline(await store.events.caseEvents(rec.id), ix),
        waiting,
      };
    },
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
