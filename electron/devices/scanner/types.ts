import { AppError } from '../../../shared/errors.js';
import type { ScannerDriverName } from '../../../shared/scanner.js';
import type { PageSource } from './ingest.js';

// One interface for every scanner / document-camera driver.

export interface ScanRequest {
  resolution: number;
  colour: 'color' | 'gray';
  duplex: boolean;
  /** Sheets to scan; 0 means until the feeder is empty (or, for a camera, one capture). */
  pages: number;
}

export interface ScannerDeviceInfo {
  id: string;
  label: string;
}

/** Called once per page as it arrives; the driver waits for it before dropping its own copy. */
export type PageHandler = (page: PageSource) => Promise<void>;

export interface ScannerDriver {
  readonly name: ScannerDriverName;
  list(): Promise<ScannerDeviceInfo[]>;
  /**
   * Streams pages to onPage. Resolves when the batch is done or was cancelled; rejects with a
   * DEVICE_ERROR AppError when the device fails (pages already delivered stay delivered).
   */
  scan(req: ScanRequest, onPage: PageHandler): Promise<{ cancelled: boolean }>;
  /** Stops a running scan; the pending scan() resolves with cancelled: true. */
  cancel(): void;
}

export function deviceError(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('DEVICE_ERROR', message, details);
}

/** Local wall-clock time as the clerk reads it. */
export function localStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
