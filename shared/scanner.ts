import { z } from 'zod';

// Scanner settings and the page record the intake screen keeps. Pure: no I/O.

export const SCANNER_DRIVERS = ['simulator', 'sane', 'folder', 'bridge'] as const;
export type ScannerDriverName = (typeof SCANNER_DRIVERS)[number];

export const SCANNER_DRIVER_LABELS: Record<ScannerDriverName, string> = {
  simulator: '模拟扫描仪（仅供测试）',
  sane: 'SANE 扫描仪（scanimage）',
  folder: '监视文件夹（高拍仪软件保存的图片）',
  bridge: '高拍仪本地服务（WebSocket）',
};

export const SHA256_RE = /^[0-9a-f]{64}$/;

/** Raw bytes per chunk of a manual upload: base64 of it stays well under the 1 MiB HTTP body cap. */
export const ATTACH_CHUNK_BYTES = 512 * 1024;
export const ATTACH_CHUNK_BASE64 = Math.ceil(ATTACH_CHUNK_BYTES / 3) * 4;

export const DEFAULT_MAX_FILE_MB = 50;

export const scannerSettingsSchema = z.object({
  driver: z.enum(SCANNER_DRIVERS).default('simulator'),
  resolution: z.number().int().min(75).max(1200).default(300),
  colour: z.enum(['color', 'gray']).default('color'),
  duplex: z.boolean().default(false),
  /** JPEG quality of stored pages. */
  jpegQuality: z.number().int().min(30).max(95).default(80),
  /** Pages whose longer side exceeds this are scaled down (3508 px ≈ A4 at 300 dpi). */
  maxLongSide: z.number().int().min(800).max(10000).default(3508),
  /** Size cap of one stored file (a page or an attached PDF). */
  maxFileMB: z.number().int().min(1).max(500).default(DEFAULT_MAX_FILE_MB),
  sane: z
    .object({
      /** Empty: the first device scanimage finds. */
      device: z.string().max(200).default(''),
      scanimagePath: z.string().min(1).max(500).default('scanimage'),
      /** Use the automatic document feeder (several pages per scan). */
      feeder: z.boolean().default(false),
      /** Without a new page for this long the scan is stopped as hung. */
      pageTimeoutSeconds: z.number().int().min(5).max(600).default(120),
      /** Device-specific backend options, e.g. --swcrop=yes --page-height 297 (see scanimage -d … -A). */
      options: z.string().max(500).default(''),
    })
    .prefault({}),
  folder: z
    .object({
      path: z
        .string()
        .trim()
        .max(500)
        .regex(/^$|^(\/|[A-Za-z]:[\\/]|\\\\)/, '请填写完整的文件夹路径（如 /home/用户/高拍仪 或 D:\\高拍仪）')
        .default(''),
      /** A file counts as completely written once its size has not changed for this long. */
      settleMs: z.number().int().min(200).max(30_000).default(1500),
      /** How long one scan waits for the vendor's tool to save the first file. */
      waitSeconds: z.number().int().min(5).max(600).default(60),
    })
    .prefault({}),
  bridge: z
    .object({
      url: z
        .string()
        .trim()
        .max(500)
        .regex(/^wss?:\/\/[^\s/]+/, '地址应以 ws:// 或 wss:// 开头，如 ws://127.0.0.1:9000/')
        .default('ws://127.0.0.1:9000/'),
      /** Sent once per page. */
      request: z.string().max(2000).default('{"cmd":"capture"}'),
      /** Dotted paths into the JSON reply. */
      imageField: z.string().min(1).max(100).default('image'),
      codeField: z.string().max(100).default('code'),
      okCode: z.string().max(50).default('0'),
      messageField: z.string().max(100).default('message'),
      timeoutSeconds: z.number().int().min(1).max(120).default(15),
    })
    .prefault({}),
});
export type ScannerSettings = z.infer<typeof scannerSettingsSchema>;

/** One stored page: a JPEG image, or an attached PDF kept whole. */
export const scannedPageSchema = z.object({
  sha256: z.string().regex(SHA256_RE),
  mime: z.enum(['image/jpeg', 'application/pdf']),
  /** Pixels for images; points of the first page for PDFs. */
  width: z.number(),
  height: z.number(),
  bytes: z.number().int(),
  /** Pages inside a PDF; 1 for an image. */
  pageCount: z.number().int(),
});
export type ScannedPage = z.infer<typeof scannedPageSchema>;
