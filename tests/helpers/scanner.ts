import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { newKeyRingState, ringOf } from '../../db/keys.js';
import { createBlobFiles, type BlobFiles } from '../../electron/services/blob-files.js';
import type { BlobSink } from '../../electron/devices/scanner/ingest.js';
import { tempDir } from './tmp.js';

// Real image and PDF files for the scanner tests, made with the same libraries a scanner's
// software would use, plus a blob store in a temp folder.

/** A page-like image: light paper, dark text blocks, some noise. */
export async function pageImage(width: number, height: number, format: 'jpeg' | 'png', opts: { alpha?: boolean; grey?: boolean } = {}): Promise<Buffer> {
  const rects = Array.from({ length: 12 }, (_, i) => `<rect x="${width * 0.1}" y="${height * (0.1 + i * 0.06)}" width="${width * (0.5 + (i % 3) * 0.1)}" height="${height * 0.02}" fill="#333"/>`).join('');
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`);
  const base = sharp({ create: { width, height, channels: opts.alpha ? 4 : 3, background: opts.alpha ? { r: 0, g: 0, b: 0, alpha: 0 } : '#f4f1ea' } });
  let img = base.composite([{ input: svg }]);
  if (opts.grey) img = sharp(await img.png().toBuffer()).toColourspace('b-w');
  return format === 'jpeg' ? img.jpeg({ quality: 90 }).toBuffer() : img.png().toBuffer();
}

export async function pdfWithPages(n: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < n; i++) doc.addPage([595, 842]).drawText(`page ${i + 1}`, { x: 50, y: 780, size: 24, font });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF whose trailer names an encryption dictionary, as password-protected files do. */
export async function encryptedPdf(): Promise<Buffer> {
  const text = (await pdfWithPages(1)).toString('latin1');
  return Buffer.from(text.replace(/trailer\s*<</, 'trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>'), 'latin1');
}

/** A valid one-page PDF of about `bytes` size: the bulk is an uncompressed stream object. */
export async function bigPdf(bytes: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  doc.context.register(doc.context.stream(randomBytes(bytes)));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

/** A small, well-formed PNG whose header claims width × height (a decompression bomb's shape). */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(width + 1))), chunk('IEND', Buffer.alloc(0))]);
}

/** An uncompressed 24-bit BMP, bottom-up, filled by fill(x, y) → [r, g, b]. */
export function bmp24(width: number, height: number, fill: (x: number, y: number) => [number, number, number]): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + stride * height, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const row = (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = fill(x, y);
      data[row + x * 3] = b;
      data[row + x * 3 + 1] = g;
      data[row + x * 3 + 2] = r;
    }
  }
  return Buffer.concat([header, data]);
}

/** An 8-bit palette BMP (how many capture tools save grey pages). */
export function bmp8Grey(width: number, height: number, level: (x: number, y: number) => number): Buffer {
  const stride = Math.ceil(width / 4) * 4;
  const header = Buffer.alloc(54);
  const palette = Buffer.alloc(256 * 4);
  for (let i = 0; i < 256; i++) palette.fill(i, i * 4, i * 4 + 3);
  const offset = 54 + palette.length;
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(offset + stride * height, 2);
  header.writeUInt32LE(offset, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(-height, 22); // top-down
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(8, 28);
  header.writeUInt32LE(256, 46);
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * stride + x] = level(x, y);
  return Buffer.concat([header, palette, data]);
}

export function blobStore(): { files: BlobFiles; sink: BlobSink; dir: string; cleanup(): void } {
  const t = tempDir('yct-scan-');
  const files = createBlobFiles(t.dir, { keys: ringOf(newKeyRingState()) });
  const sink: BlobSink = async (bytes, mime) => files.put(bytes, mime);
  return { files, sink, dir: t.dir, cleanup: t.cleanup };
}
