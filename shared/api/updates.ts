import { z } from 'zod';
import { method } from './method.js';

// Offline updates from the central service: any signed-in clerk sees the banner; the restart is
// the clerk's choice, and the host refuses it while a case is open on this counter.

const caseId = z.string().min(1).max(64);

export const updateStatusSchema = z.object({
  current: z.string(),
  shell: z.enum(['electron', 'browser']),
  /** False in browser mode: the check still runs, installing is for the desktop app. */
  supported: z.boolean(),
  /** The central service's release area, or null when no central service is set. */
  feedUrl: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** A newer version published on the central service. */
  available: z.object({ version: z.string(), releaseDate: z.string().nullable() }).nullable(),
  /** Why the last check failed (offline, no release published…), in Chinese. */
  checkError: z.string().nullable(),
  /** 0–100 while the desktop app downloads; null otherwise. */
  downloadPercent: z.number().min(0).max(100).nullable(),
  /** The version downloaded, verified and ready to install on restart. */
  downloaded: z.string().nullable(),
  canInstall: z.boolean(),
  /** Why the restart cannot happen now (shown on the disabled button). */
  blockedReason: z.string().nullable(),
});
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

export const updateMethods = {
  /**
   * The update banner's poll. `openCaseId` is the case this window has open for editing (null when
   * none): the host keeps it for a few minutes and will not restart while any window has one.
   */
  'updates.status': method(z.object({ openCaseId: caseId.nullable().default(null), check: z.boolean().default(false) }).strict(), updateStatusSchema, 'signedIn'),
  /** Restarts into the downloaded version, after the clerk agreed to exactly this version. */
  'updates.install': method(z.object({ version: z.string().min(1).max(80), openCaseId: caseId.nullable().default(null) }).strict(), z.object({ restarting: z.literal(true) }), 'signedIn'),
} as const;
