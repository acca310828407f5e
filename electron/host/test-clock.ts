import { readFileSync } from 'node:fs';

// For end-to-end tests only: with YCT_TEST_CLOCK_FILE set, the host's clock runs ahead of the
// system clock by the milliseconds written in that file (re-read on change), so a test can move
// deadlines past due without waiting. Unset (always, outside tests) the system clock is used as is.

export function testClockFromEnv(env: NodeJS.ProcessEnv = process.env): (() => number) | undefined {
  const file = env.YCT_TEST_CLOCK_FILE;
  if (!file) return undefined;
  let text = '';
  let offset = 0;
  return () => {
    let now = '';
    try {
      now = readFileSync(file, 'utf8');
    } catch {
      // No file yet: no offset.
    }
    if (now !== text) {
      text = now;
      const n = Number(now.trim());
      offset = Number.isFinite(n) ? n : 0;
    }
    return Date.now() + offset;
  };
}
