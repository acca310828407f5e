import { execFile } from 'node:child_process';
import { FONT_SCRIPTS, type FontReportView } from '../../shared/api/system.js';
import { SANS } from '../../shared/documents/layout.js';

// Start-up check that the fonts the documents name cover Chinese, Latin and Cyrillic, so a Russian
// or English notice never prints as boxes. fontconfig answers which families cover a language; a
// script counts as covered when one of the families in the documents' CSS covers it (a fallback
// font elsewhere on the machine is not what the documents were laid out with).

export { FONT_SCRIPTS };
export type FontScript = (typeof FONT_SCRIPTS)[number];
/** `checked` is false where fontconfig is not installed (e.g. Windows): nothing is then reported missing. */
export type FontReport = FontReportView;

/** fontconfig language of each script. */
const FC_LANG: Record<FontScript, string> = { chinese: 'zh-cn', latin: 'en', cyrillic: 'ru' };

const INSTALL = '请安装 fonts-noto-cjk（Debian：apt-get install fonts-noto-cjk），然后重新启动本程序';
export const FONT_HINTS: Record<FontScript, string> = {
  chinese: `缺少中文字体：${INSTALL}`,
  latin: `缺少覆盖英文（拉丁字母）的字体，英文文书会显示为方框：${INSTALL}`,
  cyrillic: `缺少覆盖俄文（西里尔字母）的字体，俄文文书会显示为方框：${INSTALL}`,
};

/** The named families of a CSS font-family list, without the generic family. */
export function cssFamilies(css: string): string[] {
  return css
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter((s) => s && !['serif', 'sans-serif', 'monospace', 'system-ui'].includes(s));
}

/** The families the documents' body text asks for, in order. */
export const DOCUMENT_FAMILIES = cssFamilies(SANS);

function fcList(lang: string, env: NodeJS.ProcessEnv | undefined): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('fc-list', [`:lang=${lang}`, 'family'], { timeout: 15_000, env: env ?? process.env, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err);
      // One font a line; a family with localised names lists them comma-separated; fontconfig escapes some characters.
      resolve([...new Set(stdout.split('\n').flatMap((l) => l.split(',')).map((f) => f.replace(/\\/g, '').trim()).filter(Boolean))]);
    });
  });
}

/** Asks fontconfig once per script. `env` replaces the process environment (tests hide the fonts with it). */
export async function checkFonts(opts: { env?: NodeJS.ProcessEnv; families?: readonly string[] } = {}): Promise<FontReport> {
  const wanted = new Set((opts.families ?? DOCUMENT_FAMILIES).map((f) => f.toLowerCase()));
  let covered: Record<FontScript, boolean>;
  try {
    const lists = await Promise.all(FONT_SCRIPTS.map((s) => fcList(FC_LANG[s], opts.env)));
    covered = Object.fromEntries(FONT_SCRIPTS.map((s, i) => [s, lists[i]!.some((f) => wanted.has(f.toLowerCase()))])) as Record<FontScript, boolean>;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return { ok: true, checked: false, missing: [] };
    throw err;
  }
  const missing = FONT_SCRIPTS.filter((s) => !covered[s]).map((script) => ({ script, hint: FONT_HINTS[script] }));
  return { ok: missing.length === 0, checked: true, missing };
}

/**
 * One check, run on the first `report()` (the host asks at start-up) and shared by every later caller;
 * `onResult` hears it once. A failing fontconfig counts as not checked, never as an error.
 */
export function fontStatus(onResult: (r: FontReport) => void, opts: Parameters<typeof checkFonts>[0] = {}): { report(): Promise<FontReport> } {
  let pending: Promise<FontReport> | null = null;
  return {
    report() {
      if (!pending) {
        pending = checkFonts(opts).catch((): FontReport => ({ ok: true, checked: false, missing: [] }));
        void pending.then(onResult);
      }
      return pending;
    },
  };
}
