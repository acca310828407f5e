import { APPLICANT_METHODS, METHOD_NAMES, type MethodName } from '../../shared/api/contract.js';

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

/** Which of our windows sent a call, from its frame: the clerk's, the applicant's, or neither. */
export function senderScreen(frameUrl: string | undefined, isMainFrame: boolean): 'clerk' | 'applicant' | null {
  if (!frameUrl || !isMainFrame) return null;
  try {
    const u = new URL(frameUrl);
    if (`${u.protocol}//${u.host}` !== APP_ORIGIN) return null;
    return u.pathname.startsWith('/applicant') ? 'applicant' : 'clerk';
  } catch {
    return null;
  }
}

/** The clerk's window may call every method; the applicant's only what it needs to display. */
export function callAllowed(screen: 'clerk' | 'applicant' | null, method: MethodName): boolean {
  if (screen === 'clerk') return true;
  return screen === 'applicant' && (APPLICANT_METHODS as readonly string[]).includes(method);
}
