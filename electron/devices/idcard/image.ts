import { crc32, deflateSync } from 'node:zlib';
import type { IdCardPhoto } from '../../../shared/idcard.js';

// Card photos arrive as BMP (termb GetBMPData, decoded WLT), JPEG or PNG. The renderer gets
// JPEG or PNG only, so BMP is converted here: uncompressed 24/32-bit BMP to an RGB PNG.

const MAX_SIDE = 2000;
/** A card photo is 102 × 126 pixels (38 862 bytes as BMP); anything far larger is not one. */
const MAX_PHOTO_BYTES = 300 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export type ImageKind = 'bmp' | 'png' | 'jpeg' | null;

export function sniffImage(b: Uint8Array): ImageKind {
  if (b.length > 54 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp';
  if (b.length > 8 && Buffer.from(b.subarray(0, 8)).equals(PNG_SIGNATURE)) return 'png';
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  return null;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td) >>> 0);
  return Buffer.concat([len, td, crc]);
}

/** Uncompressed BMP (24 or 32 bits, bottom-up or top-down) to PNG; null if it is anything else. */
export function bmpToPng(bmp: Uint8Array): Buffer | null {
  const b = Buffer.from(bmp.buffer, bmp.byteOffset, bmp.byteLength);
  if (b.length < 54 || b.toString('latin1', 0, 2) !== 'BM') return null;
  const dataOffset = b.readUInt32LE(10);
  const headerSize = b.readUInt32LE(14);
  if (headerSize < 40) return null;
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bpp = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  if (width <= 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE) return null;
  if (!(bpp === 24 || bpp === 32) || !(compression === 0 || (compression === 3 && bpp === 32))) return null;
  const bytesPerPixel = bpp / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  if (dataOffset + stride * (height - 1) + width * bytesPerPixel > b.length) return null;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const srcRow = rawHeight > 0 ? height - 1 - y : y;
    let src = dataOffset + srcRow * stride;
    let dst = y * (width * 3 + 1) + 1; // filter byte 0: none
    for (let x = 0; x < width; x++, src += bytesPerPixel, dst += 3) {
      raw[dst] = b[src + 2]!;
      raw[dst + 1] = b[src + 1]!;
      raw[dst + 2] = b[src]!;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A photo for the card, or the reason there is none (a warning: the read still counts). */
export function photoFrom(bytes: Uint8Array | null): { photo: IdCardPhoto | null; problem?: string } {
  if (!bytes || bytes.length === 0) return { photo: null };
  if (bytes.length > MAX_PHOTO_BYTES) return { photo: null, problem: '读卡器返回的证件照片过大，已略去照片，请当面核对本人。' };
  const kind = sniffImage(bytes);
  if (kind === 'png' || kind === 'jpeg') {
    return { photo: { mime: kind === 'png' ? 'image/png' : 'image/jpeg', base64: Buffer.from(bytes).toString('base64') } };
  }
  const png = kind === 'bmp' ? bmpToPng(bytes) : null;
  if (png) return { photo: { mime: 'image/png', base64: png.toString('base64') } };
  return { photo: null, problem: '读卡器返回的证件照片无法识别，已略去照片，请当面核对本人。' };
}
