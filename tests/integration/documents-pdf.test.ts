import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPdf } from '../../electron/host/chromium.js';
import { DOCUMENT_KINDS, DOCUMENT_TITLES, groupProblems, renderDocument, type DocumentKind, type PendingInput } from '../../shared/documents/index.js';
import { tempDir } from '../helpers/tmp.js';
import { correction, pending, refusal, samples } from '../fixtures/documents/inputs.js';

// Each document printed by headless Chromium exactly as the host prints it, then read back with
// poppler (text, fonts, images) and zbar (the barcode and the QR code on the printed page).

const SCREENSHOTS = fileURLToPath(new URL('../e2e/__screenshots__/', import.meta.url));
const tmp = tempDir('yct-documents-');
afterAll(() => tmp.cleanup());

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
const squash = (s: string) => s.replace(/\s+/g, '');

interface Printed {
  file: string;
  pages: number;
  text: string;
}

async function print(name: string, html: string): Promise<Printed> {
  const file = join(tmp.dir, `${name}.pdf`);
  writeFileSync(file, await chromiumPdf(html));
  const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))![1]);
  return { file, pages, text: squash(run('pdftotext', ['-raw', file, '-'])) };
}

/** What a scanner at the counter reads from the first page printed at `dpi`. */
function scanCodes(pdf: string, dpi = 200): string[] {
  const png = join(tmp.dir, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
  run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdf, png]);
  return run('zbarimg', ['-q', `${png}.png`]).trim().split('\n');
}

/** A signature as the applicant screen's pad would deliver it: a 600×150 PNG of one stroke. */
async function drawnSignature(): Promise<NonNullable<PendingInput['signature']>> {
  const stroke =
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="150"><path d="M20 110 C 70 10, 110 140, 170 70 S 260 20, 300 100 S 420 140, 470 40 L 580 90" fill="none" stroke="#000" stroke-width="7"/></svg>';
  const png = await sharp(Buffer.from(stroke)).flatten({ background: '#fff' }).png().toBuffer();
  return { mime: 'image/png', base64: png.toString('base64'), signedAt: '2026-03-02 09:34' };
}

const applicantShown = (kind: DocumentKind) => {
  const a = samples[kind].applicant;
  return a.kind === 'enterprise' ? a.enterpriseName! : a.name;
};

// The samples are sized like real cases; the notices that fit on one sheet must keep doing so.
const MAX_PAGES: Record<DocumentKind, number> = { acceptance: 1, pending: 2, commitment: 1, correction: 1, refusal: 1 };

describe('intake documents printed to PDF', () => {
  it.each(DOCUMENT_KINDS)('%s: Chinese text, hall, case number, clerk, page numbers, embedded CJK fonts, readable codes', async (kind) => {
    const input = kind === 'commitment' ? { ...samples.commitment, signature: await drawnSignature() } : samples[kind];
    const { file, pages, text } = await print(kind, renderDocument(kind, input as never));
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(MAX_PAGES[kind]);
    for (const s of [DOCUMENT_TITLES[kind], input.hallName, input.caseNumber, `经办人：${input.clerkName}`, applicantShown(kind), input.applicant.idNumberMasked]) {
      expect(text, s).toContain(squash(s));
    }
    for (let p = 1; p <= pages; p++) expect(text).toContain(`第${p}页/共${pages}页`);
    expect(text).toContain(squash(`查询：${input.queryChannel}`));

    // Chromium embeds the Noto CJK faces (as Type 3 glyph outlines, named in their font descriptors),
    // each with a Unicode map, so the PDF prints the same anywhere and its text stays searchable.
    const fontNames = [...readFileSync(file, 'latin1').matchAll(/\/FontName \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]);
    expect(fontNames).toContain('NotoSansCJKsc-Regular');
    expect(fontNames).toContain('NotoSerifCJKsc-Bold');
    const fonts = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+yes\s+\d+\s+\d+$/);

    const codes = scanCodes(file);
    expect(codes).toContain(`QR-Code:${input.caseNumber}`);
    expect(codes).toContain(`CODE-128:${input.caseNumber}`);

    mkdirSync(SCREENSHOTS, { recursive: true });
    run('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', file, join(SCREENSHOTS, `documents-${kind}`)]);
  }, 60_000);

  it('the correction notice prints every material to bring or correct, and the promise not to ask for more', async () => {
    const { text } = await print('correction-all', renderDocument('correction', correction));
    for (const g of groupProblems(correction.problems)) expect(text.split(squash(g.name)).length - 1, g.name).toBe(1);
    expect(text).toContain('不再要求提交本告知书以外的其他材料');
  }, 60_000);

  it('the longest case number (40 characters, narrowest bars) still scans on a 300 dpi print', async () => {
    const caseNumber = 'HLJ232701-20260302-K7QF-0007-ABCDEFGHIJK';
    expect(caseNumber).toHaveLength(40);
    const { file, text } = await print('long-number', renderDocument('acceptance', { ...samples.acceptance, caseNumber }));
    expect(text).toContain(caseNumber);
    const codes = scanCodes(file, 300);
    expect(codes).toContain(`QR-Code:${caseNumber}`);
    expect(codes).toContain(`CODE-128:${caseNumber}`);
  }, 60_000);

  it('the refusal prints the reason and the 60-day / 6-month remedies', async () => {
    const { text } = await print('refusal-remedy', renderDocument('refusal', refusal));
    expect(text).toContain(squash(refusal.reason));
    expect(text).toContain('六十日内，依照《中华人民共和国行政复议法》');
    expect(text).toContain('六个月内，依照《中华人民共和国行政诉讼法》');
  }, 60_000);

  it('the commitment embeds the signature drawn on the applicant screen as an image, and has none without it', async () => {
    const signed: PendingInput = { ...pending, signature: await drawnSignature() };
    const withSig = await print('commitment-signed', renderDocument('commitment', signed));
    const images = run('pdfimages', ['-list', withSig.file]).split('\n').slice(2).filter(Boolean);
    expect(images.some((l) => /^\s*1\s+\d+\s+image\s+600\s+150\s/.test(l)), images.join('\n')).toBe(true);
    expect(withSig.text).toContain('申请人已于2026年3月2日09:34在申请人屏上签字确认');

    const { signature: _, ...unsigned } = signed;
    const blank = await print('commitment-blank', renderDocument('commitment', unsigned));
    expect(run('pdfimages', ['-list', blank.file]).split('\n').slice(2).filter(Boolean)).toEqual([]);
    expect(blank.text).toContain('年月日');
  }, 60_000);
});
