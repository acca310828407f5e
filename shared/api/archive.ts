import { z } from 'zod';
import { ARCHIVE_FINAL_STATES, FOLDER_NAME_RE } from '../archive.js';
import { method } from './method.js';

// 电子化归档: packages of finished cases, built by a background sweep or on demand, exported for a
// date range and verified. Folders are named inside the hall's archive folder, never as paths.

const ARCHIVE = ['supervisor', 'admin'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日，如 2026-11-01');
const folder = z.string().regex(FOLDER_NAME_RE, '归档包名称格式不正确，请从列表中选择。');

export const archivePackageSchema = z.object({
  caseId: z.string(),
  caseNumber: z.string(),
  revision: z.number().int(),
  folder: z.string(),
  finalState: z.enum(ARCHIVE_FINAL_STATES),
  endedOn: z.string(),
  builtAt: z.string(),
  files: z.number().int(),
  bytes: z.number().int(),
  keyId: z.string(),
  manifestSha256: z.string(),
});
export type ArchivePackageView = z.infer<typeof archivePackageSchema>;

export const verifyResultSchema = z.object({
  ok: z.boolean(),
  caseNumber: z.string().nullable(),
  revision: z.number().int().nullable(),
  signature: z.enum(['valid', 'invalid', 'unknown_key', 'missing']),
  checkedFiles: z.number().int(),
  problems: z.array(z.object({ kind: z.string(), path: z.string().nullable(), message: z.string() })),
  /** One line in Chinese: passed, or how many problems and what to do. */
  summary: z.string(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

export const archiveMethods = {
  /** Builds the package of one finished case now (nothing new is written when it is up to date). */
  'archive.build': method(z.object({ caseId: z.string().min(1).max(64) }), archivePackageSchema.extend({ built: z.boolean() }), ARCHIVE),
  /** Builds what is missing, then copies the packages of cases that ended in [from, to] into one export folder. */
  'archive.export': method(
    z.object({ from: isoDate, to: isoDate }).refine((r) => r.from <= r.to, { message: '开始日期不能晚于结束日期', path: ['to'] }),
    z.object({
      folder: z.string(),
      /** Where the export lies, for the clerk to open or copy (shown, never sent back). */
      location: z.string(),
      packages: z.number().int(),
      built: z.number().int(),
      /** Packages that failed their check and were left out, each with what is wrong. */
      damaged: z.array(z.object({ caseNumber: z.string(), folder: z.string(), summary: z.string() })),
      /** Finished cases in the range whose package could not be built. */
      failed: z.array(z.object({ caseNumber: z.string(), message: z.string() })),
    }),
    ARCHIVE,
  ),
  /** Checks a package in the archive folder (or in an export folder): signature, every file, nothing extra. */
  'archive.verify': method(z.object({ folder, exportFolder: folder.optional() }), verifyResultSchema, ARCHIVE),
  'archive.status': method(
    z.object({ limit: z.number().int().min(1).max(200).default(20) }).prefault({}),
    z.object({
      location: z.string(),
      keyId: z.string().nullable(),
      packages: z.number().int(),
      /** Finished cases the sweep has not reached yet. */
      waiting: z.number().int(),
      failures: z.array(z.object({ caseId: z.string(), caseNumber: z.string().nullable(), attempts: z.number().int(), message: z.string(), nextAttemptAt: z.string() })),
      recent: z.array(archivePackageSchema),
    }),
    ARCHIVE,
  ),
} as const;
