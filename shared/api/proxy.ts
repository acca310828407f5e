import { z } from 'zod';
import { CASE_STATES } from '../case-machine.js';
import { JURISDICTION_LEVELS, REGIONS } from '../catalog.js';
import { PROXY_SCOPES, proxyViewSchema, TRANSFER_LINE_KINDS, TRANSFER_STATUSES } from '../proxy.js';
import { caseViewSchema } from './intake.js';
import { method } from './method.js';

// 代收代办 (全省通办 · 跨省通办) and 材料流转. The counter marks a draft as taken in for another
// division; after acceptance it posts the paper originals, which the deciding side confirms.

const INTAKE = ['intake', 'supervisor'] as const;
const READERS = ['intake', 'review', 'delivery', 'supervisor'] as const;
const caseId = z.string().min(1).max(64);

export const jurisdictionChoiceSchema = z.object({
  code: z.string(),
  name: z.string(),
  province: z.enum(REGIONS),
  level: z.enum(JURISDICTION_LEVELS),
  /** Relative to this hall: 全省通办 or 跨省通办. */
  scope: z.enum(PROXY_SCOPES),
});

export const transferViewSchema = z.object({
  id: z.string(),
  lines: z.array(z.object({ name: z.string(), copies: z.number().int(), kind: z.enum(TRANSFER_LINE_KINDS) })),
  courier: z.string(),
  trackingNo: z.string(),
  sentOn: z.string(),
  /** The promised arrival: the next working day after sending. */
  dueOn: z.string(),
  sentBy: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  receivedOn: z.string().nullable(),
  receivedBy: z.string().nullable(),
  discrepancy: z.string().nullable(),
  /** Arrived after the promised day. */
  late: z.boolean(),
});
export type TransferView = z.infer<typeof transferViewSchema>;

export const caseTransfersSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  state: z.enum(CASE_STATES),
  proxy: proxyViewSchema.nullable(),
  /** Oldest first. */
  transfers: z.array(transferViewSchema),
  /** This device is the taking-in hall and the case may send originals now. */
  canSend: z.boolean(),
  /** This device is at the deciding side: it confirms arrivals. */
  canReceive: z.boolean(),
  today: z.string(),
});
export type CaseTransfers = z.infer<typeof caseTransfersSchema>;

const pendingRowSchema = transferViewSchema.extend({
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  bundleName: z.string(),
  takenInName: z.string(),
  decidingName: z.string(),
  /** incoming: to be received here; outgoing: sent from here, not confirmed yet. */
  direction: z.enum(['incoming', 'outgoing']),
});

export const proxyMethods = {
  /** The divisions this hall may take cases in for, with the scope each would be. */
  'proxy.jurisdictions': method(
    z.object({}).strict(),
    z.object({ ownCode: z.string(), ownName: z.string().nullable(), choices: z.array(jurisdictionChoiceSchema) }),
    'signedIn',
  ),
  /** Marks a draft as 代收代办 for a division (null clears it). */
  'proxy.set': method(
    z.object({ caseId, expectedSeq: z.number().int().nonnegative().optional(), decidingCode: z.string().regex(/^\d{6}$/, '请从列表中选择作出决定地').nullable() }).strict(),
    caseViewSchema,
    INTAKE,
  ),
  'transfer.list': method(z.object({ caseId }).strict(), caseTransfersSchema, READERS),
  /** Registers originals posted to the deciding side; the promised arrival is computed here. */
  'transfer.send': method(
    z
      .object({
        caseId,
        lines: z
          .array(
            z.object({
              name: z.string().trim().min(1, '请填写材料名称').max(120, '材料名称不能超过 120 个字'),
              copies: z.number().int('份数应为整数').min(1, '份数至少为 1').max(99, '份数不能超过 99'),
              kind: z.enum(TRANSFER_LINE_KINDS),
            }),
          )
          .min(1, '请至少列出一份寄送的材料')
          .max(100),
        courier: z.string().trim().min(1, '请填写快递公司或寄送方式').max(30, '快递公司不能超过 30 个字'),
        trackingNo: z.string().trim().min(1, '请填写运单号').max(40, '运单号不能超过 40 位'),
      })
      .strict(),
    caseTransfersSchema,
    INTAKE,
  ),
  /** The deciding side confirms a package arrived, noting anything missing or damaged. */
  'transfer.receive': method(
    z
      .object({
        caseId,
        transferId: z.string().min(1).max(64),
        discrepancy: z.string().trim().max(500, '差异说明不能超过 500 个字').nullable().default(null),
      })
      .strict(),
    caseTransfersSchema,
    ['intake', 'review'],
  ),
  /** Transfers of this hall not yet received: to receive here, or sent from here. */
  'transfer.pending': method(
    z.object({}).strict(),
    z.object({ today: z.string(), incoming: z.array(pendingRowSchema), outgoing: z.array(pendingRowSchema), overdue: z.number().int().nonnegative() }),
    ['intake', 'review', 'supervisor'],
  ),
} as const;
