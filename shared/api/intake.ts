import { z } from 'zod';
import { CASE_STATES } from '../case-machine.js';
import { eventPayloads } from '../events.js';
import { agentSchema, APPLICANT_KINDS, cardReadSchema, correctionEntrySchema, MATERIAL_STATUSES, materialIntakeSchema, PRIORITY_REASONS } from '../intake.js';
import { method } from './method.js';
import { proxyViewSchema } from '../proxy.js';
import { caseDuplicateSchema } from './duplicates.js';
import { LANGS } from '../i18n/index.js';

// The counter's intake methods (一窗收件). Every decision names the case version the clerk saw
// (`expectedSeq`), so a case changed meanwhile is refused instead of overwritten.

const INTAKE = ['intake', 'supervisor'] as const;
const caseId = z.string().min(1).max(64);
const expectedSeq = z.number().int().nonnegative();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '文件标识格式错误');
const deliverySchema = z.object({
  method: z.enum(['window', 'mail']),
  address: z.string().trim().max(200).nullable().default(null),
});

export const intakeDataSchema = z.object({
  applicantKind: z.enum(APPLICANT_KINDS),
  fields: z.record(z.string(), z.string()),
  card: cardReadSchema.nullable(),
  agent: agentSchema.nullable(),
  priority: z.enum(PRIORITY_REASONS).nullable(),
  materials: z.record(z.string(), materialIntakeSchema),
  reusedFromCaseId: z.string().nullable(),
  lang: z.enum(LANGS).default('zh'),
});

export const caseSummarySchema = z.object({
  id: z.string(),
  caseNumber: z.string().nullable(),
  state: z.enum(CASE_STATES),
  bundleName: z.string(),
  applicantName: z.string(),
  /** Masked: `2301**********1234`; the full number only when the case is opened. */
  applicantIdMasked: z.string().nullable(),
  enterpriseName: z.string().nullable(),
  creditCode: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  priority: z.enum(PRIORITY_REASONS).nullable(),
  ticketRef: z.string().nullable(),
  updatedAt: z.string(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const NOTICE_KINDS = ['acceptance', 'pending', 'commitment', 'correction', 'refusal'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const caseViewSchema = z.object({
  id: z.string(),
  caseNumber: z.string().nullable(),
  state: z.enum(CASE_STATES),
  bundle: z.object({ id: z.string(), name: z.string(), serviceObject: z.string() }),
  /** Every item of the bundle: the chosen ones are `chosen`. */
  items: z.array(z.object({ id: z.string(), name: z.string(), department: z.string(), promisedDays: z.number().nullable(), chosen: z.boolean() })),
  catalogVersion: z.string(),
  ticketRef: z.string().nullable(),
  data: intakeDataSchema,
  evaluation: z.object({
    fields: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        type: z.string(),
        options: z.array(z.string()).optional(),
        hint: z.string().optional(),
        items: z.array(z.string()),
      }),
    ),
    materials: z.array(
      z.object({
        key: z.string(),
        name: z.string(),
        form: z.string(),
        count: z.number(),
        exempt: z.boolean(),
        eLicense: z.boolean(),
        when: z.array(z.string()),
        always: z.boolean(),
        required: z.boolean(),
        tolerable: z.boolean(),
        received: z.boolean(),
        items: z.array(z.string()),
        intake: materialIntakeSchema.nullable(),
      }),
    ),
    issues: z.array(z.object({ key: z.string(), label: z.string(), message: z.string(), severity: z.enum(['error', 'warning']) })),
    canAccept: z.boolean(),
    canAcceptPending: z.boolean(),
    acceptBlockers: z.array(z.string()),
    pendingBlockers: z.array(z.string()),
    /** Latest deadline allowed for each material that may be pending (YYYY-MM-DD), null when unlimited. */
    pendingLatest: z.record(z.string(), z.string().nullable()),
    /** What a correction notice would list now. */
    correction: z.array(correctionEntrySchema),
    /** Expected completion if accepted today. */
    expectedDate: z.string().nullable(),
    /** Years the working-day calendar has no data for: the dates are estimates. */
    calendarWarning: z.string().nullable(),
  }),
  pendingMaterials: z.array(z.object({ key: z.string(), name: z.string(), deadline: z.string() })),
  commitmentDeadline: z.string().nullable(),
  expectedDate: z.string().nullable(),
  deliveryChannel: z.string().nullable(),
  closingReason: z.string().nullable(),
  /** Sent to the departments: decisions are theirs now, the counter only re-submits after a correction. */
  routed: z.boolean(),
  /** What the departments asked the applicant to correct, item by item (routed cases waiting for it). */
  departmentCorrections: z.array(z.object({ item: z.string(), department: z.string(), entries: z.array(correctionEntrySchema) })),
  notices: z.array(z.object({ kind: z.enum(NOTICE_KINDS), at: z.string(), clerkName: z.string() })),
  /** 代收代办: taken in here for another division (全省通办 / 跨省通办); null for the hall's own cases. */
  proxy: proxyViewSchema.nullable(),
  /** 重复办件: other open cases of the same applicant with the same bundle or a shared item (while at the counter). */
  duplicates: z.array(caseDuplicateSchema).optional(),
  lastEventSeq: z.number().int(),
  updatedAt: z.string(),
});
export type CaseView = z.infer<typeof caseViewSchema>;

const caseRef = z.union([z.object({ id: caseId }).strict(), z.object({ caseNumber: z.string().trim().min(1).max(40) }).strict()]);

export const intakeMethods = {
  'intake.start': method(
    z.object({
      bundleId: z.string().min(1).max(64),
      itemIds: z.array(z.string().min(1).max(64)).min(1, '至少选择一个事项').max(50),
      applicantKind: z.enum(APPLICANT_KINDS),
      ticketRef: z.string().trim().max(40).nullable().default(null),
      /** Started from this counter's current queue ticket or from an appointment: ticketRef, times and applicant come from it. */
      source: z
        .discriminatedUnion('kind', [z.object({ kind: z.literal('ticket') }).strict(), z.object({ kind: z.literal('appointment'), appointmentId: z.string().trim().min(1).max(40) }).strict()])
        .nullable()
        .default(null),
    }).strict(),
    caseViewSchema,
    INTAKE,
  ),
  /** Opens the full record, unmasked: audited. */
  'intake.open': method(caseRef, caseViewSchema, INTAKE),
  'intake.update': method(
    // The proxy mark goes through proxy.set, which checks the division against the catalog.
    z.object({ id: caseId, expectedSeq: expectedSeq.optional(), patch: eventPayloads['case.draft_updated'].omit({ proxy: true }) }).strict(),
    caseViewSchema,
    INTAKE,
  ),
  'intake.drafts': method(z.object({}).strict(), z.array(caseSummarySchema), INTAKE),
  'intake.search': method(z.object({ query: z.string().trim().min(1, '请输入要查找的内容').max(60) }).strict(), z.array(caseSummarySchema), INTAKE),
  /** Earlier cases of the same person or enterprise, offered for reuse. */
  'intake.earlier': method(z.object({ id: caseId }).strict(), z.array(caseSummarySchema), INTAKE),
  'intake.reuse': method(z.object({ id: caseId, fromId: caseId, expectedSeq }).strict(), caseViewSchema, INTAKE),
  'intake.accept': method(z.object({ id: caseId, expectedSeq, delivery: deliverySchema }).strict(), caseViewSchema, INTAKE),
  'intake.acceptPending': method(
    z.object({
      id: caseId,
      expectedSeq,
      delivery: deliverySchema,
      pending: z.array(z.object({ key: z.string().min(1).max(64), deadline: z.string().date('期限应为 年-月-日') })).min(1).max(50),
      commitmentBlob: sha256,
    }).strict(),
    caseViewSchema,
    INTAKE,
  ),
  'intake.notifyCorrection': method(z.object({ id: caseId, expectedSeq }).strict(), caseViewSchema, INTAKE),
  'intake.refuse': method(
    z.object({
      id: caseId,
      expectedSeq,
      reason: z.string().trim().min(1, '不予受理必须写明理由').max(500),
      legalBasis: z.string().trim().max(300).nullable().default(null),
    }).strict(),
    caseViewSchema,
    INTAKE,
  ),
  'intake.supply': method(
    z.object({
      id: caseId,
      key: z.string().min(1).max(64),
      status: z.enum(MATERIAL_STATUSES.filter((s) => s !== 'missing' && s !== 'not_applicable') as ['original', 'copy', 'scanned', 'elicense']),
      pageBlobs: z.array(sha256).max(200).default([]),
      licenceNo: z.string().trim().max(64).nullable().default(null),
    }).strict(),
    caseViewSchema,
    INTAKE,
  ),
  /** Printed in the case's language (`data.lang`) unless `lang` names another. */
  'intake.document': method(z.object({ id: caseId, kind: z.enum(NOTICE_KINDS), lang: z.enum(LANGS).optional() }).strict(), z.object({ fileName: z.string(), pdfBase64: z.string() }), INTAKE),
  /** Looks a material up in the e-license system (a stand-in adapter until the provincial one is connected). */
  'intake.elicense': method(
    z.object({ id: caseId, key: z.string().min(1).max(64) }).strict(),
    z.object({ found: z.boolean(), licenceNo: z.string().nullable(), message: z.string() }),
    INTAKE,
  ),
} as const;
