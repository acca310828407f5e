import type { Invoker } from '../../shared/api/client.js';
import { APPLICANT_METHODS, METHOD_NAMES, type MethodName } from '../../shared/api/contract.js';
import type { CallResult } from './dispatch.js';

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

/** The renderer side of a call: one channel per method; failures reject with the plain { code, message, details }. */
export function ipcInvoker(invoke: (channel: string, input: unknown) => Promise<unknown>): Invoker {
  return async (method, input) => {
    const result = (await invoke(ipcChannel(method), input)) as CallResult;
    if (result.ok) return result.value;
    throw result.error;
  };
}
