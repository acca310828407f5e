import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { checkFonts, DOCUMENT_FAMILIES, FONT_HINTS, fontStatus, type FontReport } from '../../electron/host/fonts.js';
import { testHost } from '../helpers/host.js';
import { tempDir } from '../helpers/tmp.js';

// The start-up font check asks the real fontconfig: this machine has the documents' fonts; a
// fontconfig that sees no fonts at all (an empty configuration) reports every script missing.

const tmp = tempDir('yct-fonts-');
afterAll(() => tmp.cleanup());

/** A fontconfig environment with no font directories: fc-list finds nothing. */
function noFonts(): NodeJS.ProcessEnv {
  const conf = join(tmp.dir, 'fonts.conf');
  writeFileSync(conf, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>${join(tmp.dir, 'cache')}</cachedir></fontconfig>\n`);
  return { ...process.env, FONTCONFIG_FILE: conf, FONTCONFIG_PATH: tmp.dir };
}

describe('font check', () => {
  it('finds Chinese, Latin and Cyrillic in the fonts the documents name on this machine', async () => {
    expect(DOCUMENT_FAMILIES[0]).toBe('Noto Sans CJK SC');
    expect(await checkFonts()).toEqual({ ok: true, checked: true, missing: [] });
  });

  it('reports every script missing, with what to install, when fontconfig sees no fonts', async () => {
    const r = await checkFonts({ env: noFonts() });
    expect(r.ok).toBe(false);
    expect(r.checked).toBe(true);
    expect(r.missing.map((m) => m.script).sort()).toEqual(['chinese', 'cyrillic', 'latin']);
    expect(r.missing.find((m) => m.script === 'chinese')!.hint).toBe(FONT_HINTS.chinese);
    for (const m of r.missing) expect(m.hint).toMatch(/^缺少.*请安装 fonts-noto-cjk（Debian：apt-get install fonts-noto-cjk）/);
  });

  it('reports a script missing when only fonts the documents do not name cover it', async () => {
    // DejaVu Sans Mono covers Latin and Cyrillic but not Chinese, and the documents do not ask for it.
    const r = await checkFonts({ families: ['DejaVu Sans Mono'] });
    expect(r.missing.map((m) => m.script)).toEqual(['chinese']);
    expect((await checkFonts({ families: ['No Such Family'] })).missing.map((m) => m.script).sort()).toEqual(['chinese', 'cyrillic', 'latin']);
  });

  it('runs once, on the first question, and tells the listener once', async () => {
    const heard: FontReport[] = [];
    const status = fontStatus((r) => heard.push(r), { env: noFonts() });
    await new Promise((r) => setTimeout(r, 50));
    expect(heard).toEqual([]);
    const [a, b] = await Promise.all([status.report(), status.report()]);
    expect(a).toBe(b);
    await status.report();
    expect(heard).toEqual([a]);
    expect(a.missing).toHaveLength(3);
  });

  it('says so, rather than failing, where fontconfig is not installed', async () => {
    expect(await checkFonts({ env: { PATH: tmp.dir } })).toEqual({ ok: true, checked: false, missing: [] });
  });
});

describe('system.fonts through the host', () => {
  let h: Awaited<ReturnType<typeof testHost>> | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('gives the start-up result to a signed-in clerk only', async () => {
    h = await testHost();
    const anon = await h.call('x', 'system.fonts', {});
    expect(anon).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect(await h.ok('w', 'system.fonts', {})).toEqual({ ok: true, checked: true, missing: [] });
  });
});
