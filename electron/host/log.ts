import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

// Structured log lines. Callers pass ids, codes and counts only: never names,
// ID numbers, phone numbers or request bodies.

type Fields = Record<string, string | number | boolean | null | undefined | readonly string[]>;

let file: string | null = null;
let quiet = false;

export function configureLog(opts: { dir?: string; quiet?: boolean }): void {
  if (opts.dir) {
    mkdirSync(opts.dir, { recursive: true });
    file = join(opts.dir, 'host.log');
  }
  quiet = opts.quiet ?? quiet;
}

function write(level: 'info' | 'warn' | 'error', msg: string, fields?: Fields): void {
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  if (file) {
    try {
      appendFileSync(file, line + '\n');
    } catch {
      // A full or read-only disk must not turn logging into a crash.
    }
  }
  if (!quiet || level === 'error') process.stderr.write(line + '\n');
}

export const log = {
  info: (msg: string, fields?: Fields) => write('info', msg, fields),
  warn: (msg: string, fields?: Fields) => write('warn', msg, fields),
  error: (msg: string, fields?: Fields) => write('error', msg, fields),
};
