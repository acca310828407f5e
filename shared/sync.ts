import { z } from 'zod';

// The sync protocol between counters and the central service: pure types, zod
// schemas and limits. Both sides import these; nothing here does I/O.

/** A push batch holds at most this many events … */
export const MAX_BATCH_EVENTS = 500;
/** … and its JSON body at most this many bytes. */
export const MAX_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 1000;
/** Largest blob (one scanned page or result document) the service accepts. */
export const MAX_BLOB_BYTES = 64 * 1024 * 1024;
/** Largest chunk of one PATCH request; clients send 1 MiB. */
export const MAX_BLOB_CHUNK_BYTES = 8 * 1024 * 1024;
export const BLOB_CHUNK_BYTES = 1024 * 1024;
/** One-time enrolment codes expire after 24 hours. */
export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** Back-off between failed attempts: 5 s doubling to 5 min. */
export const BACKOFF_MIN_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

export const SHA256_RE = /^[0-9a-f]{64}$/;
const hex64 = z.string().regex(SHA256_RE);

/** An event on the wire: the stored event minus the device-local seq. */
export const wireEventSchema = z.object({
  id: z.string().min(1).max(64),
  caseId: z.string().min(1).max(64).nullable(),
  type: z.string().min(1).max(64),
  payload: z.unknown(),
  actorId: z.string().max(64).nullable(),
  deviceId: z.string().min(1).max(64),
  hlc: z.string().min(1).max(128),
  createdAt: z.string().min(1).max(40),
  prevHash: hex64,
  hash: hex64,
});
export type WireEvent = z.infer<typeof wireEventSchema>;

/**
 * A batch sent before the answer to the previous one names, in `after`, the events of that
 * batch that must be settled (stored or rejected) first; otherwise the service takes nothing
 * and answers 409 BATCH_OUT_OF_ORDER. So a counter can keep two batches on the line while
 * the service still sees each device's batches in order, on any connection or instance.
 */
export const MAX_AFTER_IDS = 32;
/** Room kept free in a batch for its `after` list: the ids and their JSON punctuation. */
export const AFTER_RESERVE_BYTES = 16 + MAX_AFTER_IDS * 67;

export const pushRequestSchema = z.object({
  events: z.array(wireEventSchema).min(1).max(MAX_BATCH_EVENTS),
  after: z.array(z.string().min(1).max(64)).min(1).max(MAX_AFTER_IDS).optional(),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

/**
 * Why the service refused an event. `BLOB_MISSING` is not final: the event is
 * deferred until the blob is uploaded, and so are the later events of its case.
 */
export const REJECT_CODES = [
  'UNKNOWN_TYPE',
  'INVALID_PAYLOAD',
  'HASH_MISMATCH',
  'DEVICE_MISMATCH',
  'DUPLICATE_ID',
  'UNKNOWN_CASE',
  'INVALID_TRANSITION',
  'FORBIDDEN',
] as const;
export type RejectCode = (typeof REJECT_CODES)[number];

export const ackSchema = z.discriminatedUnion('status', [
  z.object({ id: z.string(), status: z.literal('accepted'), serverSeq: z.number().int() }),
  z.object({ id: z.string(), status: z.literal('rejected'), code: z.enum(REJECT_CODES), reason: z.string() }),
  z.object({ id: z.string(), status: z.literal('deferred'), code: z.literal('BLOB_MISSING'), reason: z.string(), blobs: z.array(z.string()) }),
]);
export type Ack = z.infer<typeof ackSchema>;

export const pushResponseSchema = z.object({ acks: z.array(ackSchema) });
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const pulledEventSchema = wireEventSchema.extend({ serverSeq: z.number().int() });
export type PulledEvent = z.infer<typeof pulledEventSchema>;

export const pullResponseSchema = z.object({
  events: z.array(pulledEventSchema),
  /** Opaque cursor for the next request; unchanged when nothing was new. */
  cursor: z.string(),
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const enrolRequestSchema = z.object({
  code: z.string().trim().min(4).max(40),
  deviceId: z.string().min(1).max(64),
  label: z.string().trim().max(100).default(''),
});
export const enrolResponseSchema = z.object({
  deviceId: z.string(),
  deviceToken: z.string(),
  hallCode: z.string().nullable(),
  departments: z.array(z.string()),
});
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

export const issueCodeRequestSchema = z
  .object({
    hallCode: z.string().trim().min(1).max(32).nullable(),
    departments: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
    label: z.string().trim().max(100).default(''),
  })
  .refine((v) => v.hallCode !== null || v.departments.length > 0, '启用码须绑定一个大厅或至少一个部门');

/** Error body of every non-2xx answer of the service. */
export const centralErrorSchema = z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });
export type CentralError = z.infer<typeof centralErrorSchema>;

export const publicationSchema = z.object({
  kind: z.enum(['catalog', 'calendar']),
  version: z.string().min(1).max(40),
  publishedAt: z.string(),
  body: z.unknown(),
});
export type Publication = z.infer<typeof publicationSchema>;

/**
 * SHA-256 digests an event payload references: string values of keys ending in
 * `Blob` and string arrays of keys ending in `Blobs`, at any depth.
 */
export function blobRefs(payload: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 20 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (k.endsWith('Blob') && typeof x === 'string') {
        out.add(x);
      } else if (k.endsWith('Blobs') && Array.isArray(x)) {
        for (const s of x) if (typeof s === 'string') out.add(s);
      } else {
        walk(x, depth + 1);
      }
    }
  };
  walk(payload, 0);
  return [...out];
}

/** Next delay of the exponential back-off after `failures` consecutive failures (≥ 1). */
export function backoffMs(failures: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.max(0, failures - 1));
}
