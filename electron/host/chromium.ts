import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../shared/errors.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Debian's Chromium (or YCT_CHROMIUM): app-mode window and PDF printing in browser mode. */
export function findChromium(): string | null {
  return process.env.YCT_CHROMIUM || CANDIDATES.find((p) => existsSync(p)) || null;
}

/** Chromium never phones home from a counter: no background networking, no updates, no sync. */
export const QUIET_FLAGS = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Browser mode's PDF printer: headless Chromium prints the HTML with its own Chinese fonts. */
export async function chromiumPdf(html: string): Promise<Buffer> {
  const bin = findChromium();
  if (!bin) throw new AppError('INTERNAL', '本机未安装 Chromium，无法生成 PDF。请安装 Chromium，或在页面上使用“打印”。');
  const dir = mkdtempSync(join(tmpdir(), 'yct-pdf-'));
  try {
    const page = join(dir, 'page.html');
    const out = join(dir, 'out.pdf');
    writeFileSync(page, html);
    const args = ['--headless', '--disable-gpu', ...QUIET_FLAGS, `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`, pathToFileURL(page).href];
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    await new Promise<void>((resolve, reject) => execFile(bin, args, { timeout: 60_000 }, (err) => (err ? reject(err) : resolve())));
    const pdf = existsSync(out) ? readFileSync(out) : Buffer.alloc(0);
    if (pdf.subarray(0, 5).toString() !== '%PDF-') throw new Error('no PDF produced');
    return pdf;
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('INTERNAL', 'PDF 生成失败，请重试；仍不成功可在页面上使用“打印”。');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
