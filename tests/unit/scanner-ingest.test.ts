import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingest, rotateStored, sniff, type IngestOptions } from '../../electron/devices/scanner/ingest.js';
import { decodePnm } from '../../electron/devices/scanner/raw-formats.js';
import { AppError } from '../../shared/errors.js';
import { blobStore, bmp24, bmp8Grey, encryptedPdf, pageImage, pdfWithPages, pngClaiming } from '../helpers/scanner.js';

const opts: IngestOptions = { jpegQuality: 80, maxLongSide: 3508 };
let store: ReturnType<typeof blobStore>;
beforeEach(() => {
  store = blobStore();
});
afterEach(() => store.cleanup());

async function refused(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('page ingest', () => {
  it('stores a JPEG page scaled down to the long side, content-addressed', async () => {
    const input = await pageImage(3000, 4200, 'jpeg');
    const [page] = await ingest({ bytes: input }, opts, store.sink);
    expect(page).toMatchObject({ mime: 'image/jpeg', height: 3508, pageCount: 1 });
    expect(page!.width).toBe(Math.round((3000 * 3508) / 4200));
    const stored = await store.files.read(page!.sha256);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(page!.sha256);
    expect(stored.length).toBe(page!.bytes);
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', page!.width, 3508]);
  });

  it('leaves a page within the limit at its size and honours the quality setting', async () => {
    const input = await pageImage(1240, 1754, 'png');
    const [hi] = await ingest({ bytes: input }, { ...opts, jpegQuality: 90 }, store.sink);
    const [lo] = await ingest({ bytes: input }, { ...opts, jpegQuality: 40 }, store.sink);
    expect([hi!.width, hi!.height]).toEqual([1240, 1754]);
    expect(lo!.bytes).toBeLessThan(hi!.bytes);
    expect(lo!.sha256).not.toBe(hi!.sha256);
  });

  it('gives the same blob for the same page twice', async () => {
    const input = await pageImage(800, 1000, 'png');
    const [a] = await ingest({ bytes: input }, opts, store.sink);
    const [b] = await ingest({ bytes: input }, opts, store.sink);
    expect(b!.sha256).toBe(a!.sha256);
    expect(await store.files.list()).toEqual([a!.sha256]);
  });

  it('turns a photo upright from its EXIF orientation', async () => {
    const raw = await pageImage(600, 400, 'jpeg');
    const rotated = await sharp(raw).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const [page] = await ingest({ bytes: rotated }, opts, store.sink);
    expect([page!.width, page!.height]).toEqual([400, 600]);
  });

  it('puts a transparent PNG on white paper and keeps grey scans grey', async () => {
    const [clear] = await ingest({ bytes: await pageImage(200, 300, 'png', { alpha: true }) }, opts, store.sink);
    const { data } = await sharp(await store.files.read(clear!.sha256)).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(data[0]!, data[1]!, data[2]!)).toBeGreaterThan(245);

    const [grey] = await ingest({ bytes: await pageImage(200, 300, 'png', { grey: true }) }, opts, store.sink);
    expect((await sharp(await store.files.read(grey!.sha256)).metadata()).channels).toBe(1);
  });

  it('reads 24-bit and 8-bit palette BMPs from capture tools', async () => {
    const colour = bmp24(30, 20, (x) => (x < 15 ? [200, 30, 30] : [30, 30, 200]));
    const [page] = await ingest({ bytes: colour }, opts, store.sink);
    expect([page!.width, page!.height]).toEqual([30, 20]);
    const { data } = await sharp(await store.files.read(page!.sha256)).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]!).toBeGreaterThan(150); // red on the left: bottom-up rows and BGR order were undone
    expect(data[2]!).toBeLessThan(90);

    const grey = bmp8Grey(17, 9, (x) => (x < 8 ? 20 : 230));
    const [g] = await ingest({ bytes: grey }, opts, store.sink);
    const px = await sharp(await store.files.read(g!.sha256)).raw().toBuffer();
    expect(px[0]!).toBeLessThan(60);
    expect([g!.width, g!.height]).toEqual([17, 9]);
  });

  it('reads scanimage PNM output, 8 and 16 bit', async () => {
    const w = 40;
    const h = 30;
    const p6 = Buffer.concat([Buffer.from(`P6\n# scanimage\n${w} ${h}\n255\n`), Buffer.alloc(w * h * 3, 200)]);
    const [c] = await ingest({ bytes: p6 }, opts, store.sink);
    expect([c!.width, c!.height]).toEqual([w, h]);

    const p5 = Buffer.alloc(w * h * 2);
    for (let i = 0; i < w * h; i++) p5.writeUInt16BE(65535, i * 2);
    const raw = decodePnm(Buffer.concat([Buffer.from(`P5 ${w} ${h} 65535\n`), p5]));
    expect([raw.channels, raw.data[0]]).toEqual([1, 255]);

    const short = Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`), Buffer.alloc(100)]);
    expect((await refused(ingest({ bytes: short }, opts, store.sink))).message).toMatch(/不完整或已损坏/);
  });

  it('keeps a PDF whole as one blob with its page count', async () => {
    const pdf = await pdfWithPages(3);
    const [page] = await ingest({ bytes: pdf }, opts, store.sink);
    expect(page).toMatchObject({ mime: 'application/pdf', pageCount: 3, width: 595, height: 842, bytes: pdf.length });
    expect((await store.files.read(page!.sha256)).equals(pdf)).toBe(true);
  });

  it('refuses encrypted, truncated and corrupt PDFs with what to do', async () => {
    expect((await refused(ingest({ bytes: await encryptedPdf() }, opts, store.sink))).message).toMatch(/已加密或设有密码.*去掉密码/);
    const pdf = await pdfWithPages(2);
    expect((await refused(ingest({ bytes: pdf.subarray(0, pdf.length - 300) }, opts, store.sink))).message).toMatch(/PDF 文件不完整/);
    const junk = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nnonsense <<<< ]]\n%%EOF\n');
    expect((await refused(ingest({ bytes: junk }, opts, store.sink))).message).toMatch(/PDF 文件已损坏|没有任何页面/);
    expect(await store.files.list()).toEqual([]);
  });

  it('refuses truncated JPEG and PNG files without storing anything', async () => {
    const jpeg = await pageImage(1200, 1600, 'jpeg');
    const png = await pageImage(1200, 1600, 'png');
    for (const cut of [jpeg.subarray(0, jpeg.length >> 1), png.subarray(0, png.length >> 1)]) {
      const e = await refused(ingest({ bytes: cut }, opts, store.sink));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message).toMatch(/图像文件不完整或已损坏.*请重新扫描/);
    }
    expect(await store.files.list()).toEqual([]);
  });

  it('judges the type by content, not by name', async () => {
    expect(sniff(Buffer.from('PK\x03\x04rest-of-a-docx', 'latin1'))).toBe('office');
    expect((await refused(ingest({ bytes: Buffer.from('PK\x03\x04word/document.xml', 'latin1') }, opts, store.sink))).message).toMatch(/另存为 PDF/);
    expect((await refused(ingest({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') }, opts, store.sink))).message).toMatch(/不支持的文件类型/);
    expect((await refused(ingest({ bytes: Buffer.alloc(0) }, opts, store.sink))).message).toMatch(/文件是空的/);
    expect((await refused(ingest({ bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) }, opts, store.sink))).message).toMatch(/不完整或已损坏/);
  });

  it('refuses huge dimensions before decoding', async () => {
    const bomb = pngClaiming(30000, 30000);
    expect(bomb.length).toBeLessThan(100_000);
    const e = await refused(ingest({ bytes: bomb }, opts, store.sink));
    expect(e.message).toMatch(/图像尺寸过大（30000×30000 像素）.*300 dpi/);
    const big = await pageImage(4000, 3000, 'jpeg');
    expect((await refused(ingest({ bytes: big }, { ...opts, maxInputPixels: 10_000_000 }, store.sink))).message).toMatch(/4000×3000/);
  });

  it('rotates an image page into a new blob and leaves the original', async () => {
    const [page] = await ingest({ bytes: await pageImage(300, 200, 'jpeg') }, opts, store.sink);
    const turned = await rotateStored(await store.files.read(page!.sha256), 'image/jpeg', 90, opts, store.sink);
    expect([turned.width, turned.height]).toEqual([200, 300]);
    expect(turned.sha256).not.toBe(page!.sha256);
    expect(await store.files.has(page!.sha256)).toBe(true);
    const back = await rotateStored(await store.files.read(turned.sha256), 'image/jpeg', 270, opts, store.sink);
    expect([back.width, back.height]).toEqual([300, 200]);
  });

  it('rotates a PDF by turning its pages', async () => {
    const [page] = await ingest({ bytes: await pdfWithPages(2) }, opts, store.sink);
    const turned = await rotateStored(await store.files.read(page!.sha256), 'application/pdf', 90, opts, store.sink);
    expect(turned).toMatchObject({ mime: 'application/pdf', pageCount: 2, width: 842, height: 595 });
    const doc = await PDFDocument.load(await store.files.read(turned.sha256));
    expect(doc.getPages().map((p) => p.getRotation().angle)).toEqual([90, 90]);
  });
});
