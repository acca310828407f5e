import sharp from 'sharp';
import { deviceError, localStamp, type ScannerDriver } from './types.js';

// Generated A4 pages for development and tests: each shows its number and the time it was
// "scanned", and is marked as a simulation so it can never pass for a real material.

export interface SimulatorOptions {
  now: () => number;
  /** Pause before each page, like a real feeder. */
  delayMs?: number;
  /** Fails like an unplugged scanner once this many pages were delivered (tests and demos). */
  failAfterPages?: number;
}

const A4_MM = { width: 210, height: 297 } as const;

function pageSvg(width: number, height: number, n: number, total: number, side: string, stamp: string, dpi: number): string {
  const u = width / 210; // one millimetre
  const lines: string[] = [];
  for (let i = 0; i < 18; i++) {
    const y = 120 + i * 8;
    const len = 150 - ((i * 37 + n * 11) % 60);
    lines.push(`<rect x="${25 * u}" y="${y * u}" width="${len * u}" height="${2.2 * u}" fill="#9aa3ad"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
  <rect width="100%" height="100%" fill="#fbfaf6"/>
  <rect x="${10 * u}" y="${10 * u}" width="${190 * u}" height="${277 * u}" fill="none" stroke="#c33" stroke-width="${0.8 * u}" stroke-dasharray="${4 * u},${2 * u}"/>
  <g font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif" fill="#222">
    <text x="${105 * u}" y="${40 * u}" font-size="${9 * u}" text-anchor="middle">一窗通 · 模拟扫描（非真实材料）</text>
    <text x="${105 * u}" y="${85 * u}" font-size="${22 * u}" text-anchor="middle" font-weight="bold">第 ${n} 页${total > 0 ? ` / 共 ${total} 页` : ''}</text>
    <text x="${105 * u}" y="${100 * u}" font-size="${6 * u}" text-anchor="middle">${side}</text>
    <text x="${105 * u}" y="${270 * u}" font-size="${5 * u}" text-anchor="middle">扫描时间 ${stamp} · ${dpi} dpi</text>
  </g>
  ${lines.join('\n  ')}
</svg>`;
}

export function createSimulatorDriver(opts: SimulatorOptions): ScannerDriver {
  let cancelled = false;
  return {
    name: 'simulator',
    async list() {
      return [{ id: 'simulator', label: '模拟扫描仪' }];
    },
    async scan(req, onPage) {
      cancelled = false;
      const width = Math.round((A4_MM.width / 25.4) * req.resolution);
      const height = Math.round((A4_MM.height / 25.4) * req.resolution);
      const sheets = req.pages > 0 ? req.pages : 3;
      const total = sheets * (req.duplex ? 2 : 1);
      for (let n = 1; n <= total; n++) {
        if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
        if (cancelled) return { cancelled: true };
        if (opts.failAfterPages !== undefined && n > opts.failAfterPages) {
          throw deviceError('扫描仪在扫描过程中断开（模拟故障）：请检查 USB 线和电源后重新扫描。', { driver: 'simulator', page: n });
        }
        const side = req.duplex ? (n % 2 === 1 ? `第 ${(n + 1) / 2} 张 · 正面` : `第 ${n / 2} 张 · 背面`) : '单面';
        const svg = pageSvg(width, height, n, total, side, localStamp(opts.now()), req.resolution);
        const img = sharp(Buffer.from(svg));
        if (req.colour === 'gray') img.toColourspace('b-w');
        const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
        await onPage({ raw: { data, width: info.width, height: info.height, channels: info.channels as 1 | 3 | 4 } });
      }
      return { cancelled: false };
    },
    cancel() {
      cancelled = true;
    },
  };
}
