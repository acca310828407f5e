import { z } from 'zod';
import { CASE_TRANSITIONS, ITEM_STATES, type CaseEventType } from './case-machine.js';
import { agentSchema, APPLICANT_KINDS, cardReadSchema, correctionEntrySchema, materialIntakeSchema, PRIORITY_REASONS } from './intake.js';
import { CARRIER_IDS, checklistEntrySchema, mailRecipientSchema, ratingInputSchema, recipientSchema, rectificationStepSchema } from './delivery.js';
import { itemClockSchema, itemPauseSchema, itemResultSchema } from './routing.js';
import { LANGS } from './i18n/index.js';
import { assistInputSchema, homeVisitSchema } from './assist.js';
import { escalationEventPayloads } from './escalation.js';
import { proxyMarkSchema, transferReceivedSchema, transferSentSchema } from './proxy.js';
import { duplicateDecisionSchema } from './duplicates.js';
import { ROLES } from './roles.js';

// Event payload schemas. An event's type names exactly one schema; payloads are
// validated before they are appended locally and again by the central service.

const text = (max: number) => z.string().trim().min(1).max(max);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const caseNumber = text(40);
const isoDate = z.string().date();

// Blob references end in `Blob` / `Blobs`: the sync engine finds them by name to upload first.
export const eventPayloads = {
  'case.drafted': z.object({
    bundleId: text(64),
    itemIds: z.array(text(64)).min(1).max(100),
    /** The catalog version the case is taken in under; its limits and materials apply. */
    catalogVersion: text(32),
    /** The hall that owns the case: only its counters may act on the intake side. */
    hallCode: z.string().trim().max(32),
    applicantKind: z.enum(APPLICANT_KINDS),
    /** Queue ticket or appointment reference the case was started from. */
    ticketRef: z.string().trim().max(40).nullable(),
    /** The queue ticket the case was started from: issued → called is the applicant's wait (supervision). */
    ticket: z
      .object({ number: text(20), lane: z.enum(['normal', 'priority']), issuedAt: z.iso.datetime({ offset: true }), calledAt: z.iso.datetime({ offset: true }) })
      .optional(),
  }),
  /** Autosave of the draft: only what changed; a null field or material value clears it. */
  'case.draft_updated': z.object({
    itemIds: z.array(text(64)).min(1).max(100).optional(),
    fields: z.record(z.string().max(80), z.string().max(2000).nullable()).optional(),
    card: cardReadSchema.nullable().optional(),
    agent: agentSchema.nullable().optional(),
    priority: z.enum(PRIORITY_REASONS).nullable().optional(),
    materials: z.record(z.string().max(64), materialIntakeSchema.nullable()).optional(),
    reusedFromCaseId: z.string().max(64).nullable().optional(),
    /** The applicant's language for the printed documents. */
    lang: z.enum(LANGS).optional(),
    /** 代收代办: the division whose departments decide the case; null clears it (drafts only). */
    proxy: proxyMarkSchema.nullable().optional(),
  }),
  'case.accepted': z.object({
    caseNumber,
    /** 容缺受理: materials to supply later, each with its deadline. Empty for a full acceptance. */
    pendingMaterials: z.array(z.object({ key: text(64), name: text(120), deadline: isoDate })).max(50),
    commitmentDeadline: isoDate.nullable(),
    /** The signed commitment (signature image or scanned paper). */
    commitmentBlob: sha256.nullable(),
    /** Expected completion date of the whole case, in working days from today. */
    expectedDate: isoDate.nullable(),
    delivery: z.object({ method: z.enum(['window', 'mail']), address: z.string().trim().max(200).nullable() }),
  }),
  'case.correction_notified': z.object({
    caseNumber,
    entries: z.array(correctionEntrySchema).min(1).max(200),
  }),
  'case.material_supplied': z.object({
    key: text(64),
    status: z.enum(['original', 'copy', 'scanned', 'elicense']),
    pageBlobs: z.array(sha256).max(200),
    licenceNo: z.string().trim().max(64).nullable(),
  }),
  /** A clerk opened the full record (unmasked personal data): audited, changes no state. */
  'audit.case_viewed': z.object({ purpose: z.enum(['open', 'print', 'review', 'delivery']) }),
  'case.refused': z.object({ caseNumber, reason: text(500), legalBasis: z.string().trim().max(300).nullable() }),
  'case.withdrawn': z.object({ reason: text(500) }),
  /** partialDelivery: the bundle lets decided results go out before the whole case is decided. */
  'case.routed': z.object({ partialDelivery: z.boolean().optional() }),
  'case.delivered': z.object({ channel: z.enum(['window', 'mail', 'electronic', 'home']) }),
  'case.closed': z.object({}),
  'item.state_changed': z.object({
    itemId: text(64),
    /** The department that decides the item: only its devices may send item events. */
    departmentId: text(64),
    to: z.enum(ITEM_STATES),
    reason: z.string().max(500).optional(),
    /** Rejection: the legal basis cited. */
    legalBasis: z.string().trim().max(300).optional(),
    /** Approval: what it hands over. */
    result: itemResultSchema.optional(),
    /** 补正 requested by the department: everything that must change. */
    corrections: z.array(correctionEntrySchema).min(1).max(200).optional(),
    /** Routing: the item's prerequisites among the case's items. */
    dependsOn: z.array(text(64)).max(100).optional(),
    /** Set when the clock (re)starts: queued at routing, on unblocking and after a correction. */
    clock: itemClockSchema.optional(),
    /** needs_correction: the clock stops from this day. */
    pause: itemPauseSchema.optional(),
    /** Re-queued after a correction: the last day the clock stood still. */
    resumeLastDay: isoDate.optional(),
  }),
  /** The clock stops for a reason that does not count (专家评审、现场核查 …). */
  'item.clock_paused': z.object({ itemId: text(64), departmentId: text(64), pause: itemPauseSchema }),
  'item.clock_resumed': z.object({ itemId: text(64), departmentId: text(64), lastDay: isoDate, clock: itemClockSchema }),
  /** An internal note of the department; never shown to the applicant. */
  'item.noted': z.object({ itemId: text(64), departmentId: text(64), text: text(1000) }),
  /** Results handed over at the window (or released electronically): one visit, one rating. */
  'delivery.handed_over': z.object({
    receiptNo: text(60),
    itemIds: z.array(text(64)).min(1).max(100),
    channel: z.enum(['window', 'electronic', 'home']),
    /** 上门送达: where and by whom the results were taken to the applicant's home. */
    home: homeVisitSchema.optional(),
    /** null for an electronic release. */
    recipient: recipientSchema.nullable(),
    /** An agent authorised at the window: the 授权委托书 pages. */
    authorizationBlobs: z.array(sha256).max(20),
    /** Every line handed over, as ticked (e-licenses listed too). */
    entries: z.array(checklistEntrySchema).min(1).max(300),
    /** Signed on the applicant screen, or the signed paper receipt scanned. */
    signatureBlob: sha256.nullable(),
    signedPaperBlobs: z.array(sha256).max(10),
    ratingCode: z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/),
  }),
  /** Results put in the post (免费邮寄); the mail is later confirmed delivered or returned. */
  'delivery.mailed': z.object({
    receiptNo: text(60),
    itemIds: z.array(text(64)).min(1).max(100),
    entries: z.array(checklistEntrySchema).min(1).max(300),
    carrier: z.enum(CARRIER_IDS),
    carrierName: z.string().trim().max(30).nullable(),
    trackingNo: text(40),
    /** false: the number did not match the carrier's format and the clerk kept it after the warning. */
    trackingFormatOk: z.boolean(),
    to: mailRecipientSchema,
    ratingCode: z.string().regex(/^[A-HJ-NP-Z2-9]{8}$/),
  }),
  'delivery.mail_delivered': z.object({ visitId: text(64), on: isoDate }),
  'delivery.mail_returned': z.object({ visitId: text(64), reason: text(200) }),
  /** A message to the applicant went out (text kept in the device's outbox, not in the log). */
  'delivery.notified': z.object({ notificationId: text(64), kind: z.enum(['ready', 'mail_sent', 'rating_reminder']) }),
  /** 好差评: one rating per visit; a second one for the same visit counts nothing. */
  'rating.submitted': ratingInputSchema.safeExtend({
    visitId: text(64),
    source: z.enum(['counter', 'code']),
    /** A bad rating opens a rectification due in 15 working days (computed by the hall's calendar). */
    rectificationDue: isoDate.nullable(),
  }),
  /** A clerk believes the rating was mistaken (wrong button, wrong window); the supervisor decides. */
  'rating.appealed': z.object({ visitId: text(64), reason: text(500) }),
  'rating.appeal_decided': z.object({ visitId: text(64), upheld: z.boolean(), note: text(500) }),
  'rectification.recorded': z.object({ visitId: text(64), entry: rectificationStepSchema }),
  /** 帮办代办: what staff did for (帮办) or on behalf of (代办) the applicant, and who confirmed it. */
  'assist.recorded': assistInputSchema,
  /** 上门收件: the application was taken in at the applicant's home (the applicant did not come). */
  'assist.home_intake': homeVisitSchema,
  /** 办不成事 反映窗口: its own record (caseId = the record's id), judged by shared/escalation.ts' table. */
  ...escalationEventPayloads,
  /** 材料流转: the taking-in hall posted originals of a proxy case to the deciding side. */
  'transfer.sent': transferSentSchema,
  /** The deciding side confirms the package arrived (once). */
  'transfer.received': transferReceivedSchema,
  /** 重复办件: the supervisor's decision on a pair flagged after sync (merge withdraws the other case in the same append). */
  'duplicate.decided': duplicateDecisionSchema,
  'session.signed_in': z.object({ clerkId: text(64) }),
  'session.signed_out': z.object({ clerkId: text(64), reason: z.enum(['user', 'idle', 'replaced']) }),
  // The staff number is kept only for existing accounts: what is typed for an unknown one may be anything.
  'session.sign_in_failed': z.object({ clerkId: text(64).nullable(), reason: z.enum(['wrong_password', 'locked', 'disabled', 'unknown']) }),
  /** Account administration, for the audit: the actor is the admin (or the clerk for a self change); never a password. */
  'account.created': z.object({ clerkId: text(64), roles: z.array(z.enum(ROLES)).max(ROLES.length), mustChangePassword: z.boolean() }),
  'account.updated': z.object({ clerkId: text(64), changed: z.array(z.enum(['name', 'roles', 'departments', 'disabled', 'enabled'])).min(1).max(5) }),
  'account.password_changed': z.object({ clerkId: text(64), reason: z.enum(['self', 'admin_reset']) }),
  'account.unlocked': z.object({ clerkId: text(64) }),
} as const satisfies Record<string, z.ZodType>;

export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

export function isCaseEventType(type: EventType): type is CaseEventType {
  return type in CASE_TRANSITIONS;
}

/** Events that concern one case carry its id; session and account events do not. */
export function eventNeedsCase(type: EventType): boolean {
  return !type.startsWith('session.') && !type.startsWith('account.');
}

/** What a service asks to append; the store adds id, clock, device and hashes. */
export type NewEvent = {
  [T in EventType]: { type: T; caseId: string | null; payload: EventPayload<T> };
}[EventType];

/** An event as stored in the log. */
export interface StoredEvent {
  id: string;
  seq: number;
  caseId: string | null;
  type: EventType;
  payload: unknown;
  actorId: string | null;
  deviceId: string;
  hlc: string;
  createdAt: string;
  prevHash: string;
  hash: string;
}

/** The genesis value of a device's hash chain. */
export const GENESIS_HASH = '0'.repeat(64);
