import { METHOD_NAMES, type MethodName } from '../../shared/api/contract.js';

// Electron IPC: one channel per contract method. The preload and the main process
// both derive the channel list from the contract, so they cannot drift apart.

export const IPC_PREFIX = 'yct:';

export function ipcChannel(method: MethodName): string {
  return IPC_PREFIX + method;
}

export function ipcChannels(): { method: MethodName; channel: string }[] {
  return METHOD_NAMES.map((method) => ({ method, channel: ipcChannel(method) }));
}

/** The main window's renderer is served from this origin; any other sender is refused. */
export const APP_ORIGIN = 'app://renderer';

export function senderAllowed(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  if (!frameUrl || !isMainFrame) return false;
  try {
    const u = new URL(frameUrl);
    return `${u.protocol}//${u.host}` === APP_ORIGIN && !u.pathname.startsWith('/applicant');
  } catch {
    return false;
  }
}
