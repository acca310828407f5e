import { z } from 'zod';
import { isRouted, type CaseState, type ItemState } from './case-machine.js';
import { PROVINCE_CODE_PREFIX, REGION_LABELS, type Jurisdiction, type JurisdictionLevel } from './catalog.js';
import type { IsoDate } from './calendar.js';
import type { CentralCase, DeviceScope } from './sync-rules.js';
import type { RejectCode } from './sync.js';

// 代收代办 (全省通办 · 跨省通办) and 材料流转: a hall takes a case in for another division, whose
// departments decide it; paper originals travel by courier with a packing list, and the next
// working day after sending is the promised arrival. Pure: schemas, labels, rules the host, the
// projections and the central service share.

export { jurisdictionErrors } from './catalog.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().date();
const divisionCode = z.string().regex(/^\d{6}$/, '区划代码应为 6 位数字');

export const PROXY_SCOPES = ['province', 'cross_province'] as const;
export type ProxyScope = (typeof PROXY_SCOPES)[number];
export const PROXY_SCOPE_LABELS: Record<ProxyScope, string> = { province: '全省通办', cross_province: '跨省通办' };

export const JURISDICTION_LEVEL_LABELS: Record<JurisdictionLevel, string> = { province: '省级', city: '地市级', county: '县级' };

/** Same province (the first two digits of the 区划代码) is 全省通办; anything else 跨省通办. Derived, never typed. */
export function proxyScope(takenInCode: string, decidingCode: string): ProxyScope {
  return takenInCode.slice(0, 2) === decidingCode.slice(0, 2) ? 'province' : 'cross_province';
}

/** The province label of a division code, or null for a code outside the catalog's provinces. */
export function provinceOfCode(code: string): string | null {
  const hit = (Object.entries(PROVINCE_CODE_PREFIX) as [keyof typeof REGION_LABELS, string][]).find(([, prefix]) => code.startsWith(prefix));
  return hit ? REGION_LABELS[hit[0]] : null;
}

/** The divisions a hall may choose as deciding side: not its own, own province first, then by code. */
export function decidingChoices(list: readonly Jurisdiction[], ownCode: string): (Jurisdiction & { scope: ProxyScope })[] {
  return list
    .filter((j) => j.code !== ownCode)
    .map((j) => ({ ...j, scope: proxyScope(ownCode, j.code) }))
    .sort((a, b) => Number(a.scope !== 'province') - Number(b.scope !== 'province') || a.code.localeCompare(b.code));
}

/** Carried by `case.draft_updated`: where the case is decided and the hall that took it in. */
export const proxyMarkSchema = z.object({
  decidingCode: divisionCode,
  decidingName: text(40),
  takenInName: text(100),
});
export type ProxyMark = z.infer<typeof proxyMarkSchema>;

/** A proxy case as the counter and the deciding side see it. */
export const proxyViewSchema = z.object({
  decidingCode: z.string(),
  decidingName: z.string(),
  takenInCode: z.string(),
  takenInName: z.string(),
  scope: z.enum(PROXY_SCOPES),
});
export type ProxyView = z.infer<typeof proxyViewSchema>;

export function proxyView(takenInCode: string, mark: ProxyMark): ProxyView {
  return { decidingCode: mark.decidingCode, decidingName: mark.decidingName, takenInCode, takenInName: mark.takenInName, scope: proxyScope(takenInCode, mark.decidingCode) };
}

// ---------------------------------------------------------------------------
// 材料流转

export const TRANSFER_LINE_KINDS = ['original', 'copy'] as const;
export type TransferLineKind = (typeof TRANSFER_LINE_KINDS)[number];
export const TRANSFER_LINE_KIND_LABELS: Record<TransferLineKind, string> = { original: '原件', copy: '复印件' };

export const transferLineSchema = z.object({
  name: text(120),
  copies: z.number().int().min(1).max(99),
  kind: z.enum(TRANSFER_LINE_KINDS),
});
export type TransferLine = z.infer<typeof transferLineSchema>;

/** `transfer.sent`: the taking-in hall posted the originals; `dueOn` is computed by its calendar. */
export const transferSentSchema = z
  .object({
    transferId: text(64),
    lines: z.array(transferLineSchema).min(1).max(100),
    courier: text(30),
    trackingNo: text(40),
    sentOn: isoDate,
    dueOn: isoDate,
  })
  .refine((p) => p.dueOn > p.sentOn, { message: '应到日期须晚于寄出日期', path: ['dueOn'] });
export type TransferSent = z.infer<typeof transferSentSchema>;

/** `transfer.received`: the deciding side confirms the package arrived, noting anything missing or damaged. */
export const transferReceivedSchema = z.object({
  transferId: text(64),
  receivedOn: isoDate,
  receivedBy: text(50),
  discrepancy: z.string().trim().min(1).max(500).nullable(),
});
export type TransferReceived = z.infer<typeof transferReceivedSchema>;

export const TRANSFER_STATUSES = ['in_transit', 'received', 'overdue'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];
export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = { in_transit: '在途', received: '已签收', overdue: '逾期' };

/** The promised arrival: the next working day after sending (the hall's calendar). */
export function transferDueOn(cal: { addWorkdays(start: IsoDate, n: number): { date: IsoDate } }, sentOn: IsoDate): IsoDate {
  return cal.addWorkdays(sentOn, 1).date;
}

/** Received is final; otherwise overdue once the promised day has passed. */
export function transferStatus(t: { receivedOn: string | null; dueOn: string }, today: IsoDate): TransferStatus {
  if (t.receivedOn !== null) return 'received';
  return t.dueOn < today ? 'overdue' : 'in_transit';
}

/** Originals travel once the case is accepted and with the departments, not before or after. */
export function transferSendAllowed(state: CaseState, items: readonly (ItemState | null)[]): boolean {
  return state === 'accepted' || state === 'in_review' || (state === 'correction_requested' && isRouted(items));
}

// ---------------------------------------------------------------------------
// Central rules (called from judgeEvent)

export interface Refusal {
  code: RejectCode;
  reason: string;
}

const label = (c: Pick<CentralCase, 'decidingCode' | 'decidingName'>) => c.decidingName || c.decidingCode || '';

/** The deciding hall's scope once the case went to the departments; null for other cases. */
export function decidingScope(c: CentralCase | null): string | null {
  if (!c?.decidingCode) return null;
  return isRouted(Object.values(c.items).map((i) => i.state)) ? `hall:${c.decidingCode}` : null;
}

/** A device of the deciding hall (or a department system, which has no hall). */
export function atDecidingSide(c: CentralCase, device: DeviceScope): boolean {
  return !!c.decidingCode && (device.hallCode === c.decidingCode || device.hallCode === null);
}

/**
 * The proxy mark of a `case.draft_updated`: undefined when the event does not touch it, the new
 * values, or a refusal (only a draft may be marked; a hall cannot take in for itself).
 */
export function proxyMarkChange(current: CentralCase, payload: { proxy?: ProxyMark | null }): Pick<CentralCase, 'decidingCode' | 'decidingName'> | Refusal | undefined {
  if (payload.proxy === undefined) return undefined;
  if (current.state !== 'draft') return { code: 'INVALID_TRANSITION', reason: '代收代办只能在收件草稿阶段设置或取消，该办件已作出受理决定。' };
  if (payload.proxy === null) return { decidingCode: null, decidingName: null };
  if (payload.proxy.decidingCode === current.hallCode) return { code: 'INVALID_PAYLOAD', reason: '作出决定地与收件大厅相同，不是代收代办。' };
  return { decidingCode: payload.proxy.decidingCode, decidingName: payload.proxy.decidingName };
}

/**
 * Item events of a proxy case: the deciding side's devices (and department systems) only; the
 * taking-in hall keeps its routing moves (blocked / queued / cancelled) as for any case.
 */
export function proxyItemRefusal(c: CentralCase, device: DeviceScope, routingMove: boolean): Refusal | null {
  if (!c.decidingCode || atDecidingSide(c, device)) return null;
  if (routingMove && device.hallCode === c.hallCode) return null;
  return { code: 'FORBIDDEN', reason: `该办件为代收代办，须由作出决定地（${label(c)}）的部门办理。` };
}

/** `transfer.sent` from the taking-in hall, `transfer.received` once from the deciding side. */
export function judgeTransfer(type: string, payload: unknown, device: DeviceScope, c: CentralCase): CentralCase | Refusal {
  const transfers = c.transfers ?? {};
  if (!c.decidingCode) return { code: 'INVALID_TRANSITION', reason: '该办件不是代收代办，没有需要流转的材料。' };
  if (type === 'transfer.sent') {
    const p = payload as TransferSent;
    if (device.hallCode !== c.hallCode) return { code: 'FORBIDDEN', reason: '只有收件大厅的窗口能寄出该办件的材料。' };
    if (!transferSendAllowed(c.state, Object.values(c.items).map((i) => i.state))) {
      return { code: 'INVALID_TRANSITION', reason: '办件尚未受理或已审批完毕，不能登记寄出材料。' };
    }
    if (transfers[p.transferId]) return { code: 'INVALID_TRANSITION', reason: '这批材料已经登记过寄出。' };
    return { ...c, transfers: { ...transfers, [p.transferId]: 'sent' } };
  }
  if (type === 'transfer.received') {
    const p = payload as TransferReceived;
    const departmentOfCase = device.departments.some((d) => c.departments.includes(d));
    if (!(device.hallCode === c.decidingCode || (device.hallCode === null && departmentOfCase))) {
      return { code: 'FORBIDDEN', reason: `只有作出决定地（${label(c)}）能确认收到该办件的原件。` };
    }
    const state = transfers[p.transferId];
    if (!state) return { code: 'INVALID_TRANSITION', reason: '中心没有这批材料的寄出记录，不能确认收到。' };
    if (state === 'received') return { code: 'INVALID_TRANSITION', reason: '这批材料已经确认收到，无需重复确认。' };
    return { ...c, transfers: { ...transfers, [p.transferId]: 'received' } };
  }
  return { code: 'UNKNOWN_TYPE', reason: `未知的事件类型：${type}` };
}
