import { stat, readFile } from 'node:fs/promises';
import { degrees, ParseSpeeds, PDFDocument } from 'pdf-lib';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { AppError } from '../../../shared/errors.js';
import type { ScannedPage } from '../../../shared/scanner.js';
import { decodeBmp, decodePnm, looksLikeBmp, RawFormatError, type RawImage } from './raw-formats.js';

// Page ingest: check what a file really is (by content, never by its name), decode it,
// turn it upright, scale it down to the configured long side, compress to JPEG and store.
// PDFs are validated and kept whole.

export interface IngestOptions {
  jpegQuality: number;
  maxLongSide: number;
  /** Decoded pixels above this are refused before decoding (default 150 MP ≈ A3 at 600 dpi × 2). */
  maxInputPixels?: number;
  /** Files from drivers above this are refused before reading (default 512 MB). */
  maxInputBytes?: number;
  /** Smaller files, about three times slower to encode. */
  mozjpeg?: boolean;
  /**
   * Optimised Huffman tables: 4–9 % smaller pages for about 100 ms more CPU per 300 dpi A4 page,
   * which halves throughput on a two-core counter PC; off by default.
   */
  optimiseCoding?: boolean;
}

export const INGEST_DEFAULTS = { jpegQuality: 80, maxLongSide: 3508 } as const satisfies IngestOptions;
const DEFAULT_MAX_PIXELS = 150_000_000;
const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Stores one finished file; the blob store behind it hashes, writes atomically and indexes. */
export type BlobSink = (bytes: Buffer, mime: 'image/jpeg' | 'application/pdf') => Promise<{ sha256: string; size: number }>;

/** A page as a driver hands it over. */
export type PageSource = { bytes: Buffer } | { path: string } | { raw: RawImage };

export type SniffedType = 'jpeg' | 'png' | 'tiff' | 'webp' | 'gif' | 'avif' | 'bmp' | 'pnm' | 'pdf' | 'heic' | 'office' | 'unknown';

const ACCEPTED = '只能附加 JPG、PNG、TIFF、BMP、WebP 图片或 PDF 文件';

export function sniff(buf: Buffer): SniffedType {
  const b = (i: number) => buf[i];
  const ascii = (start: number, end: number) => buf.toString('latin1', start, end);
  if (buf.length >= 3 && b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf.length >= 4 && ((ascii(0, 2) === 'II' && b(2) === 0x2a && b(3) === 0) || (ascii(0, 2) === 'MM' && b(2) === 0 && b(3) === 0x2a))) return 'tiff';
  if (buf.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (buf.length >= 6 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  if (buf.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    return brand === 'avif' || brand === 'avis' ? 'avif' : 'heic';
  }
  if (looksLikeBmp(buf)) return 'bmp';
  if (buf.length >= 3 && /^P[456]$/.test(ascii(0, 2)) && [0x20, 0x09, 0x0a, 0x0d].includes(b(2)!)) return 'pnm';
  // Some generators put a few bytes before the header; readers accept it within the first KiB.
  if (ascii(0, Math.min(buf.length, 1024)).includes('%PDF-')) return 'pdf';
  if (buf.length >= 4 && ascii(0, 4) === 'PK\x03\x04') return 'office';
  if (buf.length >= 4 && b(0) === 0xd0 && b(1) === 0xcf && b(2) === 0x11 && b(3) === 0xe0) return 'office';
  return 'unknown';
}

const invalid = (message: string, details?: Record<string, unknown>) => new AppError('INVALID_INPUT', message, details);

function corrupt(kind: string): AppError {
  return invalid('图像文件不完整或已损坏（可能尚未保存完毕或传输中断）：请重新扫描，或重新保存后再附加。', { kind });
}

function tooManyPixels(width: number, height: number): AppError {
  return invalid(`图像尺寸过大（${width}×${height} 像素），无法处理：请把扫描分辨率降到 300 dpi 后重新扫描。`, { width, height });
}

function wrongType(kind: SniffedType): AppError {
  if (kind === 'office') return invalid(`这是 Word、Excel 或压缩包等文件，不能直接作为材料：请先另存为 PDF 再附加（${ACCEPTED}）。`, { kind });
  if (kind === 'heic') return invalid('暂不支持 HEIC 格式的照片：请在手机或电脑上另存为 JPG 后再附加。', { kind });
  return invalid(`不支持的文件类型：${ACCEPTED}。`, { kind });
}

/** The bytes of a file source, refused before reading when over the input limit. */
export async function sourceBytes(src: { bytes: Buffer } | { path: string }, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): Promise<Buffer> {
  if ('bytes' in src) return src.bytes;
  let size: number;
  try {
    size = (await stat(src.path)).size;
  } catch {
    throw new AppError('NOT_FOUND', '找不到扫描得到的图像文件，可能已被移走：请重新扫描。');
  }
  if (size > maxBytes) throw invalid(`图像文件过大（${Math.round(size / 1048576)} MB），无法处理：请降低扫描分辨率后重试。`, { size });
  return readFile(src.path);
}

function sharpFailure(err: unknown, kind: string): AppError {
  if (err instanceof AppError) return err;
  const msg = (err as Error)?.message ?? '';
  if (/pixel limit/i.test(msg)) return invalid('图像尺寸过大，无法处理：请把扫描分辨率降到 300 dpi 后重新扫描。', { kind });
  if (/unsupported image format/i.test(msg)) return wrongType('unknown');
  return corrupt(kind);
}

/**
 * Stores a page source. An image becomes one JPEG per page (several for a multi-page TIFF);
 * a PDF is kept whole as one page record.
 */
export async function ingest(src: PageSource, opts: IngestOptions, sink: BlobSink): Promise<ScannedPage[]> {
  if ('raw' in src) {
    checkPixels(src.raw.width, src.raw.height, opts);
    return [await encodeImage(src.raw, 'raw', rawShape(src.raw), 0, opts, sink)];
  }
  const buf = await sourceBytes(src, opts.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES);
  if (buf.length === 0) throw invalid('文件是空的（0 字节）：请重新扫描或选择其他文件。');
  const kind = sniff(buf);
  switch (kind) {
    case 'pdf':
      return [await ingestPdf(buf, sink)];
    case 'pnm':
    case 'bmp': {
      let raw: RawImage;
      try {
        raw = kind === 'pnm' ? decodePnm(buf) : decodeBmp(buf);
      } catch (err) {
        if (err instanceof RawFormatError) {
          if (err.reason === 'truncated') throw corrupt(kind);
          throw kind === 'bmp' && /compressed|depth/.test(err.message) ? invalid('该 BMP 图片使用了不支持的压缩方式：请在扫描软件中改存为 JPG 后再附加。') : corrupt(kind);
        }
        throw err;
      }
      checkPixels(raw.width, raw.height, opts);
      return [await encodeImage(raw, kind, rawShape(raw), 0, opts, sink)];
    }
    case 'jpeg':
    case 'png':
    case 'tiff':
    case 'webp':
    case 'gif':
    case 'avif': {
      let meta: Metadata;
      try {
        meta = await sharp(buf, { limitInputPixels: false }).metadata();
      } catch (err) {
        throw sharpFailure(err, kind);
      }
      if (!meta.width || !meta.height) throw corrupt(kind);
      checkPixels(meta.width, meta.height, opts);
      // Multi-page TIFFs (some capture tools save a whole batch in one file) become several pages.
      const pages = kind === 'tiff' ? Math.max(1, Math.min(meta.pages ?? 1, 500)) : 1;
      const out: ScannedPage[] = [];
      const shape = shapeOf(meta);
      for (let page = 0; page < pages; page++) out.push(await encodeImage(buf, kind, shape, page, opts, sink));
      return out;
    }
    default:
      throw wrongType(kind);
  }
}

const jpegOptions = (opts: IngestOptions) => ({ quality: opts.jpegQuality, ...(opts.mozjpeg ? { mozjpeg: true } : { optimiseCoding: opts.optimiseCoding ?? false }) });

const rawShape = (r: RawImage): InputShape => ({ width: r.width, height: r.height, channels: r.channels, hasAlpha: r.channels === 4, grey: r.channels === 1, orientation: 1, multiPage: false });

function checkPixels(width: number, height: number, opts: IngestOptions): void {
  if (width * height > (opts.maxInputPixels ?? DEFAULT_MAX_PIXELS)) throw tooManyPixels(width, height);
}

/** What the encoder needs to know about its input, read once from the header. */
interface InputShape {
  width: number;
  height: number;
  channels: number;
  hasAlpha: boolean;
  grey: boolean;
  orientation: number;
  multiPage: boolean;
}

function shapeOf(meta: Metadata): InputShape {
  return {
    width: meta.width ?? 0,
    height: meta.height ?? 0,
    channels: meta.channels ?? 3,
    hasAlpha: meta.hasAlpha ?? false,
    grey: meta.channels === 1 || meta.space === 'b-w' || (meta.channels === 2 && (meta.hasAlpha ?? false)),
    orientation: meta.orientation ?? 1,
    multiPage: (meta.pages ?? 1) > 1,
  };
}

async function encodeImage(input: Buffer | RawImage, kind: string, shape: InputShape, page: number, opts: IngestOptions, sink: BlobSink): Promise<ScannedPage> {
  let data: Buffer;
  let info: OutputInfo;
  try {
    // Options that cost time only when they do something: orientation, page selection, resizing.
    const img = Buffer.isBuffer(input)
      ? sharp(input, {
          failOn: 'error',
          limitInputPixels: opts.maxInputPixels ?? DEFAULT_MAX_PIXELS,
          ...(shape.orientation > 1 ? { autoOrient: true } : {}),
          ...(shape.multiPage ? { page } : {}),
        })
      : sharp(input.data, { raw: { width: input.width, height: input.height, channels: input.channels } });
    // JPEG has no transparency: a transparent background must come out as paper white, not black.
    if (shape.hasAlpha) img.flatten({ background: '#ffffff' });
    // Grey scans stay one-channel JPEGs (sharp would widen them to sRGB).
    if (shape.grey) img.toColourspace('b-w');
    // Pages of a multi-page file may differ in size from the first.
    if (shape.multiPage || Math.max(shape.width, shape.height) > opts.maxLongSide) {
      img.resize({ width: opts.maxLongSide, height: opts.maxLongSide, fit: 'inside', withoutEnlargement: true });
    }
    ({ data, info } = await img.jpeg(jpegOptions(opts)).toBuffer({ resolveWithObject: true }));
  } catch (err) {
    throw sharpFailure(err, kind);
  }
  const stored = await sink(data, 'image/jpeg');
  return { sha256: stored.sha256, mime: 'image/jpeg', width: info.width, height: info.height, bytes: stored.size, pageCount: 1 };
}

async function loadPdf(buf: Buffer): Promise<PDFDocument> {
  // A PDF written to the end closes with %%EOF; without it the file was cut off.
  if (!buf.toString('latin1', Math.max(0, buf.length - 2048)).includes('%%EOF')) {
    throw invalid('PDF 文件不完整（可能尚未保存完毕或下载中断）：请重新导出或下载后再附加。');
  }
  let doc: PDFDocument;
  try {
    // Loaded despite encryption so that isEncrypted can be asked (pdf-lib's own error class
    // does not survive instanceof).
    doc = await PDFDocument.load(buf, { parseSpeed: ParseSpeeds.Fast, throwOnInvalidObject: true, updateMetadata: false, ignoreEncryption: true });
  } catch {
    throw invalid('PDF 文件已损坏，无法读取：请重新导出 PDF 后再附加。');
  }
  if (doc.isEncrypted) throw invalid('PDF 文件已加密或设有密码，无法作为材料保存：请去掉密码后重新导出 PDF 再附加。');
  try {
    // The page tree is read lazily: walk it now so a broken one is refused here, not later.
    for (const p of doc.getPages()) {
      p.getSize();
      p.getRotation();
    }
  } catch {
    throw invalid('PDF 文件已损坏，无法读取：请重新导出 PDF 后再附加。');
  }
  return doc;
}

/** The first page as displayed (its /Rotate applied), in points. */
function firstPageSize(doc: PDFDocument): { width: number; height: number } {
  const first = doc.getPage(0);
  const { width, height } = first.getSize();
  const turned = first.getRotation().angle % 180 !== 0;
  return { width: Math.round(turned ? height : width), height: Math.round(turned ? width : height) };
}

async function ingestPdf(buf: Buffer, sink: BlobSink): Promise<ScannedPage> {
  const doc = await loadPdf(buf);
  const pageCount = doc.getPageCount();
  if (pageCount === 0) throw invalid('PDF 文件中没有任何页面：请检查文件后重新附加。');
  const stored = await sink(buf, 'application/pdf');
  return { sha256: stored.sha256, mime: 'application/pdf', ...firstPageSize(doc), bytes: stored.size, pageCount };
}

/** A turned copy of a stored page (the original blob stays: other cases may use it). */
export async function rotateStored(bytes: Buffer, mime: string, angle: 90 | 180 | 270, opts: IngestOptions, sink: BlobSink): Promise<ScannedPage> {
  if (mime === 'application/pdf') {
    const doc = await loadPdf(bytes);
    for (const p of doc.getPages()) p.setRotation(degrees((p.getRotation().angle + angle) % 360));
    const out = Buffer.from(await doc.save());
    const stored = await sink(out, 'application/pdf');
    return { sha256: stored.sha256, mime: 'application/pdf', ...firstPageSize(doc), bytes: stored.size, pageCount: doc.getPageCount() };
  }
  let data: Buffer;
  let info: OutputInfo;
  try {
    const img = sharp(bytes, { failOn: 'error' }).rotate(angle);
    if ((await img.metadata()).channels === 1) img.toColourspace('b-w');
    ({ data, info } = await img.jpeg(jpegOptions(opts)).toBuffer({ resolveWithObject: true }));
  } catch (err) {
    throw sharpFailure(err, 'jpeg');
  }
  const stored = await sink(data, 'image/jpeg');
  return { sha256: stored.sha256, mime: 'image/jpeg', width: info.width, height: info.height, bytes: stored.size, pageCount: 1 };
}

/** Size and page count of a stored page, for display. */
export async function describeStored(bytes: Buffer, mime: string): Promise<{ width: number; height: number; pageCount: number }> {
  if (mime === 'application/pdf') {
    const doc = await loadPdf(bytes);
    return { ...firstPageSize(doc), pageCount: doc.getPageCount() };
  }
  const meta = await sharp(bytes).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0, pageCount: 1 };
}

/** A small JPEG of a stored image page for the thumbnail strip. */
export async function thumbnailOf(bytes: Buffer, maxSide: number): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes)
    .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
