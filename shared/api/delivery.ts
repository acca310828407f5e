import { z } from 'zod';
import { CASE_STATES, ITEM_STATES } from '../case-machine.js';
import {
  CARRIER_IDS,
  ENTRY_KINDS,
  HANDOVER_STATES,
  mailRecipientSchema,
  RATING_REASONS,
  ratingInputSchema,
  RECTIFICATION_STATES,
  rectificationStepSchema,
} from '../delivery.js';
import { PRIORITY_REASONS } from '../intake.js';
import { homeVisitSchema } from '../assist.js';
import { method } from './method.js';
import { LANGS } from '../i18n/index.js';

// 综合出件 · 好差评. The delivery clerk acts on the case version they saw (`expectedSeq`); the
// applicant screen answers prompts (signature, rating) that the clerk opened, by prompt id.

const DELIVERY = ['delivery', 'supervisor'] as const;
const SUPERVISOR = ['supervisor'] as const;
const id = z.string().min(1).max(64);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '文件标识格式错误');
const versioned = z.object({ caseId: id, expectedSeq: z.number().int().nonnegative() });
const itemIds = z.array(id).min(1, '请选择要出件的事项').max(100);

export const DELIVERY_SEARCH_KEYS = ['caseNumber', 'idNumber', 'name', 'phone'] as const;

export const deliveryQueueRowSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  bundleName: z.string(),
  /** Name of the person or enterprise; the ID number only masked. */
  applicant: z.string(),
  idNumberMasked: z.string().nullable(),
  priority: z.enum(PRIORITY_REASONS).nullable(),
  state: z.enum(CASE_STATES),
  readyAt: z.string().nullable(),
  /** Decided results not yet handed over. */
  waiting: z.number(),
  /** Items still under review (partial delivery). */
  undecided: z.number(),
  preferred: z.enum(['window', 'mail']).nullable(),
  notified: z.enum(['none', 'pending', 'sent', 'failed']),
});
export type DeliveryQueueRow = z.infer<typeof deliveryQueueRowSchema>;

export const handoverEntrySchema = z.object({
  key: z.string(),
  kind: z.enum(ENTRY_KINDS),
  itemId: z.string().nullable(),
  item: z.string(),
  department: z.string(),
  description: z.string(),
  count: z.number(),
});

const visitSchema = z.object({
  visitId: z.string(),
  channel: z.enum(['window', 'electronic', 'mail', 'home']),
  at: z.string(),
  receiptNo: z.string(),
  clerk: z.string(),
  recipient: z.string().nullable(),
  carrier: z.string().nullable(),
  trackingNo: z.string().nullable(),
  status: z.enum(['delivered', 'in_transit', 'returned']),
  items: z.array(z.string()),
  ratingCode: z.string().nullable(),
  rating: z.object({ level: z.number(), label: z.string(), status: z.enum(['valid', 'appealed', 'voided']) }).nullable(),
});

export const deliveryViewSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  bundleName: z.string(),
  state: z.enum(CASE_STATES),
  expectedSeq: z.number(),
  priority: z.enum(PRIORITY_REASONS).nullable(),
  applicant: z.object({ name: z.string(), idNumberMasked: z.string().nullable(), enterpriseName: z.string().nullable(), phone: z.string().nullable() }),
  /** The agent recorded at intake, who may collect too. */
  agent: z.object({ name: z.string(), idNumberMasked: z.string(), relation: z.string() }).nullable(),
  preferred: z.object({ method: z.enum(['window', 'mail']), address: z.string().nullable() }).nullable(),
  partialAllowed: z.boolean(),
  /** Why nothing can go out now (not decided yet, already delivered …); null when something can. */
  blockedReason: z.string().nullable(),
  items: z.array(
    z.object({
      itemId: z.string(),
      name: z.string(),
      department: z.string(),
      state: z.enum(ITEM_STATES).nullable(),
      handover: z.enum(HANDOVER_STATES).nullable(),
      /** Decided, not handed over, not in the post. */
      deliverable: z.boolean(),
      /** Every result is an e-license: released electronically, nothing to hand over. */
      electronicOnly: z.boolean(),
      entries: z.array(handoverEntrySchema),
    }),
  ),
  /** Originals kept at intake, returned at the first handover at the window. */
  originals: z.array(handoverEntrySchema),
  visits: z.array(visitSchema),
  notifications: z.array(z.object({ id: z.string(), kind: z.string(), status: z.string(), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.string().nullable() })),
});
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

const handedSchema = z.object({ visitId: z.string(), receiptNo: z.string(), view: deliveryViewSchema });

export const promptResultSchema = z.object({
  state: z.enum(['waiting', 'signed', 'rated', 'closed']),
  signatureBlob: sha256.nullable(),
  ratingLevel: z.number().nullable(),
});

const rectificationRowSchema = z.object({
  visitId: z.string(),
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  level: z.number(),
  levelLabel: z.string(),
  reasons: z.array(z.string()),
  comment: z.string().nullable(),
  ratedClerk: z.string(),
  ratedAt: z.string(),
  state: z.enum(RECTIFICATION_STATES),
  stateLabel: z.string(),
  dueDate: z.string(),
  remainingWorkdays: z.number().nullable(),
  overdueWorkdays: z.number(),
  appealPending: z.boolean(),
  steps: z.array(z.object({ step: z.string(), label: z.string(), at: z.string(), actor: z.string(), text: z.string(), outcome: z.string().nullable() })),
  version: z.number(),
});
export type RectificationRowView = z.infer<typeof rectificationRowSchema>;

const pdfSchema = z.object({ fileName: z.string(), pdfBase64: z.string() });

export const deliveryMethods = {
  /** The pickup queue, or every case matching a search (the notice's barcode, ID number, name, phone). */
  'delivery.queue': method(
    z
      .object({
        search: z.object({ key: z.enum(DELIVERY_SEARCH_KEYS), value: z.string().trim().min(1, '请输入查询内容').max(60) }).optional(),
        page: z.number().int().min(1).max(10_000).default(1),
        pageSize: z.number().int().min(1).max(100).default(50),
      })
      .strict(),
    z.object({ rows: z.array(deliveryQueueRowSchema), total: z.number() }),
    DELIVERY,
  ),
  'delivery.mailQueue': method(
    z.object({ page: z.number().int().min(1).max(10_000).default(1), pageSize: z.number().int().min(1).max(100).default(50) }).strict(),
    z.object({
      rows: z.array(z.object({ caseId: z.string(), caseNumber: z.string().nullable(), visitId: z.string(), carrier: z.string(), trackingNo: z.string(), recipient: z.string(), sentAt: z.string(), expectedSeq: z.number() })),
      total: z.number(),
    }),
    DELIVERY,
  ),
  /** Opens the case for delivery (audited: it shows who the applicant is). */
  'delivery.open': method(z.object({ caseId: id }).strict(), deliveryViewSchema, DELIVERY),
  /** Whether an ID number read at the window belongs to the applicant or an authorised agent. */
  'delivery.checkRecipient': method(
    z.object({ caseId: id, idNumber: z.string().trim().min(1).max(18) }).strict(),
    z.object({ match: z.enum(['applicant', 'agent']).nullable(), message: z.string() }),
    DELIVERY,
  ),
  'delivery.handOver': method(
    versioned
      .extend({
        itemIds,
        recipient: z.object({
          name: z.string().trim().min(1, '请读取或填写领取人姓名').max(50),
          idNumber: z.string().trim().min(1, '请读取或填写领取人证件号码').max(18),
          verification: z.enum(['reader', 'manual']),
        }),
        /** A new agent authorised now: relation and the 授权委托书 pages. */
        authorization: z.object({ relation: z.string().trim().min(1, '请填写代办人与申请人的关系').max(20), blobs: z.array(sha256).min(1, '请扫描授权委托书').max(20) }).nullable().default(null),
        /** Checklist keys ticked by the clerk. */
        ticked: z.array(z.string().max(80)).max(300),
        signatureBlob: sha256.nullable().default(null),
        signedPaperBlobs: z.array(sha256).max(10).default([]),
        /** 上门送达: handed over at the applicant's home instead of the window (address, staff, date). */
        home: homeVisitSchema.nullable().default(null),
      })
      .strict(),
    handedSchema,
    DELIVERY,
  ),
  /** E-license-only results: released electronically, no visit at the window. */
  'delivery.releaseElectronic': method(versioned.extend({ itemIds }).strict(), handedSchema, DELIVERY),
  'delivery.mail': method(
    versioned
      .extend({
        itemIds,
        carrier: z.enum(CARRIER_IDS),
        carrierName: z.string().trim().max(30).nullable().default(null),
        trackingNo: z.string().trim().min(1, '请填写或扫描运单号').max(40),
        to: mailRecipientSchema,
        ticked: z.array(z.string().max(80)).max(300),
      })
      .strict(),
    handedSchema.extend({ trackingWarning: z.string().nullable() }),
    DELIVERY,
  ),
  'delivery.mailOutcome': method(
    versioned.extend({ visitId: id, outcome: z.enum(['delivered', 'returned']), reason: z.string().trim().max(200).nullable().default(null) }).strict(),
    deliveryViewSchema,
    DELIVERY,
  ),
  /** Tells the applicant the results are ready (once; a failed message is sent again). */
  'delivery.notify': method(z.object({ caseId: id }).strict(), deliveryViewSchema, DELIVERY),
  /** The receipt prints in the case's language unless `lang` names another; the waybill is always Chinese. */
  'delivery.document': method(z.object({ caseId: id, visitId: id, kind: z.enum(['receipt', 'waybill']), lang: z.enum(LANGS).optional() }).strict(), pdfSchema, DELIVERY),
  /** Shows the signature pad (with what is handed over) on the applicant screen. */
  'delivery.signaturePrompt': method(z.object({ caseId: id, itemIds }).strict(), z.object({ promptId: z.string() }), DELIVERY),
  /** Shows the rating buttons for a visit on the applicant screen. */
  'delivery.ratingPrompt': method(z.object({ caseId: id, visitId: id }).strict(), z.object({ promptId: z.string() }), DELIVERY),
  'delivery.promptResult': method(z.object({ promptId: id }).strict(), promptResultSchema, DELIVERY),
  /** A rating given later with the code from the receipt or the reminder message. */
  'rating.byCode': method(
    z.object({ code: z.string().trim().toUpperCase().regex(/^[A-HJ-NP-Z2-9]{8}$/, '评价码为 8 位字母和数字，请核对') }).and(ratingInputSchema),
    z.object({ caseNumber: z.string().nullable(), counted: z.boolean() }),
    DELIVERY,
  ),
  /** The clerk who served the visit believes a bad rating was a mistake. */
  'rating.appeal': method(z.object({ visitId: id, reason: z.string().trim().min(1, '请写明申诉理由').max(500) }).strict(), z.object({}), 'signedIn'),
  'supervision.rectifications': method(
    z.object({ open: z.boolean().default(true) }).strict(),
    z.object({ rows: z.array(rectificationRowSchema), today: z.string() }),
    SUPERVISOR,
  ),
  'supervision.rectify': method(
    z.object({ visitId: id, expectedVersion: z.number().int().nonnegative(), entry: rectificationStepSchema }).strict(),
    rectificationRowSchema,
    SUPERVISOR,
  ),
  'supervision.decideAppeal': method(
    z.object({ visitId: id, expectedVersion: z.number().int().nonnegative(), upheld: z.boolean(), note: z.string().trim().min(1, '请写明裁定理由').max(500) }).strict(),
    rectificationRowSchema,
    SUPERVISOR,
  ),
  /** The applicant window's answers to the clerk's prompts: valid only for the prompt on screen. */
  'applicant.sign': method(
    z.object({ promptId: id, pngBase64: z.string().min(100).max(3_000_000) }).strict(),
    z.object({}),
    'public',
  ),
  'applicant.rate': method(z.object({ promptId: id }).and(ratingInputSchema), z.object({}), 'public'),
} as const;

export { RATING_REASONS };
