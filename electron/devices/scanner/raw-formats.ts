// Decoders for the two uncompressed formats sharp's libvips build does not read:
// PNM (scanimage's native output, fastest to hand over) and BMP (what many Windows
// document-camera tools save). Both become raw 8-bit pixels for sharp.

export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/** Thrown for a header or size that does not add up; the caller words the clerk's message. */
export class RawFormatError extends Error {
  constructor(
    readonly reason: 'corrupt' | 'truncated',
    message: string,
  ) {
    super(message);
  }
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0b || c === 0x0c;

export function decodePnm(buf: Buffer): RawImage {
  const magic = buf.toString('latin1', 0, 2);
  if (magic !== 'P4' && magic !== 'P5' && magic !== 'P6') throw new RawFormatError('corrupt', 'not a binary PNM');
  let pos = 2;
  const fields: number[] = [];
  const need = magic === 'P4' ? 2 : 3;
  while (fields.length < need) {
    while (pos < buf.length && isSpace(buf[pos]!)) pos++;
    if (buf[pos] === 0x23) {
      while (pos < buf.length && buf[pos] !== 0x0a && buf[pos] !== 0x0d) pos++;
      continue;
    }
    const start = pos;
    while (pos < buf.length && buf[pos]! >= 0x30 && buf[pos]! <= 0x39) pos++;
    if (pos === start || pos - start > 9) throw new RawFormatError('corrupt', 'bad PNM header');
    fields.push(Number(buf.toString('latin1', start, pos)));
  }
  pos++; // the single whitespace after the header
  const [width, height, maxval = 1] = fields as [number, number, number?];
  if (width < 1 || height < 1 || maxval < 1 || maxval > 65535) throw new RawFormatError('corrupt', 'bad PNM dimensions');
  const pixels = width * height;
  if (magic === 'P4') {
    const rowBytes = Math.ceil(width / 8);
    if (buf.length - pos < rowBytes * height) throw new RawFormatError('truncated', 'PNM data short');
    const out = Buffer.allocUnsafe(pixels);
    for (let y = 0; y < height; y++) {
      const row = pos + y * rowBytes;
      for (let x = 0; x < width; x++) out[y * width + x] = (buf[row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 0 : 255;
    }
    return { data: out, width, height, channels: 1 };
  }
  const channels = magic === 'P6' ? 3 : 1;
  const samples = pixels * channels;
  if (maxval < 256) {
    if (buf.length - pos < samples) throw new RawFormatError('truncated', 'PNM data short');
    let data = buf.subarray(pos, pos + samples);
    if (maxval !== 255) {
      data = Buffer.from(data);
      for (let i = 0; i < samples; i++) data[i] = Math.round((data[i]! * 255) / maxval);
    }
    return { data, width, height, channels };
  }
  if (buf.length - pos < samples * 2) throw new RawFormatError('truncated', 'PNM data short');
  const out = Buffer.allocUnsafe(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round((buf.readUInt16BE(pos + i * 2) * 255) / maxval);
  return { data: out, width, height, channels };
}

const DIB_SIZES = new Set([12, 40, 52, 56, 108, 124]);

export function looksLikeBmp(buf: Buffer): boolean {
  return buf.length >= 26 && buf[0] === 0x42 && buf[1] === 0x4d && DIB_SIZES.has(buf.readUInt32LE(14));
}

export function decodeBmp(buf: Buffer): RawImage {
  if (!looksLikeBmp(buf)) throw new RawFormatError('corrupt', 'not a BMP');
  const dib = buf.readUInt32LE(14);
  const core = dib === 12;
  if (buf.length < 14 + dib) throw new RawFormatError('truncated', 'BMP header short');
  const dataOffset = buf.readUInt32LE(10);
  const width = core ? buf.readUInt16LE(18) : buf.readInt32LE(18);
  const rawHeight = core ? buf.readInt16LE(20) : buf.readInt32LE(22);
  const bpp = core ? buf.readUInt16LE(24) : buf.readUInt16LE(28);
  const compression = core ? 0 : buf.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width < 1 || height < 1) throw new RawFormatError('corrupt', 'bad BMP dimensions');
  // BI_RGB, or BI_BITFIELDS with the usual BGRA masks at 32 bits.
  if (!(compression === 0 || (compression === 3 && bpp === 32))) throw new RawFormatError('corrupt', 'compressed BMP');
  if (![1, 4, 8, 24, 32].includes(bpp)) throw new RawFormatError('corrupt', 'unsupported BMP depth');
  const stride = Math.ceil((width * bpp) / 32) * 4;
  if (buf.length < dataOffset + stride * height) throw new RawFormatError('truncated', 'BMP data short');

  let palette: Buffer | null = null;
  if (bpp <= 8) {
    const entry = core ? 3 : 4;
    const used = core ? 0 : buf.readUInt32LE(46);
    const count = used > 0 ? Math.min(used, 1 << bpp) : 1 << bpp;
    const start = 14 + dib;
    if (start + count * entry > dataOffset) throw new RawFormatError('corrupt', 'bad BMP palette');
    palette = Buffer.alloc(256 * 3);
    for (let i = 0; i < count; i++) {
      palette[i * 3] = buf[start + i * entry + 2]!;
      palette[i * 3 + 1] = buf[start + i * entry + 1]!;
      palette[i * 3 + 2] = buf[start + i * entry]!;
    }
  }
  const out = Buffer.allocUnsafe(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      if (bpp === 24 || bpp === 32) {
        const p = row + x * (bpp / 8);
        out[o] = buf[p + 2]!;
        out[o + 1] = buf[p + 1]!;
        out[o + 2] = buf[p]!;
      } else {
        const bit = x * bpp;
        const idx = (buf[row + (bit >> 3)]! >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        out[o] = palette![idx * 3]!;
        out[o + 1] = palette![idx * 3 + 1]!;
        out[o + 2] = palette![idx * 3 + 2]!;
      }
    }
  }
  return { data: out, width, height, channels: 3 };
}
