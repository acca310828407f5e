import { z } from 'zod';
import { ATTACH_CHUNK_BASE64, scannedPageSchema, scannerSettingsSchema, SCANNER_DRIVERS, SHA256_RE } from '../scanner.js';
import { method } from './method.js';

// Scanner / document camera and the pages it stores. Pages are blobs named by their SHA-256;
// the renderer gets images as base64, never file paths.

/** Roles that collect materials; the admin scans only through scanner.test. */
// Departments scan their result documents too.
const SCANNING = ['intake', 'review', 'delivery', 'supervisor'] as const;
const empty = z.object({}).strict();
const sha256 = z.string().regex(SHA256_RE, '文件编号格式不正确');
const wireError = z.object({ code: z.string(), message: z.string() });

export const scannerErrorEntrySchema = z.object({ at: z.string(), driver: z.enum(SCANNER_DRIVERS), code: z.string(), message: z.string() });

const scanResult = z.object({
  pages: z.array(scannedPageSchema),
  cancelled: z.boolean(),
  /** Set when the device failed after some pages came through: those pages are kept. */
  error: wireError.nullable(),
  ms: z.number(),
});

const settingsView = z.object({ settings: scannerSettingsSchema, errors: z.array(scannerErrorEntrySchema) });
const fileName = z.string().trim().max(255).optional();

export const scannerMethods = {
  'scanner.scan': method(
    z
      .object({
        /** Sheets; 0 = until the feeder is empty. Defaults to 1 on a flatbed, 0 with a feeder. */
        pages: z.number().int().min(0).max(200).optional(),
        duplex: z.boolean().optional(),
        resolution: z.number().int().min(75).max(1200).optional(),
        colour: z.enum(['color', 'gray']).optional(),
      })
      .strict(),
    scanResult,
    SCANNING,
  ),
  // Stopping a scan is harmless; the admin's test scan can be stopped too.
  'scanner.cancel': method(empty, z.object({ cancelled: z.boolean() }), 'signedIn'),
  'scanner.status': method(
    empty,
    z.object({ driver: z.enum(SCANNER_DRIVERS), driverLabel: z.string(), busy: z.boolean(), simulated: z.boolean(), maxFileMB: z.number().int(), lastError: scannerErrorEntrySchema.nullable() }),
    'signedIn',
  ),
  /** A small file (one chunk) in one call. */
  'scanner.attach': method(z.object({ name: fileName, dataBase64: z.string().min(1).max(ATTACH_CHUNK_BASE64) }).strict(), z.object({ pages: z.array(scannedPageSchema) }), SCANNING),
  /** Larger files: begin (refused at once when over the size cap), chunks in order, end. */
  'scanner.attachBegin': method(
    z.object({ name: fileName, size: z.number().int().min(1) }).strict(),
    z.object({ uploadId: z.string(), chunkBytes: z.number().int() }),
    SCANNING,
  ),
  'scanner.attachChunk': method(
    z.object({ uploadId: z.string().min(1).max(64), offset: z.number().int().min(0), dataBase64: z.string().min(1).max(ATTACH_CHUNK_BASE64) }).strict(),
    z.object({ received: z.number().int() }),
    SCANNING,
  ),
  'scanner.attachEnd': method(z.object({ uploadId: z.string().min(1).max(64) }).strict(), z.object({ pages: z.array(scannedPageSchema) }), SCANNING),
  'scanner.rotate': method(z.object({ sha256, degrees: z.union([z.literal(90), z.literal(180), z.literal(270)]) }).strict(), scannedPageSchema, SCANNING),
  /** A page for display: a JPEG thumbnail when maxSide is given; PDFs come whole (or without data as a thumbnail). */
  'scanner.page': method(
    z.object({ sha256, maxSide: z.number().int().min(32).max(2000).optional() }).strict(),
    z.object({ mime: z.string(), dataBase64: z.string().nullable(), width: z.number(), height: z.number(), pageCount: z.number().int() }),
    'signedIn',
  ),
  'scanner.test': method(
    empty,
    z.object({ ok: z.boolean(), driver: z.enum(SCANNER_DRIVERS), ms: z.number(), pages: z.array(scannedPageSchema), error: wireError.nullable() }),
    ['admin'],
  ),
  'scanner.devices': method(
    empty,
    z.object({ devices: z.array(z.object({ id: z.string(), label: z.string() })), error: wireError.nullable(), ms: z.number() }),
    ['admin'],
  ),
  'admin.getScannerSettings': method(empty, settingsView, ['admin']),
  'admin.updateScannerSettings': method(scannerSettingsSchema, settingsView, ['admin']),
} as const;
