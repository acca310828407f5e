import { z } from 'zod';
import { MATERIAL_FORMS } from '../catalog.js';
import { CARRIERS } from '../tracking.js';
import { translator } from '../i18n/index.js';
import { checkCreditCode, checkDate, checkPhone } from '../validators.js';
import '../zod-locale.js';

// Inputs of the printable intake documents. The host validates what it passes with these
// schemas (renderDocument does it too); the renderers then only escape and lay out.
// Their messages are for the clerk, so Chinese whatever language the document is printed in.

const t = translator('zh', 'documents');

const text = (max: number) => z.string().trim().min(1).max(max);

const date = z.string().refine((s) => checkDate(s).ok, t('日期格式应为 年-月-日，如 2026-03-01'));
const dateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, t('时间格式应为 年-月-日 时:分，如 2026-03-01 09:30'))
  .refine((s) => checkDate(s.slice(0, 10)).ok && Number(s.slice(11, 13)) < 24 && Number(s.slice(14)) < 60, t('时间不存在，请检查年月日和时分'));

/** Letters, digits and a few separators: Code 128 encodes it and a scanner reads it back unchanged. */
export const caseNumberSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, t('案件编号只能由字母、数字和 - _ . / 组成，以字母或数字开头，最长 40 位'));

/** At most 8 visible characters: documents never carry a full ID number (use maskIdNumber). */
const maskedId = z.string().regex(/^[0-9A-Za-z]{0,4}\*+[0-9A-Za-z]{0,4}$/, t('证件号码须先遮盖，如 2301**********1234'));

const days = z.number().int().min(0).max(3650);

export const documentHeaderSchema = z.object({
  /** The issuer, e.g. 漠河市政务服务中心. */
  hallName: text(100),
  /** e.g. 综合窗口 3 号 */
  counterName: text(40),
  caseNumber: caseNumberSchema,
  clerkName: text(30),
  /** Local time the document is issued, `YYYY-MM-DD HH:mm`. */
  issuedAt: dateTime,
  /** Where the applicant asks about progress: hall phone, 12345, website. */
  queryChannel: text(200),
});
export type DocumentHeader = z.infer<typeof documentHeaderSchema>;

export const applicantSchema = z
  .object({
    kind: z.enum(['person', 'enterprise']),
    /** The person applying; for an enterprise the person handling it (经办人). */
    name: text(100),
    idNumberMasked: maskedId,
    enterpriseName: text(100).optional(),
    creditCode: z.string().optional(),
    /** 代办人 acting for the applicant. */
    agentName: text(100).optional(),
    agentIdNumberMasked: maskedId.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.kind === 'enterprise') {
      if (!a.enterpriseName) ctx.addIssue({ code: 'custom', path: ['enterpriseName'], message: t('单位申请须填写单位名称') });
      if (!a.creditCode) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: t('单位申请须填写统一社会信用代码') });
    }
    if (a.creditCode !== undefined) {
      const c = checkCreditCode(a.creditCode);
      if (!c.ok) ctx.addIssue({ code: 'custom', path: ['creditCode'], message: c.message });
    }
    if (a.agentIdNumberMasked && !a.agentName) ctx.addIssue({ code: 'custom', path: ['agentName'], message: t('填写了代办人证件号码，请同时填写代办人姓名') });
  });
export type Applicant = z.infer<typeof applicantSchema>;

export const documentItemSchema = z.object({
  name: text(120),
  department: text(60),
  /** 承诺办结时限, working days; 0 = 即办. */
  promisedDays: days,
  /** 法定办结时限, working days; null where no law sets one. */
  statutoryDays: days.nullable(),
  expectedDate: date,
});
export type DocumentItem = z.infer<typeof documentItemSchema>;

export const RECEIVED_HOW = ['original', 'copy', 'scanned', 'elicense'] as const;
export type ReceivedHow = (typeof RECEIVED_HOW)[number];

export const receivedMaterialSchema = z.object({
  name: text(120),
  how: z.enum(RECEIVED_HOW),
  pages: z.number().int().min(1).max(9999).optional(),
  /** Number of the e-licence the clerk retrieved instead. */
  licenceNo: text(60).optional(),
});
export type ReceivedMaterial = z.infer<typeof receivedMaterialSchema>;

export const deliverySchema = z.discriminatedUnion('method', [
  /** `counter`: where to collect, when not the hall's usual delivery window. */
  z.object({ method: z.literal('window'), counter: text(60).optional() }),
  z.object({ method: z.literal('mail'), address: text(200), recipient: text(100).optional() }),
  z.object({ method: z.literal('electronic') }),
]);
export type Delivery = z.infer<typeof deliverySchema>;

const caseBase = documentHeaderSchema.extend({
  applicant: applicantSchema,
  bundleName: text(60),
  /** When the application was handed in, if before `issuedAt` (a notice may follow within days). */
  submittedAt: dateTime.optional(),
});

export const acceptanceInputSchema = caseBase
  .extend({
    items: z.array(documentItemSchema).min(1).max(50),
    received: z.array(receivedMaterialSchema).min(1).max(200),
    /** Promised time of the whole case (dependent items in sequence), working days. */
    promisedDays: days,
    expectedDate: date,
    delivery: deliverySchema,
  })
  .superRefine((v, ctx) => {
    submittedNotAfterIssue(v, ctx);
    datesNotBeforeIssue(v, ctx);
  });
export type AcceptanceInput = z.infer<typeof acceptanceInputSchema>;

export const pendingMaterialSchema = z.object({
  name: text(120),
  /** Names of the items (as in `items`) that need it. */
  items: z.array(text(120)).min(1).max(50),
  deadline: date,
  note: text(300).optional(),
});
export type PendingMaterial = z.infer<typeof pendingMaterialSchema>;

export const signatureSchema = z.object({
  mime: z.enum(['image/png', 'image/jpeg']),
  base64: z.string().max(2_000_000).regex(/^[A-Za-z0-9+/]+={0,2}$/, t('签名图片数据不完整，请让申请人重新签字')),
  /** `YYYY-MM-DD HH:mm` */
  signedAt: dateTime,
});
export type Signature = z.infer<typeof signatureSchema>;

export const pendingInputSchema = caseBase
  .extend({
    items: z.array(documentItemSchema).min(1).max(50),
    received: z.array(receivedMaterialSchema).min(1).max(200),
    promisedDays: days,
    expectedDate: date,
    delivery: deliverySchema,
    pending: z.array(pendingMaterialSchema).min(1).max(50),
    /** Clauses of the 告知承诺书; default PENDING_DEFAULTS.commitment. */
    commitment: z.array(text(500)).min(1).max(20).optional(),
    /** What happens when the deadline lapses; default PENDING_DEFAULTS.lapse. */
    lapse: text(500).optional(),
    /** Captured on the applicant screen; absent: a line to sign by hand. */
    signature: signatureSchema.optional(),
  })
  .superRefine((v, ctx) => {
    submittedNotAfterIssue(v, ctx);
    datesNotBeforeIssue(v, ctx);
    const byName = new Map(v.items.map((i) => [i.name, i]));
    const issued = v.issuedAt.slice(0, 10);
    v.pending.forEach((m, n) => {
      if (m.deadline < issued) ctx.addIssue({ code: 'custom', path: ['pending', n, 'deadline'], message: t('“{{name}}”的补齐期限早于受理日期', { name: m.name }) });
      m.items.forEach((name, k) => {
        const item = byName.get(name);
        if (!item) ctx.addIssue({ code: 'custom', path: ['pending', n, 'items', k], message: t('“{{name}}”所属事项“{{item}}”不在本次受理的事项中', { name: m.name, item: name }) });
        else if (m.deadline > item.expectedDate) {
          ctx.addIssue({
            code: 'custom',
            path: ['pending', n, 'deadline'],
            message: t('“{{name}}”的补齐期限 {{deadline}} 晚于“{{item}}”的承诺办结日期 {{date}}，请提前', { name: m.name, deadline: m.deadline, item: name, date: item.expectedDate }),
          });
        }
      });
    });
  });
export type PendingInput = z.infer<typeof pendingInputSchema>;

export const correctionProblemSchema = z.object({
  name: text(120),
  problem: z.enum(['missing', 'wrong']),
  /** What is missing or wrong, in the applicant's terms. */
  detail: text(500),
  /** How to put it right, e.g. where to obtain it or what the form must say. */
  fix: text(500).optional(),
  form: z.enum(MATERIAL_FORMS).optional(),
  count: z.number().int().min(1).max(99).optional(),
  items: z.array(text(120)).min(1).max(50),
});
export type CorrectionProblem = z.infer<typeof correctionProblemSchema>;

export const correctionInputSchema = caseBase
  .extend({
    problems: z.array(correctionProblemSchema).min(1).max(200),
  })
  .superRefine(submittedNotAfterIssue);
export type CorrectionInput = z.infer<typeof correctionInputSchema>;

export const refusalInputSchema = caseBase.extend({
  items: z.array(z.object({ name: text(120), department: text(60) })).min(1).max(50),
  reason: text(1000),
  legalBasis: text(500).optional(),
  /** 行政复议机关; default: 依法有管辖权的行政复议机关. */
  reviewBody: text(100).optional(),
  /** default: 有管辖权的人民法院 */
  court: text(100).optional(),
}).superRefine(submittedNotAfterIssue);
export type RefusalInput = z.infer<typeof refusalInputSchema>;

// 综合出件 (delivery): the receipt the recipient signs and the label on the parcel.

/** An 18-character ID number standing alone in free text; a longer digit run is some other number. */
const FULL_ID_NUMBER = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

/** Free text on a delivery document: never a full ID number, even inside a description. */
const freeText = (max: number) =>
  text(max).refine((s) => !FULL_ID_NUMBER.test(s), t('不能填写完整的证件号码：请只写证件名称，或写遮盖后的号码，如 2301**********1234'));

export const RECEIPT_CHANNELS = ['window', 'electronic', 'mail', 'home'] as const;
export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

export const HANDOVER_KINDS = ['result', 'decision', 'original', 'elicense'] as const;
export type HandoverKind = (typeof HANDOVER_KINDS)[number];

export const receiptEntrySchema = z.object({
  /** 事项名称 */
  item: freeText(120),
  department: freeText(60),
  kind: z.enum(HANDOVER_KINDS),
  /** e.g. 出生医学证明 编号 Q230012345 */
  description: freeText(300),
  count: z.number().int().min(1).max(999),
});
export type ReceiptEntry = z.infer<typeof receiptEntrySchema>;

export const SIGNATURE_DATA_URL_PREFIX = 'data:image/png;base64,';
const MAX_SIGNATURE_BYTES = 2 * 1024 * 1024;

/** A PNG data URL of well-formed base64: safe inside an `src` attribute as it is. */
export function isSignatureDataUrl(s: string): boolean {
  if (!s.startsWith(SIGNATURE_DATA_URL_PREFIX)) return false;
  const data = s.slice(SIGNATURE_DATA_URL_PREFIX.length);
  return data.length > 0 && data.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(data);
}

export const receiptSignatureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    dataUrl: z
      .string()
      .max(SIGNATURE_DATA_URL_PREFIX.length + Math.ceil(MAX_SIGNATURE_BYTES / 3) * 4, t('签名图片超过 2 MB：请清除后让领取人重新签字'))
      .refine((s) => s.startsWith(SIGNATURE_DATA_URL_PREFIX), t('签名图片应为 PNG 格式（data:image/png;base64,…）：请让领取人重新签字'))
      .refine(isSignatureDataUrl, t('签名图片数据不完整：请让领取人重新签字')),
  }),
  /** Signed on a paper receipt, which is scanned into the case file. */
  z.object({ kind: z.literal('paper') }),
]);
export type ReceiptSignature = z.infer<typeof receiptSignatureSchema>;

/** Printed on the waybill and the receipt: letters and digits only, so Code 128 carries it unchanged. */
const trackingNo = z.string().regex(/^[A-Za-z0-9]{6,30}$/, t('运单号应为 6–30 位字母或数字（不含空格和符号），请核对面单'));

const carrierFields = { carrier: z.enum(CARRIERS), /** Printed when `carrier` is `other`. */ carrierName: text(16).optional() };

function carrierNamed(v: { carrier: string; carrierName?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.carrier === 'other' && !v.carrierName) ctx.addIssue({ code: 'custom', path: ['carrierName'], message: t('寄递公司选“其他”时请填写公司名称') });
}

export const receiptInputSchema = z
  .object({
    header: documentHeaderSchema.extend({ bundleName: text(60), applicant: applicantSchema }),
    /** e.g. R-<case number>-1 */
    receiptNo: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,59}$/, t('回执编号只能由字母、数字和 - _ . / 组成，最长 60 位')),
    /** `YYYY-MM-DD HH:mm`: handed over at the window, issued electronically, or posted. */
    handedAt: dateTime,
    channel: z.enum(RECEIPT_CHANNELS),
    recipient: z.object({
      name: freeText(100),
      role: z.enum(['applicant', 'agent']),
      idNumberMasked: maskedId,
      /** An agent's relation to the applicant, e.g. 配偶. */
      relation: freeText(30).optional(),
      verification: z.enum(['reader', 'manual']),
    }),
    entries: z.array(receiptEntrySchema).min(1).max(100),
    signature: receiptSignatureSchema,
    /** 好差评 code of this visit. */
    ratingCode: z.string().regex(/^[A-Z0-9]{8}$/, t('评价码应为 8 位大写字母或数字')).nullable(),
    /** Put in the QR code instead of the bare rating code. */
    ratingUrl: z.string().max(300).regex(/^https?:\/\/[\x21-\x7E]+$/, t('评价链接应以 http:// 或 https:// 开头且不含空格')).optional(),
    mail: z.object({ ...carrierFields, trackingNo }).superRefine(carrierNamed).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.mail && v.channel !== 'mail') ctx.addIssue({ code: 'custom', path: ['mail'], message: t('只有邮寄出件才填写寄递公司和运单号') });
  });
export type ReceiptInput = z.infer<typeof receiptInputSchema>;

const phone = (who: string) =>
  z.string().superRefine((s, ctx) => {
    const c = checkPhone(s);
    if (!c.ok) ctx.addIssue({ code: 'custom', message: `${who}${c.message}` });
  });

export const waybillInputSchema = z
  .object({
    ...carrierFields,
    trackingNo,
    /** The hall posting the results. */
    sender: z.object({ name: freeText(30), phone: phone(t('寄件人电话：')), address: freeText(60) }),
    /** A waybill carries the full address and phone (that is its purpose), never an ID number. */
    recipient: z.object({ name: freeText(20), phone: phone(t('收件人电话：')), address: freeText(100) }),
    caseNumber: caseNumberSchema,
    /** e.g. 政务服务办理结果 3 件 */
    contents: freeText(30),
    printedAt: dateTime,
    /** e.g. 政务服务免费寄递 */
    note: freeText(30).optional(),
  })
  .superRefine(carrierNamed);
export type WaybillInput = z.infer<typeof waybillInputSchema>;

/** `pending` and `commitment` (告知承诺书) are two documents from one input. */
export const DOCUMENT_KINDS = ['acceptance', 'pending', 'commitment', 'correction', 'refusal'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const documentInputSchemas = {
  acceptance: acceptanceInputSchema,
  pending: pendingInputSchema,
  commitment: pendingInputSchema,
  correction: correctionInputSchema,
  refusal: refusalInputSchema,
} as const satisfies Record<DocumentKind, z.ZodType>;

export interface DocumentInputs {
  acceptance: AcceptanceInput;
  pending: PendingInput;
  commitment: PendingInput;
  correction: CorrectionInput;
  refusal: RefusalInput;
}

/** The documents of 综合出件, apart from DOCUMENT_KINDS (the intake decision's notices, all on the A4 case frame). */
export const DELIVERY_DOCUMENT_KINDS = ['receipt', 'waybill'] as const;
export type DeliveryDocumentKind = (typeof DELIVERY_DOCUMENT_KINDS)[number];

export const deliveryDocumentInputSchemas = {
  receipt: receiptInputSchema,
  waybill: waybillInputSchema,
} as const satisfies Record<DeliveryDocumentKind, z.ZodType>;

export interface DeliveryDocumentInputs {
  receipt: ReceiptInput;
  waybill: WaybillInput;
}

/** Every document renderDocument prints. */
export type PrintableKind = DocumentKind | DeliveryDocumentKind;
export type PrintableInputs = DocumentInputs & DeliveryDocumentInputs;

function submittedNotAfterIssue(v: { issuedAt: string; submittedAt?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.submittedAt && v.submittedAt > v.issuedAt) ctx.addIssue({ code: 'custom', path: ['submittedAt'], message: t('提交时间晚于出具时间') });
}

function datesNotBeforeIssue(v: { issuedAt: string; expectedDate: string; items: DocumentItem[] }, ctx: z.RefinementCtx): void {
  const issued = v.issuedAt.slice(0, 10);
  if (v.expectedDate < issued) ctx.addIssue({ code: 'custom', path: ['expectedDate'], message: t('预计办结日期早于受理日期') });
  v.items.forEach((i, n) => {
    if (i.expectedDate < issued) ctx.addIssue({ code: 'custom', path: ['items', n, 'expectedDate'], message: t('“{{name}}”的预计办结日期早于受理日期', { name: i.name }) });
    if (i.expectedDate > v.expectedDate) {
      ctx.addIssue({ code: 'custom', path: ['items', n, 'expectedDate'], message: t('“{{name}}”的预计办结日期晚于整体预计办结日期', { name: i.name }) });
    }
  });
}
