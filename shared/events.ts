import { z } from 'zod';
import { CASE_TRANSITIONS, ITEM_STATES, type CaseEventType } from './case-machine.js';

// Event payload schemas. An event's type names exactly one schema; payloads are
// validated before they are appended locally and again by the central service.

const text = (max: number) => z.string().trim().min(1).max(max);

export const PRIORITY_REASONS = ['elderly', 'disabled', 'pregnant', 'serviceman', 'other'] as const;

export const eventPayloads = {
  'case.drafted': z.object({
    bundleId: text(64),
    itemIds: z.array(text(64)).min(1).max(100),
    applicantName: text(100),
    priority: z.enum(PRIORITY_REASONS).nullable(),
  }),
  'case.draft_updated': z.object({
    itemIds: z.array(text(64)).min(1).max(100).optional(),
    applicantName: text(100).optional(),
    priority: z.enum(PRIORITY_REASONS).nullable().optional(),
  }),
  'case.accepted': z.object({
    caseNumber: text(40),
    pendingMaterials: z.array(text(200)).max(50),
    commitmentDeadline: z.string().date().nullable(),
  }),
  'case.refused': z.object({ reason: text(500) }),
  'case.withdrawn': z.object({ reason: text(500) }),
  'case.routed': z.object({}),
  'case.correction_requested': z.object({ reason: text(500) }),
  'case.ready': z.object({}),
  'case.delivered': z.object({ channel: z.enum(['window', 'mail', 'electronic']) }),
  'case.closed': z.object({}),
  'item.state_changed': z.object({
    itemId: text(64),
    to: z.enum(ITEM_STATES),
    reason: z.string().max(500).optional(),
  }),
  'session.signed_in': z.object({ clerkId: text(64) }),
  'session.signed_out': z.object({ clerkId: text(64), reason: z.enum(['user', 'idle', 'replaced']) }),
  // The staff number is kept only for existing accounts: what is typed for an unknown one may be anything.
  'session.sign_in_failed': z.object({ clerkId: text(64).nullable(), reason: z.enum(['wrong_password', 'locked', 'disabled', 'unknown']) }),
} as const satisfies Record<string, z.ZodType>;

export type EventType = keyof typeof eventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloads)[T]>;

export function isCaseEventType(type: EventType): type is CaseEventType {
  return type in CASE_TRANSITIONS;
}

/** Events that concern one case carry its id; session events do not. */
export function eventNeedsCase(type: EventType): boolean {
  return !type.startsWith('session.');
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
