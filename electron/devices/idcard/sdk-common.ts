import type { IdCardSettings } from '../../../shared/idcard.js';
import { beforeDeadline, noCard, type ReadGate } from './poll.js';
import { IdCardError, messages, type ReaderStatus } from './types.js';

export type SdkOptions = IdCardSettings['sdk'];

const USB_PORTS = Array.from({ length: 16 }, (_, i) => 1001 + i);
const SERIAL_PORTS = Array.from({ length: 16 }, (_, i) => 1 + i);

/** Port 0 means "find the reader": USB first (almost every desk reader today), then serial. */
export function candidatePorts(port: number): number[] {
  return port === 0 ? [...USB_PORTS, ...SERIAL_PORTS] : [port];
}

export function portLabel(port: number): string {
  return port >= 1001 ? `USB ${port}` : `串口 COM${port}`;
}

export function notConnected(port: number, vendorCode: string | number | null): IdCardError {
  return new IdCardError('not_connected', messages.notConnected(port === 0 ? '已尝试 USB 1001–1016 和串口 1–16' : portLabel(port)), vendorCode);
}

/** The library's usual file name when settings leave the path empty (found on the loader's search path). */
export function defaultLibraryPath(family: SdkOptions['family']): string {
  if (process.platform === 'win32') return family === 'termb' ? 'termb.dll' : 'sdtapi.dll';
  return family === 'termb' ? 'libtermb.so' : 'libsdtapi.so';
}

/**
 * A device call bounded by the read's deadline and cancel; the gate stays busy until it returns.
 * `search` marks the card search: cut off after earlier searches found nothing, it means no card.
 */
export function boundedCall(gate: ReadGate, deadline: number, signal: AbortSignal | undefined, timeoutMs: number, emptyPolls: number) {
  return <T>(p: Promise<T>, search = false): Promise<T> =>
    beforeDeadline(gate.track(p), deadline, signal, () =>
      search && emptyPolls > 0 ? noCard(timeoutMs) : new IdCardError('timeout', messages.timeout(Math.max(1, Math.round(timeoutMs / 1000)))),
    );
}

/** A byte count from a vendor out-parameter, trusted only within the buffer. */
export function clampLength(n: unknown, size: number): number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= size ? n : size;
}

export function statusFrom(err: unknown): ReaderStatus {
  if (err instanceof IdCardError) return { state: 'disconnected', label: err.message };
  return { state: 'disconnected', label: messages.notConnected() };
}
