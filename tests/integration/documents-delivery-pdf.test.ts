import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumPdf } from '../../electron/host/chromium.js';
import { renderDocument, type ReceiptInput, type WaybillInput } from '../../shared/documents/index.js';
import { tempDir } from '../helpers/tmp.js';
import { mailReceipt, receipt, waybill } from '../fixtures/documents-delivery/inputs.js';

// The delivery documents printed by headless Chromium exactly as the host prints them, then read
// back with pdf-lib (page size), poppler (text, word boxes, images) and zbar (the printed codes).

const tmp = tempDir('yct-delivery-documents-');
afterAll(() => tmp.cleanup());

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
const squash = (s: string) => s.replace(/\s+/g, '');
const PT_PER_MM = 72 / 25.4;

interface Printed {
  file: string;
  /** Page sizes in mm. */
  sizes: { width: number; height: number }[];
  text: string;
}

async function print(name: string, html: string): Promise<Printed> {
  const file = join(tmp.dir, `${name}.pdf`);
  const pdf = await chromiumPdf(html);
  writeFileSync(file, pdf);
  const doc = await PDFDocument.load(pdf);
  const sizes = doc.getPages().map((p) => ({ width: p.getWidth() / PT_PER_MM, height: p.getHeight() / PT_PER_MM }));
  return { file, sizes, text: squash(run('pdftotext', ['-raw', file, '-'])) };
}

function scanCodes(pdf: string, dpi: number): string[] {
  const png = join(tmp.dir, `${Date.now()}-${Math.random().toString(36).slice(2)}`);
  run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdf, png]);
  return run('zbarimg', ['-q', `${png}.png`]).trim().split('\n');
}

/** Words (poppler's runs of text) with their boxes in pt from the top left. */
function words(pdf: string): { text: string; yMin: number; yMax: number }[] {
  const xml = run('pdftotext', ['-bbox', pdf, '-']);
  return [...xml.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[3]!,
    yMin: Number(m[1]),
    yMax: Number(m[2]),
  }));
}

function expectFonts(file: string): void {
  const fonts = run('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
  expect(fonts.length).toBeGreaterThan(0);
  for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+yes\s+\d+\s+\d+$/);
}

async function drawnSignature(): Promise<string> {
  const stroke =
    '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="150"><path d="M20 110 C 70 10, 110 140, 170 70 S 260 20, 300 100 S 420 140, 470 40 L 580 90" fill="none" stroke="#000" stroke-width="7"/></svg>';
  const png = await sharp(Buffer.from(stroke)).flatten({ background: '#fff' }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('邮寄面单 printed to PDF', () => {
  it('is one 100 × 150 mm page with the carrier, the scannable tracking number, both addresses and the case number', async () => {
    const { file, sizes, text } = await print('waybill', renderDocument('waybill', waybill));
    expect(sizes).toHaveLength(1);
    // Chromium lays the page out in whole CSS pixels: within half a millimetre.
    expect(Math.abs(sizes[0]!.width - 100)).toBeLessThan(0.5);
    expect(Math.abs(sizes[0]!.height - 150)).toBeLessThan(0.5);
    for (const s of [
      '中国邮政 EMS',
      waybill.trackingNo,
      waybill.recipient.name,
      waybill.recipient.phone,
      waybill.recipient.address,
      waybill.sender.name,
      waybill.sender.phone,
      waybill.sender.address,
      waybill.caseNumber,
      waybill.contents,
      waybill.note!,
    ]) {
      expect(text, s).toContain(squash(s));
    }
    expectFonts(file);
    expect(scanCodes(file, 300)).toContain(`CODE-128:${waybill.trackingNo}`);
  }, 60_000);

  it('the longest values the schema allows stay on one label, the recipient clear of the sender', async () => {
    const longest: WaybillInput = {
      ...waybill,
      carrier: 'other',
      carrierName: '漠河同城速递有限公司黑龙江分公',
      trackingNo: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
      caseNumber: 'HLJ232701-20260302-K7QF-0007-ABCDEFGHIJK',
      recipient: { name: '欧阳'.repeat(10), phone: '0457-28223456-123456', address: '址'.repeat(100) },
      sender: { name: '寄'.repeat(30), phone: '0457-28223456-123456', address: '发'.repeat(60) },
      contents: '件'.repeat(30),
      note: '注'.repeat(30),
    };
    const { file, sizes, text } = await print('waybill-longest', renderDocument('waybill', longest));
    expect(sizes).toHaveLength(1);
    expect(text).toContain(longest.recipient.address);
    expect(text).toContain(longest.note);
    const boxes = words(file);
    const address = boxes.filter((w) => /^址+$/.test(w.text));
    expect(address.map((w) => w.text).join('')).toBe(longest.recipient.address);
    const senderTop = Math.min(...boxes.filter((w) => /^寄+$/.test(w.text)).map((w) => w.yMin));
    // Line boxes overlap by the leading; the last address line must end above the sender's first glyph box.
    expect(Math.max(...address.map((w) => w.yMax))).toBeLessThan(senderTop + 2);
    const note = boxes.filter((w) => /^注+$/.test(w.text));
    expect(note.map((w) => w.text).join('')).toBe(longest.note);
    expect(Math.max(...note.map((w) => w.yMax))).toBeLessThan(150 * PT_PER_MM);
    expect(scanCodes(file, 300)).toContain(`CODE-128:${longest.trackingNo}`);
  }, 60_000);
});

describe('出件回执 printed to PDF', () => {
  it('is one A4 page with the entries, the recipient, the signature image and three readable codes', async () => {
    const input: ReceiptInput = { ...receipt, signature: { kind: 'image', dataUrl: await drawnSignature() } };
    const { file, sizes, text } = await print('receipt', renderDocument('receipt', input));
    expect(sizes).toHaveLength(1);
    expect(Math.abs(sizes[0]!.width - 210)).toBeLessThan(0.5);
    expect(Math.abs(sizes[0]!.height - 297)).toBeLessThan(0.5);
    for (const s of [
      '出件回执（送达回证）',
      input.header.hallName,
      input.header.caseNumber,
      input.receiptNo,
      `经办人：${input.header.clerkName}`,
      input.recipient.idNumberMasked,
      '核验方式读取居民身份证',
      ...input.entries.map((e) => e.description),
      '扫码或凭评价码K7QF2M9A对本次服务进行评价（好差评）',
      '第1页/共1页',
    ]) {
      expect(text, s).toContain(squash(s));
    }
    expect(text).not.toContain('232701199003151229');
    expectFonts(file);
    const images = run('pdfimages', ['-list', file]).split('\n').slice(2).filter(Boolean);
    expect(images.some((l) => /^\s*1\s+\d+\s+image\s+600\s+150\s/.test(l)), images.join('\n')).toBe(true);
    const codes = scanCodes(file, 200);
    expect(codes).toContain(`QR-Code:${input.header.caseNumber}`);
    expect(codes).toContain(`CODE-128:${input.header.caseNumber}`);
    expect(codes).toContain(`QR-Code:${input.ratingUrl}`);
  }, 60_000);

  it('for the post, prints the mailing list with the carrier and tracking number and no signature image', async () => {
    const { file, sizes, text } = await print('receipt-mail', renderDocument('receipt', mailReceipt));
    expect(sizes).toHaveLength(1);
    expect(text).toContain('出件回执（邮寄清单）');
    expect(text).toContain(squash('中国邮政 EMS\u3000运单号 1100123456789'));
    expect(text).toContain('收件人已在纸质回执上签名（扫描件存档）');
    for (const e of mailReceipt.entries) expect(text).toContain(squash(e.description));
    expect(run('pdfimages', ['-list', file]).split('\n').slice(2).filter(Boolean)).toEqual([]);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
});
