import { z } from 'zod';
import { ASSIST_ACTIONS, ASSIST_MODES, assistInputSchema, AUTHORIZATION_KINDS, CONFIRM_METHODS, CONFIRMERS, homeVisitSchema } from '../assist.js';
import { CASE_STATES } from '../case-machine.js';
import { PRIORITY_REASONS } from '../intake.js';
import { method } from './method.js';

// 帮办代办 · 上门服务: records on a case made by help-desk staff or the clerk, read by anyone
// signed in (the case screen, delivery, supervision). Home deliveries go through delivery.handOver
// with its `home` block; they are listed here too.

const RECORDERS = ['intake', 'review', 'delivery', 'supervisor'] as const;
const caseId = z.string().min(1).max(64);

export const assistRecordViewSchema = z.object({
  id: z.string(),
  /** assist: 帮办代办; intake / delivery: 上门收件 / 上门送达. */
  kind: z.enum(['assist', 'intake', 'delivery']),
  at: z.string(),
  recordedBy: z.string(),
  mode: z.enum(ASSIST_MODES).nullable(),
  staff: z.array(z.string()),
  actions: z.array(z.enum(ASSIST_ACTIONS)),
  note: z.string().nullable(),
  authorization: z.enum(AUTHORIZATION_KINDS).nullable(),
  authorizationBlobs: z.array(z.string()),
  confirmation: z
    .object({
      by: z.enum(CONFIRMERS),
      name: z.string(),
      /** The guardian's number, masked: 2301**********1234. */
      idNumberMasked: z.string().nullable(),
      relation: z.string().nullable(),
      method: z.enum(CONFIRM_METHODS),
      blob: z.string(),
    })
    .nullable(),
  home: z.object({ address: z.string(), date: z.string() }).nullable(),
  summary: z.string(),
});

export const caseAssistsSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  state: z.enum(CASE_STATES),
  priority: z.enum(PRIORITY_REASONS).nullable(),
  /** Oldest first. */
  records: z.array(assistRecordViewSchema),
  /** The application was taken in at the applicant's home. */
  homeIntake: z.boolean(),
});
export type CaseAssists = z.infer<typeof caseAssistsSchema>;

export const assistMethods = {
  'assist.list': method(z.object({ caseId }).strict(), caseAssistsSchema, 'signedIn'),
  /** Records one 帮办 or 代办 (any number per case). */
  'assist.record': method(z.object({ caseId, record: assistInputSchema }).strict(), caseAssistsSchema, RECORDERS),
  /** 上门收件: the application was taken in at the applicant's home. */
  'assist.homeIntake': method(z.object({ caseId, visit: homeVisitSchema }).strict(), caseAssistsSchema, RECORDERS),
  /** Asks the applicant (or guardian) to sign on the applicant screen for what the lines say. */
  'assist.signaturePrompt': method(
    z.object({ caseId, lines: z.array(z.string().trim().min(1).max(200)).min(1).max(20) }).strict(),
    z.object({ promptId: z.string() }),
    RECORDERS,
  ),
  'assist.promptResult': method(z.object({ promptId: z.string().min(1).max(64) }).strict(), z.object({ state: z.enum(['waiting', 'signed', 'rated', 'closed']), signatureBlob: z.string().nullable() }), RECORDERS),
} as const;
