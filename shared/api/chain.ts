import { z } from 'zod';
import { method } from './method.js';

// The audit chain check: every event carries the hash of its device's previous event; the check
// recomputes the hashes here and, when reachable, asks the central service about this device's chain.

export const CHAIN_PROBLEMS = ['hash', 'link', 'fork'] as const;

export const CHAIN_PROBLEM_LABELS: Record<(typeof CHAIN_PROBLEMS)[number], string> = {
  hash: '事件内容与其校验值不符（保存后被改动）',
  link: '前一事件的校验值对不上（事件被删除、插入或改动）',
  fork: '两个事件声称同一个前一事件（事件链分叉）',
};

/** GET /sync/verify-chain: the central service's check of the calling device's chain. */
export const deviceChainResponseSchema = z.object({
  deviceId: z.string(),
  checked: z.number().int(),
  firstBroken: z.object({ eventId: z.string(), serverSeq: z.number().int(), problem: z.enum(CHAIN_PROBLEMS) }).nullable(),
  message: z.string(),
});
export type DeviceChainResponse = z.infer<typeof deviceChainResponseSchema>;

export const chainCheckSchema = z.object({
  checkedAt: z.string(),
  /** Every chain that was checked is intact. */
  intact: z.boolean(),
  local: z.object({
    checked: z.number().int(),
    /** `seq`: the event's position in this device's log. */
    firstBroken: z.object({ seq: z.number().int(), eventId: z.string() }).nullable(),
    message: z.string(),
  }),
  central: z.discriminatedUnion('state', [
    z.object({ state: z.literal('checked'), checked: z.number().int(), firstBroken: deviceChainResponseSchema.shape.firstBroken, message: z.string() }),
    /** Not configured, not enrolled, unreachable or refused: `message` says which and what to do. */
    z.object({ state: z.literal('skipped'), reason: z.enum(['not_configured', 'not_enrolled', 'unreachable', 'refused']), message: z.string() }),
  ]),
});
export type ChainCheck = z.infer<typeof chainCheckSchema>;

export const chainMethods = {
  /** Recomputes this device's event chain and asks the central service to check its copy. */
  'supervision.verifyChain': method(z.object({}).strict(), chainCheckSchema, ['supervisor']),
} as const;
