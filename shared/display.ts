import { z } from 'zod';

/** How the clerk screen looks for one clerk: kept with the clerk, applied at sign-in. */
export const displayPrefsSchema = z
  .object({
    /** Everything 125 % larger, for clerks and help-desk staff who cannot read small print. */
    largeText: z.boolean().default(false),
    /** Black on white, no grey text, thick focus outlines. */
    highContrast: z.boolean().default(false),
  })
  .strict();
export type DisplayPrefs = z.infer<typeof displayPrefsSchema>;

export const DEFAULT_DISPLAY: DisplayPrefs = { largeText: false, highContrast: false };
