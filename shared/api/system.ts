import { z } from 'zod';
import { method } from './method.js';

// What the host found about the machine it runs on, for the banner that tells the clerk what to fix.

export const FONT_SCRIPTS = ['chinese', 'latin', 'cyrillic'] as const;

export const fontReportSchema = z.object({
  /** Every script is covered by a font the documents name (or the check could not run). */
  ok: z.boolean(),
  /** fontconfig answered; false where it is not installed (e.g. Windows). */
  checked: z.boolean(),
  /** `hint` says what to install, in Chinese. */
  missing: z.array(z.object({ script: z.enum(FONT_SCRIPTS), hint: z.string() })),
});
export type FontReportView = z.infer<typeof fontReportSchema>;

export const systemMethods = {
  /** The start-up font check: Chinese, Latin and Cyrillic in the documents' fonts. */
  'system.fonts': method(z.object({}).strict(), fontReportSchema, 'signedIn'),
} as const;
