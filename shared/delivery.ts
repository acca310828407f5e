import { z } from 'zod';
import type { Item } from './catalog.js';
import type { ItemState } from './case-machine.js';
import type { IntakeData } from './intake.js';
import type { ItemResultRecord } from './routing.js';

// 综合出件 · 好差评: what a case hands over and to whom, how a visit is recorded, and the
// applicant's rating with the rectification a bad one opens. Pure rules over event data.

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '文件标识格式错误');
const text = (max: number) => z.string().trim().min(1).max(max);

export const HANDOVER_STATES = ['mailed', 'delivered'] as const;
export type HandoverState = (typeof HANDOVER_STATES)[number];

/** Item states whose result goes to the applicant: a decision either way. Ended items hand nothing over. */
export const HANDED_OVER_STATES: readonly ItemState[] = ['approved', 'rejected'];

export const ENTRY_KINDS = ['result', 'decision', 'original', 'elicense'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];
export const ENTRY_KIND_LABELS: Record<EntryKind, string> = {
  result: '办理结果',
  decision: '决定文书',
  original: '退还原件',
  elicense: '电子证照',
};

/** One line of the handover checklist; electronic entries need no tick. */
export interface HandoverEntry {
  key: string;
  kind: EntryKind;
  itemId: string | null;
  item: string;
  department: string;
  description: string;
  count: number;
}

export const recipientSchema = z.object({
  role: z.enum(['applicant', 'agent']),
  name: text(50),
  /** Full number: the record proves who collected; views and documents mask it. */
  idNumber: text(18),
  relation: z.string().trim().max(20).nullable(),
  /** How the identity was checked: the card read at the window, or the card looked at and typed. */
  verification: z.enum(['reader', 'manual']),
});
export type Recipient = z.infer<typeof recipientSchema>;

export const checklistEntrySchema = z.object({
  key: text(80),
  kind: z.enum(ENTRY_KINDS),
  itemId: z.string().max(64).nullable(),
  description: text(300),
});

export const CARRIER_IDS = ['ems', 'sf', 'jd', 'other'] as const;

// Limits of the waybill label: what is longer does not fit the 100 × 150 mm label.
export const mailRecipientSchema = z.object({
  name: text(20),
  phone: z.string().trim().regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, '请填写收件人手机号码或带区号的固定电话'),
  address: z.string().trim().min(8, '请填写完整的邮寄地址（省市区县、街道门牌）').max(100, '邮寄地址不能超过 100 个字'),
});

export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
export const RATING_LABELS: Record<RatingLevel, string> = { 5: '非常满意', 4: '满意', 3: '基本满意', 2: '不满意', 1: '非常不满意' };
/** 不满意 and 非常不满意 open a rectification. */
export const isBadRating = (level: number): boolean => level <= 2;

export const RATING_REASONS = [
  '办事指南不清楚',
  '材料要求反复、多次补正',
  '等候时间过长',
  '工作人员服务态度不好',
  '未按承诺时限办结',
  '来回跑、多次跑',
  '系统或设备故障',
  '其他',
] as const;

/** Working days a supervisor has to rectify a bad rating. */
export const RECTIFICATION_DAYS = 15;

export const RECTIFICATION_STEPS = ['verify', 'rectify', 'callback', 'close'] as const;
export type RectificationStep = (typeof RECTIFICATION_STEPS)[number];
export const RECTIFICATION_STEP_LABELS: Record<RectificationStep | 'appeal' | 'appeal_decided', string> = {
  verify: '核实',
  rectify: '整改',
  callback: '回访',
  close: '办结',
  appeal: '申诉',
  appeal_decided: '申诉裁定',
};

export const RECTIFICATION_STATES = ['open', 'verified', 'rectified', 'closed'] as const;
export type RectificationState = (typeof RECTIFICATION_STATES)[number];
export const RECTIFICATION_STATE_LABELS: Record<RectificationState, string> = { open: '待核实', verified: '已核实', rectified: '已整改', closed: '已办结' };

export const rectificationStepSchema = z.discriminatedUnion('step', [
  z.object({ step: z.literal('verify'), justified: z.boolean(), text: text(1000) }),
  z.object({ step: z.literal('rectify'), text: text(1000) }),
  z.object({ step: z.literal('callback'), reached: z.boolean(), satisfied: z.boolean().nullable(), text: text(1000) }),
  z.object({ step: z.literal('close'), text: text(1000) }),
]);
export type RectificationStepInput = z.infer<typeof rectificationStepSchema>;

/** A recorded step of a rectification, with who and when (from its event). */
export type RectificationEntry = RectificationStepInput | { step: 'appeal'; text: string } | { step: 'appeal_decided'; upheld: boolean; text: string };
export type RectificationRecord = RectificationEntry & {
  at: string;
  actorId: string | null;
};

/**
 * Whether `step` may follow the steps so far: verify first; rectify only after a justified
 * verification; close only after a call-back that reached the applicant (100% 回访) and, for a
 * justified complaint, after rectifying. Returns the Chinese reason when not.
 */
export function rectificationStepProblem(state: RectificationState, steps: readonly RectificationRecord[], step: RectificationStep): string | null {
  if (state === 'closed') return '该整改事项已经办结。';
  const verified = steps.filter((s) => s.step === 'verify').at(-1) as Extract<RectificationRecord, { step: 'verify' }> | undefined;
  const pendingAppeal = steps.some((s) => s.step === 'appeal') && !steps.some((s) => s.step === 'appeal_decided');
  if (pendingAppeal) return '工作人员对该评价提出了申诉，请先裁定申诉。';
  switch (step) {
    case 'verify':
      return null;
    case 'rectify':
      if (!verified) return '请先核实差评反映的情况。';
      return verified.justified ? null : '核实结论为反映不属实，无需整改，请回访后办结。';
    case 'callback':
      return verified ? null : '请先核实差评反映的情况，再回访申请人。';
    case 'close': {
      if (!verified) return '请先核实差评反映的情况。';
      if (verified.justified && !steps.some((s) => s.step === 'rectify')) return '反映属实的差评须先记录整改措施。';
      if (!steps.some((s) => s.step === 'callback' && s.reached)) return '差评须 100% 回访：请先记录与申请人联系上的回访。';
      return null;
    }
  }
}

export function rectificationStateAfter(state: RectificationState, step: RectificationStep): RectificationState {
  return step === 'verify' ? 'verified' : step === 'rectify' ? 'rectified' : step === 'close' ? 'closed' : state;
}

/** The result entries an item hands over once decided. */
export function itemEntries(
  item: Pick<Item, 'id' | 'name'> & { resultName: string },
  department: string,
  state: ItemState | null,
  result: ItemResultRecord | null,
  reason: string | null,
): HandoverEntry[] {
  const base = { itemId: item.id, item: item.name, department, count: 1 };
  if (state === 'rejected') {
    return [{ ...base, key: `${item.id}:decision`, kind: 'decision', description: `不予批准决定书${reason ? `（${reason.slice(0, 60)}）` : ''}` }];
  }
  if (state !== 'approved' || !result) return [];
  const out: HandoverEntry[] = [];
  const physical = Boolean(result.number) || result.documentBlobs.length > 0 || !result.elicenseId;
  if (physical) {
    const parts = [item.resultName, result.number ? `编号 ${result.number}` : null, !result.number && result.note ? result.note.slice(0, 80) : null].filter(Boolean);
    out.push({ ...base, key: `${item.id}:result`, kind: 'result', description: parts.join(' ') });
  }
  if (result.elicenseId) out.push({ ...base, key: `${item.id}:elicense`, kind: 'elicense', description: `${item.resultName} 电子证照 ${result.elicenseId}` });
  return out;
}

/** Originals the counter kept at intake, to return at the first handover at the window. */
export function originalEntries(data: IntakeData, materialName: (key: string) => string): HandoverEntry[] {
  return Object.entries(data.materials)
    .filter(([, m]) => m?.status === 'original')
    .map(([key]) => ({ key: `original:${key}`, kind: 'original' as const, itemId: null, item: '—', department: '综合窗口', description: `${materialName(key)}（原件）`, count: 1 }));
}

/** An entry the applicant takes in hand and the clerk must tick; e-licenses go out by themselves. */
export const needsTick = (e: Pick<HandoverEntry, 'kind'>): boolean => e.kind !== 'elicense';

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** An 8-character rating code (no 0/O, 1/I) from random bytes. */
export function ratingCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < 8) throw new Error('rating code needs 8 random bytes');
  return Array.from(bytes.slice(0, 8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

export const RATING_CODE_RE = /^[A-HJ-NP-Z2-9]{8}$/;

export const ratingInputSchema = z
  .object({
    level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    reasons: z.array(z.enum(RATING_REASONS)).max(RATING_REASONS.length).default([]),
    comment: z.string().trim().max(500).nullable().default(null),
  })
  .superRefine((r, ctx) => {
    if (!isBadRating(r.level) && (r.reasons.length > 0 || r.comment)) {
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: '只有“不满意”“非常不满意”需要选择原因' });
    }
  });
export type RatingInput = z.infer<typeof ratingInputSchema>;

export { sha256 as blobIdSchema };
