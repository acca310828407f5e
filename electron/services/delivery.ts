import { randomBytes, randomUUID } from 'node:crypto';
import type { CaseRecord, ItemRecord, RectificationRow } from '../../db/index.js';
import type { MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import type { DeliveryQueueRow, DeliveryView, RectificationRowView } from '../../shared/api/delivery.js';
import type { CatalogIndex } from '../../shared/catalog-builders.js';
import { CASE_STATE_LABELS, ITEM_DECIDED, type CaseState } from '../../shared/case-machine.js';
import {
  CARRIER_IDS,
  HANDED_OVER_STATES,
  isBadRating,
  itemEntries,
  needsTick,
  originalEntries,
  RATING_LABELS,
  ratingCodeFrom,
  RECTIFICATION_DAYS,
  RECTIFICATION_STATE_LABELS,
  RECTIFICATION_STEP_LABELS,
  type HandoverEntry,
  type RatingInput,
  type RatingLevel,
  type Recipient,
} from '../../shared/delivery.js';
import { renderDocument, documentFileName } from '../../shared/documents/index.js';
import { homeVisitProblem } from '../../shared/assist.js';
import { AppError } from '../../shared/errors.js';
import type { NewEvent, StoredEvent } from '../../shared/events.js';
import type { PriorityReason } from '../../shared/intake.js';
import type { NotificationKind } from '../../shared/notify.js';
import { CARRIER_LABELS, checkTrackingNumber } from '../../shared/tracking.js';
import { checkIdNumber, maskIdNumber, maskPhone } from '../../shared/validators.js';
import { installationOf, type Deps } from './auth.js';
import { chinaDateTime, type CalendarService } from './calendar.js';
import type { CaseLocks } from './case-locks.js';
import type { CatalogService, PdfRenderer } from './catalog.js';

// 综合出件 · 好差评: the delivery queue, handing results over at the window (identity re-checked,
// every result ticked, signed for), free mail, e-licenses released electronically, telling the
// applicant, and the rating of each visit with the rectification a bad one opens.

interface Clerk {
  id: string;
  roles: readonly string[];
}

/** What the delivery service needs of the SMS notifier. */
export interface DeliveryNotifier {
  enqueue(input: { caseId: string; kind: NotificationKind; round: number; recipient: string; vars: Record<string, string> }): Promise<{ id: string; queued: boolean }>;
  ofCases(caseIds: readonly string[]): Promise<(DeliveryView['notifications'][number] & { caseId: string })[]>;
  retry(id: string): Promise<void>;
}

export interface DeliveryDeps extends Deps {
  catalog: CatalogService;
  calendar: CalendarService;
  withCaseLock: CaseLocks;
  renderPdf: PdfRenderer;
  notifier: DeliveryNotifier;
  hasBlob(sha256: string): Promise<boolean>;
  putBlob(bytes: Buffer, mime: string): Promise<string>;
  readBlob(sha256: string): Promise<{ mime: string; bytes: Buffer } | null>;
  /** Shows a view on the applicant screen. */
  showApplicant(view: MethodOutput<'applicant.view'>): void;
  /** Hours after a visit without a rating before the reminder goes out. */
  reminderAfterHours?: number;
}

interface Prompt {
  id: string;
  kind: 'signature' | 'rating';
  caseId: string;
  visitId: string | null;
  clerkId: string;
  state: 'waiting' | 'signed' | 'rated' | 'closed';
  signatureBlob: string | null;
  ratingLevel: number | null;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_SIGNATURE_BYTES = 2 * 1024 * 1024;

export function createDeliveryService(deps: DeliveryDeps) {
  const { store, catalog, calendar, withCaseLock, settings, notifier } = deps;
  let prompt: Prompt | null = null;

  async function loadCase(caseId: string): Promise<CaseRecord> {
    const rec = await store.cases.get(caseId);
    if (!rec || rec.state === 'draft') throw new AppError('NOT_FOUND', '找不到该办件，请核对办件编号。');
    return rec;
  }

  /** Results go out where the case was taken in: a proxy case pulled by its deciding hall is not this hall's to deliver. */
  async function loadOwnCase(caseId: string): Promise<CaseRecord> {
    const rec = await loadCase(caseId);
    if (rec.hallCode !== installationOf(settings).hallCode) {
      throw new AppError('FORBIDDEN', '该办件由其他大厅受理（代收代办），结果须在受理大厅出件或由受理大厅邮寄，本大厅不能出件。', { hallCode: rec.hallCode });
    }
    return rec;
  }

  async function clerkName(id: string | null): Promise<string> {
    if (!id) return '—';
    return (await store.clerks.byId(id))?.name ?? '其他设备的工作人员';
  }

  const label = (get: () => string, fallback: string) => {
    try {
      return get();
    } catch {
      return fallback;
    }
  };

  /** The handover entries of each item (decided ones only), named from the case's pinned catalog. */
  function entriesOf(ix: CatalogIndex, item: ItemRecord): HandoverEntry[] {
    let name = item.itemId;
    let resultName = '办理结果';
    try {
      const cat = ix.item(item.itemId);
      name = cat.name;
      resultName = cat.result.value.name;
    } catch {
      // An item missing from the pinned version still shows by id.
    }
    return itemEntries(
      { id: item.itemId, name, resultName },
      ix.departmentName(item.departmentId ?? ''),
      item.state,
      item.result,
      item.reason,
    );
  }

  /** Originals kept at intake go back at the first handover (window or mail) that has not returned them. */
  async function pendingOriginals(rec: CaseRecord, ix: CatalogIndex): Promise<HandoverEntry[]> {
    const visits = (await store.deliveries.ofCase(rec.id)).filter((v) => v.status !== 'returned');
    const returned = new Set(visits.flatMap((v) => ((v.detail.entries as { key: string }[] | undefined) ?? []).map((e) => e.key)));
    const names = new Map(ix.catalog.materials.map((m) => [m.key, m.name]));
    return originalEntries(rec.data, (k) => names.get(k) ?? k).filter((e) => !returned.has(e.key));
  }

  const deliverable = (i: ItemRecord) => i.state !== null && HANDED_OVER_STATES.includes(i.state) && i.handover === null;

  function blockedReason(rec: CaseRecord, items: readonly ItemRecord[]): string | null {
    const state = rec.state as CaseState;
    if (state === 'delivered' || state === 'closed') return '该办件已全部出件。';
    if (['refused', 'withdrawn', 'accepted'].includes(state)) return `办件当前为“${CASE_STATE_LABELS[state]}”，没有可出件的结果。`;
    const waiting = items.filter(deliverable);
    if (state !== 'ready' && !rec.partialDelivery) {
      const open = items.filter((i) => i.state === null || !ITEM_DECIDED.includes(i.state)).length;
      return `还有 ${open} 个事项在审批中；本“一件事”须全部办结后一次出件。`;
    }
    if (waiting.length === 0) {
      return items.some((i) => i.handover === 'mailed') ? '结果已寄出，等待确认送达。' : '暂时没有已办结、待出件的结果。';
    }
    return null;
  }

  async function view(rec: CaseRecord): Promise<DeliveryView> {
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    const items = await store.items.ofCase(rec.id);
    const f = rec.data.fields;
    const visits = await store.deliveries.ofCase(rec.id);
    const ratings = await store.deliveries.ratingsOfCase(rec.id);
    const accepted = (await store.events.caseEvents(rec.id)).filter((e) => e.type === 'case.accepted').at(-1);
    const pref = accepted ? (accepted.payload as { delivery: { method: 'window' | 'mail'; address: string | null } }).delivery : null;
    return {
      caseId: rec.id,
      caseNumber: rec.caseNumber,
      bundleName: label(() => ix.bundle(rec.bundleId).name, rec.bundleId),
      state: rec.state as CaseState,
      expectedSeq: rec.lastEventSeq,
      priority: rec.priority as PriorityReason | null,
      applicant: {
        name: f['applicant.name'] || f['enterprise.legalRep'] || '—',
        idNumberMasked: f['applicant.idNumber'] ? maskIdNumber(f['applicant.idNumber']) : null,
        enterpriseName: rec.enterpriseName,
        phone: rec.applicantPhone ? maskPhone(rec.applicantPhone) : null,
      },
      agent: rec.data.agent ? { name: rec.data.agent.name, idNumberMasked: maskIdNumber(rec.data.agent.idNumber || '********'), relation: rec.data.agent.relation } : null,
      preferred: pref,
      partialAllowed: rec.partialDelivery,
      blockedReason: blockedReason(rec, items),
      items: items.map((i) => {
        const entries = entriesOf(ix, i);
        return {
          itemId: i.itemId,
          name: label(() => ix.item(i.itemId).name, i.itemId),
          department: ix.departmentName(i.departmentId ?? ''),
          state: i.state,
          handover: i.handover,
          deliverable: deliverable(i),
          electronicOnly: entries.length > 0 && entries.every((e) => !needsTick(e)),
          entries,
        };
      }),
      originals: await pendingOriginals(rec, ix),
      visits: await Promise.all(
        visits.map(async (v) => {
          const r = ratings.find((x) => x.visitId === v.visitId);
          return {
            visitId: v.visitId,
            channel: v.channel,
            at: v.createdAt,
            receiptNo: v.receiptNo,
            clerk: await clerkName(v.actorId),
            recipient: v.recipientName,
            carrier: v.carrier ? CARRIER_LABELS[v.carrier as keyof typeof CARRIER_LABELS] ?? v.carrier : null,
            trackingNo: v.trackingNo,
            status: v.status,
            items: v.itemIds.map((id) => label(() => ix.item(id).name, id)),
            ratingCode: v.ratingCode,
            rating: r ? { level: r.level, label: RATING_LABELS[r.level as RatingLevel], status: r.status } : null,
          };
        }),
      ),
      notifications: (await notifier.ofCases([rec.id])).map(({ caseId: _, ...n }) => n),
    };
  }

  /** The chosen items, each deliverable now, and the checklist they make (with originals due back). */
  async function chosen(rec: CaseRecord, itemIds: readonly string[], withOriginals: boolean) {
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    const items = await store.items.ofCase(rec.id);
    const reason = blockedReason(rec, items);
    if (reason) throw new AppError('INVALID_TRANSITION', `不能出件：${reason}`);
    const picked = [...new Set(itemIds)].map((id) => {
      const it = items.find((i) => i.itemId === id);
      if (!it) throw new AppError('NOT_FOUND', '该办件不包含所选事项，请刷新后重新选择。', { itemId: id });
      if (!deliverable(it)) throw new AppError('INVALID_TRANSITION', `“${label(() => ix.item(id).name, id)}”${it.handover ? '的结果已经出件或寄出' : '尚未办结'}，不能出件。`, { itemId: id });
      return it;
    });
    const entries = [...picked.flatMap((i) => entriesOf(ix, i)), ...(withOriginals ? await pendingOriginals(rec, ix) : [])];
    // Every decided result handed over (and none in the post) completes the case.
    const after = items.map((i) => (picked.includes(i) ? { ...i, handover: 'delivered' as const } : i));
    const completes = rec.state === 'ready' && after.every((i) => i.state === null || !HANDED_OVER_STATES.includes(i.state) || i.handover === 'delivered');
    return { ix, items, picked, entries, completes };
  }

  function requireTicks(entries: readonly HandoverEntry[], ticked: readonly string[]): void {
    const missing = entries.filter((e) => needsTick(e) && !ticked.includes(e.key));
    if (missing.length) {
      throw new AppError('INVALID_INPUT', `还有 ${missing.length} 项未勾选：${missing.map((e) => e.description).join('、')}。请逐项核对交付后勾选。`, { missing: missing.map((e) => e.key) });
    }
  }

  /** Events that change nothing a delivery decision rests on: a message sent, somebody looking. */
  const benign = (e: StoredEvent) => e.type === 'delivery.notified' || e.type.startsWith('audit.');

  /**
   * Whether the clerk acts on the case as they saw it. Background events (an SMS going out, another
   * clerk opening the case) do not count; the same clerk repeating the action that made the change
   * (a double click) gets that action's result back.
   */
  async function fresh(rec: CaseRecord, expectedSeq: number, clerk: Clerk, type: NewEvent['type'] | null): Promise<StoredEvent | null> {
    if (rec.lastEventSeq === expectedSeq) return null;
    const since = (await store.events.caseEvents(rec.id)).filter((e) => e.seq > expectedSeq);
    if (since.every(benign)) return null;
    const own = since.find((e) => !benign(e));
    if (type && own && own.type === type && own.actorId === clerk.id && since.every((e) => e === own || benign(e) || e.type === 'case.delivered')) return own;
    throw new AppError('CONFLICT', '该办件刚被更新，请查看最新内容后再操作。', { lastEventSeq: rec.lastEventSeq });
  }

  async function receiptNo(rec: CaseRecord): Promise<string> {
    const n = (await store.deliveries.ofCase(rec.id)).length + 1;
    return `${rec.caseNumber ?? rec.id.slice(0, 12)}-C${n}`;
  }

  const code = () => ratingCodeFrom(randomBytes(8));

  async function handed(clerk: Clerk, rec: CaseRecord, events: NewEvent[]) {
    const stored = await store.events.append({ actorId: clerk.id }, events);
    const visit = stored[0]!;
    return { visitId: visit.id, receiptNo: (visit.payload as { receiptNo: string }).receiptNo, view: await view(await loadCase(rec.id)) };
  }

  async function repeated(rec: CaseRecord, e: StoredEvent) {
    return { visitId: e.id, receiptNo: (e.payload as { receiptNo: string }).receiptNo, view: await view(await loadCase(rec.id)) };
  }

  /** Who the ID number belongs to: the applicant (or the enterprise's handler), or the agent recorded at intake. */
  function matchRecipient(rec: CaseRecord, idNumber: string): { role: 'applicant' | 'agent'; relation: string | null } | null {
    const id = idNumber.trim().toUpperCase();
    const applicant = rec.data.fields['applicant.idNumber']?.trim().toUpperCase();
    if (applicant && applicant === id) return { role: 'applicant', relation: null };
    const agent = rec.data.agent?.idNumber?.trim().toUpperCase();
    if (agent && agent === id) return { role: 'agent', relation: rec.data.agent!.relation };
    return null;
  }

  async function requireBlobs(shas: readonly string[], what: string): Promise<void> {
    for (const sha of shas) if (!(await deps.hasBlob(sha))) throw new AppError('INVALID_INPUT', `${what}没有保存成功，请重新扫描或签名后再出件。`, { sha });
  }

  function smsVars(rec: CaseRecord, ix: CatalogIndex): Record<string, string> {
    const s = settings.read();
    return {
      hall: installationOf(settings).hallName,
      bundle: label(() => ix.bundle(rec.bundleId).name, '一件事'),
      caseNumber: rec.caseNumber ?? '',
      queryChannel: s.queryChannel,
    };
  }

  const recipientPhone = (rec: CaseRecord) => rec.applicantPhone || rec.data.agent?.phone || null;

  async function enqueue(rec: CaseRecord, kind: NotificationKind, vars: Record<string, string>, round = 1) {
    const phone = recipientPhone(rec);
    if (!phone) return null;
    const { ix } = await catalog.indexOf(rec.catalogVersion);
    return notifier.enqueue({ caseId: rec.id, kind, round, recipient: phone, vars: { ...smsVars(rec, ix), ...vars } });
  }

  function ratingLink(code: string): string {
    const base = settings.read().delivery.ratingUrl;
    return base ? `${base}${code}` : settings.read().queryChannel;
  }

  async function appendRating(rec: CaseRecord, visitId: string, input: RatingInput, source: 'counter' | 'code', actorId: string | null): Promise<boolean> {
    if (await store.deliveries.rating(visitId)) return false;
    const due = isBadRating(input.level) ? calendar.addWorkdays(calendar.today(), RECTIFICATION_DAYS).date : null;
    await store.events.append({ actorId }, [
      { type: 'rating.submitted', caseId: rec.id, payload: { visitId, level: input.level, reasons: input.reasons, comment: input.comment, source, rectificationDue: due } },
    ]);
    return true;
  }

  async function rectRow(r: RectificationRow): Promise<RectificationRowView> {
    const rating = (await store.deliveries.rating(r.visitId))!;
    const today = calendar.today();
    const left = calendar.calendar().workdaysBetween(today, r.dueDate).days;
    return {
      visitId: r.visitId,
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      level: rating.level,
      levelLabel: RATING_LABELS[rating.level as RatingLevel],
      reasons: rating.reasons,
      comment: rating.comment,
      ratedClerk: await clerkName(rating.ratedClerkId),
      ratedAt: rating.createdAt,
      state: r.state,
      stateLabel: RECTIFICATION_STATE_LABELS[r.state],
      dueDate: r.dueDate,
      remainingWorkdays: r.state === 'closed' ? null : Math.max(0, left),
      overdueWorkdays: r.state === 'closed' ? 0 : Math.max(0, -left),
      appealPending: rating.status === 'appealed',
      steps: await Promise.all(
        r.steps.map(async (s) => ({
          step: s.step,
          label: RECTIFICATION_STEP_LABELS[s.step],
          at: s.at,
          actor: await clerkName(s.actorId),
          text: s.text,
          outcome:
            s.step === 'verify'
              ? s.justified
                ? '反映属实'
                : '反映不属实'
              : s.step === 'callback'
                ? s.reached
                  ? s.satisfied === null
                    ? '已联系'
                    : s.satisfied
                      ? '已联系，申请人满意'
                      : '已联系，申请人仍不满意'
                  : '未联系上'
                : s.step === 'appeal_decided'
                  ? s.upheld
                    ? '申诉成立，评价作废'
                    : '申诉不成立'
                  : null,
        })),
      ),
      version: r.version,
    };
  }

  async function rectifyAct(clerk: Clerk, visitId: string, expectedVersion: number, build: (r: RectificationRow) => NewEvent): Promise<RectificationRowView> {
    const r = await store.deliveries.rectification(visitId);
    if (!r) throw new AppError('NOT_FOUND', '找不到该差评整改事项。');
    return withCaseLock(r.caseId, async () => {
      const now = (await store.deliveries.rectification(visitId))!;
      if (now.version !== expectedVersion) throw new AppError('CONFLICT', '该整改事项刚被更新，请查看最新内容后再操作。', { version: now.version });
      await store.events.append({ actorId: clerk.id }, [build(now)]);
      return rectRow((await store.deliveries.rectification(visitId))!);
    });
  }

  function currentPrompt(promptId: string, kind: Prompt['kind']): Prompt {
    if (!prompt || prompt.id !== promptId || prompt.kind !== kind || prompt.state !== 'waiting') {
      throw new AppError('CONFLICT', '本页面已过期，请等待工作人员重新开启。');
    }
    return prompt;
  }

  return {
    async queue(input: MethodParsedInput<'delivery.queue'>): Promise<MethodOutput<'delivery.queue'>> {
      let ids: string[];
      let total: number;
      if (input.search) {
        const key = input.search.key;
        const value = key === 'idNumber' || key === 'caseNumber' ? input.search.value.toUpperCase() : input.search.value;
        if (key === 'idNumber' && !checkIdNumber(value).ok) throw new AppError('INVALID_INPUT', '身份证号码格式或校验位不正确，请核对后重新查询。', { field: 'search' });
        const found = (await store.cases.search(key, value, 200)).filter((c) => c.state !== 'draft');
        total = found.length;
        ids = found.slice((input.page - 1) * input.pageSize, input.page * input.pageSize).map((c) => c.id);
      } else {
        const q = await store.deliveries.queue((input.page - 1) * input.pageSize, input.pageSize, installationOf(settings).hallCode);
        ids = q.caseIds;
        total = q.total;
      }
      // One query per table for the whole page.
      const cases = await store.cases.summaries(ids);
      const items = await store.items.ofCases(ids);
      const notes = await notifier.ofCases(ids);
      const rows: DeliveryQueueRow[] = [];
      for (const rec of cases) {
        const { ix } = await catalog.indexOf(rec.catalogVersion);
        const own = items.filter((i) => i.caseId === rec.id);
        const ready = notes.find((n) => n.caseId === rec.id && n.kind === 'ready');
        rows.push({
          caseId: rec.id,
          caseNumber: rec.caseNumber,
          bundleName: label(() => ix.bundle(rec.bundleId).name, rec.bundleId),
          applicant: rec.enterpriseName || rec.applicantName || '—',
          idNumberMasked: rec.applicantIdNumber ? maskIdNumber(rec.applicantIdNumber) : null,
          priority: rec.priority as PriorityReason | null,
          state: rec.state as CaseState,
          readyAt: rec.readyAt,
          waiting: own.filter(deliverable).length,
          undecided: own.filter((i) => i.state !== null && !ITEM_DECIDED.includes(i.state)).length,
          preferred: (rec.deliveryChannel as 'window' | 'mail' | null) ?? null,
          notified: rec.notifiedAt ? 'sent' : ready ? (ready.status === 'failed' ? 'failed' : ready.status === 'sent' ? 'sent' : 'pending') : 'none',
        });
      }
      return { rows, total };
    },

    async mailQueue(input: MethodParsedInput<'delivery.mailQueue'>): Promise<MethodOutput<'delivery.mailQueue'>> {
      const { rows, total } = await store.deliveries.inTransit((input.page - 1) * input.pageSize, input.pageSize);
      const out = [];
      for (const r of rows) {
        const rec = await store.cases.get(r.caseId);
        out.push({
          caseId: r.caseId,
          caseNumber: rec?.caseNumber ?? null,
          visitId: r.visitId,
          carrier: CARRIER_LABELS[r.carrier as keyof typeof CARRIER_LABELS] ?? r.carrier ?? '',
          trackingNo: r.trackingNo ?? '',
          recipient: r.recipientName ?? '',
          sentAt: r.createdAt,
          expectedSeq: rec?.lastEventSeq ?? 0,
        });
      }
      return { rows: out, total };
    },

    async open(clerk: Clerk, input: MethodParsedInput<'delivery.open'>): Promise<DeliveryView> {
      const rec = await loadCase(input.caseId);
      await store.events.append({ actorId: clerk.id }, [{ type: 'audit.case_viewed', caseId: rec.id, payload: { purpose: 'delivery' } }]);
      return view(await loadCase(rec.id));
    },

    async checkRecipient(input: MethodParsedInput<'delivery.checkRecipient'>): Promise<MethodOutput<'delivery.checkRecipient'>> {
      const rec = await loadCase(input.caseId);
      const m = matchRecipient(rec, input.idNumber);
      if (m?.role === 'applicant') return { match: 'applicant', message: '证件与申请人一致。' };
      if (m?.role === 'agent') return { match: 'agent', message: `证件与收件时登记的代办人一致（${m.relation ?? '代办人'}）。` };
      return { match: null, message: '证件与申请人及已登记的代办人均不符：如受申请人委托代领，请扫描授权委托书、填写关系后出件；否则不能交付。' };
    },

    handOver(clerk: Clerk, input: MethodParsedInput<'delivery.handOver'>) {
      return withCaseLock(input.caseId, async () => {
        const rec = await loadOwnCase(input.caseId);
        const again = await fresh(rec, input.expectedSeq, clerk, 'delivery.handed_over');
        if (again) return repeated(rec, again);
        const idCheck = checkIdNumber(input.recipient.idNumber.toUpperCase());
        if (!idCheck.ok) throw new AppError('INVALID_INPUT', `领取人证件号码有误：${idCheck.message}。请重新读卡或核对后输入。`, { field: 'recipient.idNumber' });
        const homeProblem = input.home ? homeVisitProblem(input.home, calendar.today()) : null;
        if (homeProblem) throw new AppError('INVALID_INPUT', homeProblem, { field: 'home.date' });
        const { picked, entries, completes } = await chosen(rec, input.itemIds, true);
        let match = matchRecipient(rec, input.recipient.idNumber);
        if (!match && input.authorization) {
          await requireBlobs(input.authorization.blobs, '授权委托书扫描件');
          match = { role: 'agent', relation: input.authorization.relation };
        }
        if (!match) {
          throw new AppError('FORBIDDEN', '领取人证件与申请人及已登记的代办人均不符，不能交付。如受申请人委托代领，请扫描授权委托书并填写关系后再出件。', {
            canAuthorize: true,
          });
        }
        requireTicks(entries, input.ticked);
        if (!input.signatureBlob && input.signedPaperBlobs.length === 0) {
          throw new AppError('INVALID_INPUT', '请领取人在签字屏上签名，或扫描领取人签字的纸质回执后再出件。', { field: 'signature' });
        }
        await requireBlobs([...(input.signatureBlob ? [input.signatureBlob] : []), ...input.signedPaperBlobs], '签名');
        const recipient: Recipient = {
          role: match.role,
          name: input.recipient.name,
          idNumber: input.recipient.idNumber.toUpperCase(),
          relation: match.relation,
          verification: input.recipient.verification,
        };
        const events: NewEvent[] = [
          {
            type: 'delivery.handed_over',
            caseId: rec.id,
            payload: {
              receiptNo: await receiptNo(rec),
              itemIds: picked.map((i) => i.itemId),
              channel: input.home ? 'home' : 'window',
              ...(input.home ? { home: input.home } : {}),
              recipient,
              authorizationBlobs: input.authorization?.blobs ?? [],
              entries: entries.map((e) => ({ key: e.key, kind: e.kind, itemId: e.itemId, description: e.description })),
              signatureBlob: input.signatureBlob,
              signedPaperBlobs: input.signedPaperBlobs,
              ratingCode: code(),
            },
          },
        ];
        if (completes) events.push({ type: 'case.delivered', caseId: rec.id, payload: { channel: input.home ? 'home' : 'window' } });
        if (prompt?.kind === 'signature' && prompt.caseId === rec.id) prompt.state = 'closed';
        return handed(clerk, rec, events);
      });
    },

    releaseElectronic(clerk: Clerk, input: MethodParsedInput<'delivery.releaseElectronic'>) {
      return withCaseLock(input.caseId, async () => {
        const rec = await loadOwnCase(input.caseId);
        const again = await fresh(rec, input.expectedSeq, clerk, 'delivery.handed_over');
        if (again) return repeated(rec, again);
        const { ix, picked, entries, completes } = await chosen(rec, input.itemIds, false);
        const physical = picked.filter((i) => entriesOf(ix, i).some(needsTick));
        if (physical.length) {
          throw new AppError('INVALID_INPUT', `“${physical.map((i) => label(() => ix.item(i.itemId).name, i.itemId)).join('、')}”有纸质结果，须到窗口领取或邮寄。`);
        }
        const events: NewEvent[] = [
          {
            type: 'delivery.handed_over',
            caseId: rec.id,
            payload: {
              receiptNo: await receiptNo(rec),
              itemIds: picked.map((i) => i.itemId),
              channel: 'electronic',
              recipient: null,
              authorizationBlobs: [],
              entries: entries.map((e) => ({ key: e.key, kind: e.kind, itemId: e.itemId, description: e.description })),
              signatureBlob: null,
              signedPaperBlobs: [],
              ratingCode: code(),
            },
          },
        ];
        if (completes) events.push({ type: 'case.delivered', caseId: rec.id, payload: { channel: 'electronic' } });
        return handed(clerk, rec, events);
      });
    },

    mail(clerk: Clerk, input: MethodParsedInput<'delivery.mail'>) {
      return withCaseLock(input.caseId, async () => {
        const rec = await loadOwnCase(input.caseId);
        const check = checkTrackingNumber(input.carrier, input.trackingNo);
        const trackingWarning = check.ok ? null : check.message;
        const again = await fresh(rec, input.expectedSeq, clerk, 'delivery.mailed');
        if (again) return { ...(await repeated(rec, again)), trackingWarning };
        if (input.carrier === 'other' && !input.carrierName) throw new AppError('INVALID_INPUT', '请填写寄递公司名称。', { field: 'carrierName' });
        const { entries } = await chosen(rec, input.itemIds, true);
        requireTicks(entries, input.ticked);
        const ratingCode = code();
        const trackingNo = check.normalized;
        // Printed as Code 128 on the waybill and scanned back: only letters and digits will do.
        if (!/^[A-Z0-9]{6,30}$/.test(trackingNo)) throw new AppError('INVALID_INPUT', '运单号应为 6–30 位字母或数字，请核对面单后重新输入或扫描。', { field: 'trackingNo' });
        const out = await handed(clerk, rec, [
          {
            type: 'delivery.mailed',
            caseId: rec.id,
            payload: {
              receiptNo: await receiptNo(rec),
              itemIds: [...new Set(input.itemIds)],
              entries: entries.map((e) => ({ key: e.key, kind: e.kind, itemId: e.itemId, description: e.description })),
              carrier: input.carrier,
              carrierName: input.carrierName,
              trackingNo,
              trackingFormatOk: check.ok,
              to: input.to,
              ratingCode,
            },
          },
        ]);
        const carrier = input.carrier === 'other' ? input.carrierName! : CARRIER_LABELS[input.carrier];
        await enqueue(rec, 'mail_sent', { carrier, trackingNo }, (await store.deliveries.ofCase(rec.id)).filter((v) => v.channel === 'mail').length);
        return { ...out, trackingWarning };
      });
    },

    mailOutcome(clerk: Clerk, input: MethodParsedInput<'delivery.mailOutcome'>) {
      return withCaseLock(input.caseId, async () => {
        const rec = await loadOwnCase(input.caseId);
        await fresh(rec, input.expectedSeq, clerk, null);
        const visit = await store.deliveries.get(input.visitId);
        if (!visit || visit.caseId !== rec.id || visit.channel !== 'mail') throw new AppError('NOT_FOUND', '找不到这次邮寄记录。');
        if (visit.status !== 'in_transit') throw new AppError('INVALID_TRANSITION', '这次邮寄已经确认送达或退回。');
        const events: NewEvent[] = [];
        if (input.outcome === 'delivered') {
          events.push({ type: 'delivery.mail_delivered', caseId: rec.id, payload: { visitId: visit.visitId, on: calendar.today() } });
          const items = await store.items.ofCase(rec.id);
          const after = items.map((i) => (visit.itemIds.includes(i.itemId) ? { ...i, handover: 'delivered' as const } : i));
          if (rec.state === 'ready' && after.every((i) => i.state === null || !HANDED_OVER_STATES.includes(i.state) || i.handover === 'delivered')) {
            events.push({ type: 'case.delivered', caseId: rec.id, payload: { channel: 'mail' } });
          }
        } else {
          if (!input.reason) throw new AppError('INVALID_INPUT', '请填写退回原因（如地址不详、拒收、无人签收）。', { field: 'reason' });
          events.push({ type: 'delivery.mail_returned', caseId: rec.id, payload: { visitId: visit.visitId, reason: input.reason } });
        }
        await store.events.append({ actorId: clerk.id }, events);
        return view(await loadCase(rec.id));
      });
    },

    async notify(input: MethodParsedInput<'delivery.notify'>): Promise<DeliveryView> {
      const rec = await loadOwnCase(input.caseId);
      const ready = (await notifier.ofCases([rec.id])).find((n) => n.kind === 'ready');
      if (ready?.status === 'failed') {
        await notifier.retry(ready.id);
        return view(rec);
      }
      if (ready) throw new AppError('CONFLICT', ready.status === 'sent' ? '已经通知过申请人，不再重复发送。' : '通知短信正在发送，请稍候。');
      if (!rec.handoverDue) throw new AppError('INVALID_TRANSITION', '该办件没有待领取的结果，无需通知。');
      if (!recipientPhone(rec)) throw new AppError('INVALID_INPUT', '办件没有登记申请人或代办人的手机号码，请电话通知。');
      await enqueue(rec, 'ready', {});
      return view(await loadCase(rec.id));
    },

    /** Ready cases of this hall whose applicant has not been told yet, and visits left unrated: the messages due. */
    async sweep(): Promise<{ ready: number; reminders: number }> {
      let ready = 0;
      let reminders = 0;
      if (!settings.read().installation) return { ready, reminders };
      const hall = installationOf(settings).hallCode;
      const { caseIds } = settings.read().delivery.autoNotify ? await store.deliveries.queue(0, 200, hall) : { caseIds: [] };
      for (const id of caseIds) {
        const rec = await store.cases.get(id);
        if (!rec || rec.notifiedAt || !recipientPhone(rec)) continue;
        const r = await enqueue(rec, 'ready', {}).catch(() => null);
        if (r?.queued) ready++;
      }
      const hours = deps.reminderAfterHours ?? settings.read().delivery.ratingReminderHours;
      const before = new Date(deps.now() - hours * 3600_000).toISOString();
      for (const v of await store.deliveries.unrated(before, 100)) {
        const rec = await store.cases.get(v.caseId);
        if (!rec || rec.hallCode !== hall || !v.ratingCode) continue;
        const r = await enqueue(rec, 'rating_reminder', { ratingCode: v.ratingCode, ratingUrl: ratingLink(v.ratingCode) }).catch(() => null);
        if (r?.queued) reminders++;
      }
      return { ready, reminders };
    },

    async document(input: MethodParsedInput<'delivery.document'>): Promise<MethodOutput<'delivery.document'>> {
      const { html, fileName } = await this.documentHtml(input);
      const pdf = await deps.renderPdf(html);
      return { fileName, pdfBase64: pdf.toString('base64') };
    },

    async documentHtml(input: MethodParsedInput<'delivery.document'>): Promise<{ html: string; fileName: string }> {
      const rec = await loadCase(input.caseId);
      const visit = await store.deliveries.get(input.visitId);
      if (!visit || visit.caseId !== rec.id) throw new AppError('NOT_FOUND', '找不到这次出件记录。');
      const { ix } = await catalog.indexOf(rec.catalogVersion);
      const inst = installationOf(settings);
      const f = rec.data.fields;
      const d = visit.detail as Record<string, unknown>;
      const at = chinaDateTime(Date.parse(visit.createdAt));
      const caseNumber = rec.caseNumber!;
      if (input.kind === 'waybill') {
        if (visit.channel !== 'mail') throw new AppError('INVALID_INPUT', '这次出件不是邮寄，没有邮寄面单。');
        const { senderPhone, senderAddress } = settings.read().delivery;
        if (!senderPhone || !senderAddress) {
          throw new AppError('INVALID_INPUT', '面单缺少寄件人地址或电话：请系统管理员在设置中填写大厅的寄件地址和电话（delivery.senderAddress / senderPhone）。');
        }
        const html = renderDocument('waybill', {
          carrier: visit.carrier as (typeof CARRIER_IDS)[number],
          ...(d.carrierName ? { carrierName: d.carrierName as string } : {}),
          trackingNo: visit.trackingNo!,
          sender: { name: inst.hallName, phone: senderPhone, address: senderAddress },
          recipient: d.to as { name: string; phone: string; address: string },
          caseNumber,
          contents: `政务服务办理结果 ${visit.itemIds.length} 件`,
          printedAt: chinaDateTime(deps.now()),
          note: '政务服务免费寄递',
        });
        return { html, fileName: documentFileName('waybill', caseNumber) };
      }
      const recipient = d.recipient as Recipient | null;
      const entries = (d.entries as { key: string; kind: HandoverEntry['kind']; itemId: string | null; description: string }[]).map((e) => ({
        item: e.itemId ? label(() => ix.item(e.itemId!).name, e.itemId!) : '—',
        department: e.itemId ? ix.departmentName(label(() => ix.item(e.itemId!).departmentId.value, '')) : '综合窗口',
        kind: e.kind,
        description: e.description,
        count: 1,
      }));
      const sig = d.signatureBlob ? await deps.readBlob(d.signatureBlob as string) : null;
      const lang = input.lang ?? rec.data.lang;
      const html = renderDocument('receipt', {
        header: {
          hallName: inst.hallName,
          counterName: inst.counterName,
          caseNumber,
          clerkName: await clerkName(visit.actorId),
          issuedAt: at,
          queryChannel: settings.read().queryChannel,
          bundleName: label(() => ix.bundle(rec.bundleId).name, rec.bundleId),
          applicant: {
            kind: rec.applicantKind,
            name: f['applicant.name'] || f['enterprise.legalRep'] || '—',
            idNumberMasked: maskIdNumber(f['applicant.idNumber'] ?? '********'),
            ...(rec.applicantKind === 'enterprise' ? { enterpriseName: f['enterprise.name'] ?? '—', creditCode: f['enterprise.creditCode'] ?? '' } : {}),
          },
        },
        receiptNo: visit.receiptNo,
        handedAt: at,
        channel: visit.channel,
        recipient: recipient
          ? { name: recipient.name, role: recipient.role, idNumberMasked: maskIdNumber(recipient.idNumber), ...(recipient.relation ? { relation: recipient.relation } : {}), verification: recipient.verification }
          : // Mail and electronic release: nobody showed a card at the window.
            { name: visit.recipientName ?? (f['applicant.name'] || '—'), role: 'applicant', idNumberMasked: '****', verification: 'manual' },
        entries,
        signature: sig ? { kind: 'image', dataUrl: `data:image/png;base64,${sig.bytes.toString('base64')}` } : { kind: 'paper' as const },
        ratingCode: visit.ratingCode,
        ...(visit.ratingCode && settings.read().delivery.ratingUrl ? { ratingUrl: ratingLink(visit.ratingCode) } : {}),
        ...(visit.channel === 'mail'
          ? { mail: { carrier: visit.carrier as (typeof CARRIER_IDS)[number], ...(d.carrierName ? { carrierName: d.carrierName as string } : {}), trackingNo: visit.trackingNo! } }
          : {}),
      }, lang);
      return { html, fileName: documentFileName('receipt', caseNumber, lang) };
    },

    async signaturePrompt(clerk: Clerk, input: MethodParsedInput<'delivery.signaturePrompt'>) {
      const rec = await loadCase(input.caseId);
      const { entries } = await chosen(rec, input.itemIds, true);
      prompt = { id: randomUUID(), kind: 'signature', caseId: rec.id, visitId: null, clerkId: clerk.id, state: 'waiting', signatureBlob: null, ratingLevel: null };
      deps.showApplicant({ kind: 'signature', hallName: installationOf(settings).hallName, promptId: prompt.id, caseNumber: rec.caseNumber, entries: entries.map((e) => e.description) });
      return { promptId: prompt.id };
    },

    /**
     * A signature on the applicant screen confirming what was done on the applicant's behalf
     * (帮办代办): the same one-prompt-at-a-time pad as the handover receipt, showing `lines`.
     */
    async confirmationPrompt(clerk: Clerk, caseId: string, lines: string[]) {
      const rec = await loadCase(caseId);
      prompt = { id: randomUUID(), kind: 'signature', caseId: rec.id, visitId: null, clerkId: clerk.id, state: 'waiting', signatureBlob: null, ratingLevel: null };
      deps.showApplicant({ kind: 'signature', hallName: installationOf(settings).hallName, promptId: prompt.id, caseNumber: rec.caseNumber, entries: lines });
      return { promptId: prompt.id };
    },

    async ratingPrompt(clerk: Clerk, input: MethodParsedInput<'delivery.ratingPrompt'>) {
      const rec = await loadCase(input.caseId);
      const visit = await store.deliveries.get(input.visitId);
      if (!visit || visit.caseId !== rec.id) throw new AppError('NOT_FOUND', '找不到这次出件记录。');
      if (await store.deliveries.rating(visit.visitId)) throw new AppError('CONFLICT', '这次出件已经评价过（一次一评）。');
      const { ix } = await catalog.indexOf(rec.catalogVersion);
      prompt = { id: randomUUID(), kind: 'rating', caseId: rec.id, visitId: visit.visitId, clerkId: clerk.id, state: 'waiting', signatureBlob: null, ratingLevel: null };
      deps.showApplicant({ kind: 'rating', hallName: installationOf(settings).hallName, promptId: prompt.id, bundleName: label(() => ix.bundle(rec.bundleId).name, rec.bundleId) });
      return { promptId: prompt.id };
    },

    promptResult(input: MethodParsedInput<'delivery.promptResult'>): MethodOutput<'delivery.promptResult'> {
      if (!prompt || prompt.id !== input.promptId) return { state: 'closed', signatureBlob: null, ratingLevel: null };
      return { state: prompt.state, signatureBlob: prompt.signatureBlob, ratingLevel: prompt.ratingLevel };
    },

    /** The applicant signed on the applicant screen: the PNG is kept as a blob for the receipt. */
    async sign(input: MethodParsedInput<'applicant.sign'>): Promise<Record<string, never>> {
      const p = currentPrompt(input.promptId, 'signature');
      const bytes = Buffer.from(input.pngBase64, 'base64');
      if (bytes.length > MAX_SIGNATURE_BYTES || bytes.length < 100 || !bytes.subarray(0, 8).equals(PNG_MAGIC)) {
        throw new AppError('INVALID_INPUT', '签名图片无效，请重新签名。');
      }
      p.signatureBlob = await deps.putBlob(bytes, 'image/png');
      p.state = 'signed';
      deps.showApplicant({ kind: 'thanks', hallName: installationOf(settings).hallName });
      return {};
    },

    /** 好差评 from the applicant screen: one rating per visit; a second tap changes nothing. */
    async rate(input: MethodParsedInput<'applicant.rate'>): Promise<Record<string, never>> {
      const p = currentPrompt(input.promptId, 'rating');
      const rec = await loadCase(p.caseId);
      await withCaseLock(rec.id, () => appendRating(rec, p.visitId!, input, 'counter', null));
      p.state = 'rated';
      p.ratingLevel = input.level;
      deps.showApplicant({ kind: 'thanks', hallName: installationOf(settings).hallName });
      return {};
    },

    async byCode(input: MethodParsedInput<'rating.byCode'>): Promise<MethodOutput<'rating.byCode'>> {
      const visit = await store.deliveries.byRatingCode(input.code);
      if (!visit) throw new AppError('NOT_FOUND', '评价码不存在，请核对回执或短信上的评价码。', { field: 'code' });
      const rec = await loadCase(visit.caseId);
      const counted = await withCaseLock(rec.id, () => appendRating(rec, visit.visitId, input, 'code', null));
      return { caseNumber: rec.caseNumber, counted };
    },

    async appeal(clerk: Clerk, input: MethodParsedInput<'rating.appeal'>): Promise<Record<string, never>> {
      const rating = await store.deliveries.rating(input.visitId);
      if (!rating || !isBadRating(rating.level)) throw new AppError('NOT_FOUND', '找不到该差评。');
      if (rating.ratedClerkId !== clerk.id) throw new AppError('FORBIDDEN', '只有被评价的工作人员本人可以对该评价申诉。');
      await withCaseLock(rating.caseId, () =>
        store.events.append({ actorId: clerk.id }, [{ type: 'rating.appealed', caseId: rating.caseId, payload: { visitId: input.visitId, reason: input.reason } }]),
      );
      return {};
    },

    async rectifications(input: MethodParsedInput<'supervision.rectifications'>): Promise<MethodOutput<'supervision.rectifications'>> {
      const rows = await store.deliveries.rectifications(input.open ? ['open', 'verified', 'rectified'] : ['open', 'verified', 'rectified', 'closed'], 500);
      return { rows: await Promise.all(rows.map(rectRow)), today: calendar.today() };
    },

    rectify(clerk: Clerk, input: MethodParsedInput<'supervision.rectify'>) {
      return rectifyAct(clerk, input.visitId, input.expectedVersion, (r) => ({ type: 'rectification.recorded', caseId: r.caseId, payload: { visitId: r.visitId, entry: input.entry } }));
    },

    decideAppeal(clerk: Clerk, input: MethodParsedInput<'supervision.decideAppeal'>) {
      return rectifyAct(clerk, input.visitId, input.expectedVersion, (r) => ({
        type: 'rating.appeal_decided',
        caseId: r.caseId,
        payload: { visitId: r.visitId, upheld: input.upheld, note: input.note },
      }));
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
