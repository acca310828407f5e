import { buildHostApi } from '../shared/api/client';
import type { HostApi } from '../shared/api/contract';
import { isWireError, type WireError } from '../shared/errors';
import { t } from './i18n';

// Browser mode: the launch URL carries the token in its fragment (never sent to the server
// in a request line); keep it for this tab and remove it from the address bar.
const TOKEN_KEY = 'yct.token';
const TOKEN_HEADER = 'x-yct-token';

function takeToken(): string {
  const m = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]!));
    history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpApi(): HostApi {
  const token = takeToken();
  return buildHostApi(async (method, input) => {
    let res: Response;
    try {
      res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify(input),
      });
    } catch {
      throw { code: 'INTERNAL', message: t('无法连接本机服务，请确认一窗通仍在运行后重试。') } satisfies WireError;
    }
    const body: unknown = await res.json().catch(() => null);
    if (body && typeof body === 'object' && (body as { ok?: unknown }).ok === true) return (body as { value: unknown }).value;
    const error = (body as { error?: unknown } | null)?.error;
    throw isWireError(error) ? error : ({ code: 'INTERNAL', message: t('本机服务返回了无法识别的应答（{{status}}）。', { status: res.status }) } satisfies WireError);
  });
}

/** Fired when the host says the session is locked or gone, whichever screen made the call. */
export const SESSION_EVENT = 'yct:session';

const transport: HostApi = window.api ?? httpApi();
if (!window.api) window.api = transport;

export const api: HostApi = buildHostApi(async (method, input) => {
  const [ns, member] = method.split('.') as [string, string];
  const fn = (transport as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[ns]![member]!;
  try {
    return await fn(input);
  } catch (err) {
    const code = errorCode(err);
    if (code === 'SESSION_LOCKED' || code === 'UNAUTHENTICATED' || code === 'PASSWORD_CHANGE_REQUIRED') {
      window.dispatchEvent(new CustomEvent(SESSION_EVENT, { detail: code }));
    }
    throw err;
  }
});

export function errorText(err: unknown): string {
  return isWireError(err) ? err.message : t('发生未预期的错误，请重试。');
}

export function errorCode(err: unknown): string | null {
  return isWireError(err) ? err.code : null;
}
