import { z } from 'zod';
import { method } from './method.js';

// The counter's sync methods: status for the header, the sync page, sync now, and
// enrolment of this device with the central service (admins only).

export const syncStatusSchema = z.object({
  state: z.enum(['not_configured', 'not_enrolled', 'synced', 'pending', 'syncing', 'offline', 'error']),
  /** 已同步 / 待同步 N 条（x MB）/ 离线（自 …）/ 出错：reason — what the header shows. */
  label: z.string(),
  pendingEvents: z.number().int(),
  pendingBytes: z.number().int(),
  pendingBlobs: z.number().int(),
  rejected: z.number().int(),
  conflicts: z.number().int(),
  deferred: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  offlineSince: z.string().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  centralUrl: z.string().nullable(),
  enrolment: z.object({ hallCode: z.string().nullable(), departments: z.array(z.string()), enrolledAt: z.string() }).nullable(),
  secretStorage: z.enum(['os-keychain', 'file']),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const syncProblemSchema = z.object({
  eventId: z.string(),
  kind: z.enum(['rejected', 'conflict', 'deferred']),
  code: z.string().nullable(),
  reason: z.string().nullable(),
  caseId: z.string().nullable(),
  type: z.string(),
  createdAt: z.string(),
  own: z.boolean(),
  updatedAt: z.string(),
});

const empty = z.object({}).strict();

export const syncMethods = {
  'sync.status': method(empty, syncStatusSchema, 'signedIn'),
  'sync.now': method(empty, syncStatusSchema, 'signedIn'),
  /** Rejected and conflicting events, and per-case sync state: the sync page. */
  'sync.details': method(
    empty,
    z.object({
      problems: z.array(syncProblemSchema),
      cases: z.array(
        z.object({
          caseId: z.string(),
          caseNumber: z.string().nullable(),
          pending: z.number().int(),
          rejected: z.number().int(),
          conflicts: z.number().int(),
          acked: z.number().int(),
          lastEventAt: z.string(),
        }),
      ),
    }),
    'signedIn',
  ),
  'admin.syncConfigure': method(
    z
      .object({
        centralUrl: z
          .string()
          .trim()
          .url('中心地址应为完整网址，例如 https://yct.example.gov.cn:8700')
          .refine((u) => /^https?:\/\//.test(u), '中心地址应以 https:// 或 http:// 开头')
          .nullable(),
        centralCaFile: z.string().trim().max(500).nullable().optional(),
      })
      .strict(),
    syncStatusSchema,
    ['admin'],
  ),
  'admin.syncEnrol': method(
    z.object({ code: z.string().trim().min(4, '请输入启用码').max(40) }).strict(),
    syncStatusSchema,
    ['admin'],
  ),
} as const;
