import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkIdNumber } from '../../shared/validators.js';

// The logs of a whole e2e run must hold no ID number, phone number or name of the people the
// fixtures type in, read from a card or book an appointment for. The fixture values are harvested
// from the sources, so a new spec's applicant is covered without editing this list.

const root = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = join(root, 'test-results', 'e2e-logs');
const E2E_REPORT = join(root, 'test-results', 'e2e.json');

function sourceFiles(dir: string, exts: readonly string[]): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .map((f) => join(root, dir, f));
}

const SOURCES = [
  ...sourceFiles('tests/e2e', ['.ts']),
  ...sourceFiles('tests/helpers', ['.ts']),
  ...sourceFiles('tests/fixtures/idcard', ['.c']),
  join(root, 'seeds/demo.ts'),
].map((f) => readFileSync(f, 'utf8'));

export function harvest(texts: readonly string[]): { idNumbers: Set<string>; phones: Set<string>; names: Set<string> } {
  const idNumbers = new Set<string>();
  const phones = new Set<string>();
  const names = new Set<string>();
  for (const text of texts) {
    for (const [m] of text.matchAll(/(?<![0-9])[1-9]\d{16}[\dX](?![0-9])/g)) if (checkIdNumber(m).ok) idNumbers.add(m);
    for (const [m] of text.matchAll(/(?<!\d)1[3-9]\d{9}(?!\d)/g)) phones.add(m);
    // Person names as the fixtures write them: a name-ish key, a fill() next to a 姓名 label, the
    // stand-in card's UTF-16 name field.
    for (const m of text.matchAll(/\.u16 = \{u"([\u4e00-\u9fff·]{2,5})"|u"([\u4e00-\u9fff·]{2,5})"\}/g)) names.add((m[1] ?? m[2])!);
    for (const line of text.split('\n')) {
      // Accessible names of buttons and rows are screen words, not people.
      if (/getBy(Role|Text|TestId)|\{ name: /.test(line)) continue;
      for (const m of line.matchAll(/(?:name|Name|partyName)\s*:\s*'([\u4e00-\u9fff·]{2,5})'/g)) names.add(m[1]!);
      if (/name|姓名/.test(line)) for (const m of line.matchAll(/\.fill\('([\u4e00-\u9fff·]{2,5})'\)/g)) names.add(m[1]!);
    }
  }
  return { idNumbers, phones, names };
}

function expectedLogFiles(): number {
  const report = JSON.parse(readFileSync(E2E_REPORT, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number } };
  return report.stats.expected + report.stats.unexpected + report.stats.flaky;
}

describe('logs of the e2e run', () => {
  it('exist for the run that just finished', () => {
    expect(existsSync(LOG_DIR), `no e2e logs in ${LOG_DIR}: run the e2e suite first (npm test does)`).toBe(true);
    const files = readdirSync(LOG_DIR).filter((f) => f.endsWith('.log'));
    // Every test that launched the app left one file; a few specs test pure pages without the app.
    expect(files.length).toBeGreaterThanOrEqual(Math.ceil(expectedLogFiles() * 0.8));
    const lines = files.flatMap((f) => readFileSync(join(LOG_DIR, f), 'utf8').split('\n').filter(Boolean));
    expect(lines.length).toBeGreaterThanOrEqual(files.length);
  });

  it('harvest the fixtures people, so the scan below has something to look for', () => {
    const { idNumbers, phones, names } = harvest(SOURCES);
    // The mother of the newborn case, the stand-in card holder, the booked applicant.
    expect(idNumbers).toContain('232701195609230247');
    expect(idNumbers).toContain('230103198310050614');
    expect(phones).toContain('13904571234');
    for (const n of ['李秀兰', '刘志强', '刘晓红', '孙丽娜']) expect(names).toContain(n);
  });

  it('hold no ID number, phone number or name from the fixtures', () => {
    const { idNumbers, phones, names } = harvest(SOURCES);
    const findings: string[] = [];
    for (const f of readdirSync(LOG_DIR).filter((x) => x.endsWith('.log'))) {
      const lines = readFileSync(join(LOG_DIR, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const v of [...idNumbers, ...phones, ...names]) if (line.includes(v)) findings.push(`${f}:${i + 1} contains ${v.slice(0, 1)}…`);
        // Any valid ID number at all, not only the fixtures' ones.
        for (const [m] of line.matchAll(/(?<![0-9])[1-9]\d{16}[\dX](?![0-9])/g)) if (checkIdNumber(m).ok) findings.push(`${f}:${i + 1} has an ID number`);
      });
    }
    expect(findings).toEqual([]);
  });
});
