import { code128, type DrawingContext } from 'bwip-js/generic';
import QRCode from 'qrcode';
import { AppError } from '../errors.js';
import { translator } from '../i18n/index.js';

// Case numbers as inline SVG for print. Both codes are drawn from module data into our own
// SVG (rects and one path, sizes in mm), so the printed size is exact and nothing is rasterised.
// bwip-js's generic build with only the Code 128 encoder: no file system, and it keeps the bundle small.

const ascii = /^[\x20-\x7E]+$/;
/** Errors are for the clerk: Chinese. */
const t = translator('zh', 'documents');

export interface QrOptions {
  /** Printed side including the quiet zone, mm. */
  sizeMm?: number;
  /** For screen readers, in the document's language; default 二维码. */
  label?: string;
}

/** The QR modules, the dark ones true, row by row. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, y) => Array.from({ length: modules.size }, (_, x) => Boolean(modules.get(y, x))));
}

/** A QR code (level M, quiet zone of 4 modules) as one SVG path of horizontal runs. */
export function qrSvg(text: string, opts: QrOptions = {}): string {
  const m = qrMatrix(text);
  const quiet = 4;
  const side = m.length + 2 * quiet;
  const size = opts.sizeMm ?? 24;
  let d = '';
  m.forEach((row, y) => {
    for (let x = 0; x < row.length; ) {
      if (!row[x]) {
        x++;
        continue;
      }
      const start = x;
      while (x < row.length && row[x]) x++;
      d += `M${start + quiet} ${y + quiet}h${x - start}v1h-${x - start}z`;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="qr" width="${size}mm" height="${size}mm" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges" role="img" aria-label="${opts.label ?? t('二维码')}">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  );
}

export interface BarcodeOptions {
  /** Bar height, mm. */
  heightMm?: number;
  /** Widest the symbol may print including quiet zones, mm; narrower modules above that. */
  maxWidthMm?: number;
  /** For screen readers, in the document's language; default 条形码. */
  label?: string;
}

/** Code 128 bars as [left, width] in modules, from bwip-js's encoder. */
export function code128Bars(text: string): { bars: [number, number][]; modules: number } {
  if (!ascii.test(text)) throw new AppError('INVALID_INPUT', t('条形码只能编码半角字母、数字和符号，“{{text}}”含有其他字符，请检查案件编号', { text }));
  const bars: [number, number][] = [];
  let modules = 0;
  // At scale 2 every bar is an even number of pixels wide, centred on x0; halving gives modules.
  const drawing: DrawingContext<void> = {
    scale: () => null,
    measure: () => ({ width: 0, ascent: 0, descent: 0 }),
    init: (width) => {
      modules = width / 2;
    },
    line: (x0, _y0, _x1, _y1, lw) => {
      bars.push([(x0 - lw / 2) / 2, lw / 2]);
    },
    polygon: unsupported,
    hexagon: unsupported,
    ellipse: unsupported,
    fill: () => undefined,
    text: unsupported,
    end: () => undefined,
  };
  code128({ bcid: 'code128', text, scale: 2, includetext: false }, drawing);
  return { bars, modules };
}

function unsupported(): never {
  throw new Error('Code 128 draws bars only');
}

/** Code 128 with 10-module quiet zones; module 0.33 mm, narrower (not below 0.19 mm) when the number is long. */
export function barcodeSvg(text: string, opts: BarcodeOptions = {}): string {
  const { bars, modules } = code128Bars(text);
  const quiet = 10;
  const total = modules + 2 * quiet;
  const moduleMm = Math.max(0.19, Math.min(0.33, (opts.maxWidthMm ?? 75) / total));
  const width = Math.round(total * moduleMm * 100) / 100;
  const height = opts.heightMm ?? 10;
  const rects = bars.map(([x, w]) => `<rect x="${x + quiet}" width="${w}" height="1"/>`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="barcode" width="${width}mm" height="${height}mm" viewBox="0 0 ${total} 1" preserveAspectRatio="none" shape-rendering="crispEdges" role="img" aria-label="${opts.label ?? t('条形码')}">` +
    `<rect width="${total}" height="1" fill="#fff"/><g fill="#000">${rects}</g></svg>`
  );
}
