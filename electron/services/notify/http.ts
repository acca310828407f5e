import { GatewayError, type SmsGateway } from './gateway.js';

// A provider's HTTP API: POST {messageId, phone, text} with `Idempotency-Key: <messageId>`, so a
// resend after a timeout or a crash is recognised and not delivered twice. The phone number and
// the text go only into the request body: never into an error, a log line or a header.

export interface HttpGatewayConfig {
  url: string | null;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string | null;
  timeoutMs: number;
}

const retryAfterMs = (h: string | null): number | null => {
  if (h === null || !/^\d{1,6}$/.test(h.trim())) return null;
  return Number(h.trim()) * 1000;
};

function refused(status: number): GatewayError {
  const code = `http_${status}`;
  if (status === 401 || status === 403) {
    return new GatewayError(`短信网关拒绝访问（HTTP ${status}）：请管理员在“设置 → 短信通知”中核对网关令牌，然后点“重发”`, { permanent: true, code });
  }
  if (status === 404 || status === 405 || (status >= 300 && status < 400)) {
    return new GatewayError(`短信网关地址不正确（HTTP ${status}）：请管理员在“设置 → 短信通知”中核对网关地址，然后点“重发”`, { permanent: true, code });
  }
  return new GatewayError(`短信网关拒绝了这条短信（HTTP ${status}）：请核对申请人的手机号码和短信模板后点“重发”，仍不成功请联系管理员`, { permanent: true, code });
}

function transportError(err: unknown): GatewayError {
  const e = err as { name?: string; cause?: { code?: unknown; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') {
    return new GatewayError('短信网关响应超时，稍后自动重试', { permanent: false, code: 'timeout' });
  }
  const cause = typeof e?.cause?.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(e.cause.code) ? `:${e.cause.code}` : '';
  return new GatewayError('无法连接短信网关，稍后自动重试', { permanent: false, code: `network${cause}` });
}

export function createHttpGateway(config: HttpGatewayConfig): SmsGateway {
  return {
    async send(msg) {
      let url: URL;
      try {
        url = new URL(config.url ?? '');
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('protocol');
      } catch {
        throw new GatewayError('短信网关地址未设置或无效：请管理员在“设置 → 短信通知”中填写网关地址', { permanent: false, code: 'config' });
      }
      const signal = AbortSignal.timeout(config.timeoutMs);
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            accept: 'application/json',
            'idempotency-key': msg.id,
            ...(config.token ? { authorization: `Bearer ${config.token}` } : {}),
          },
          body: JSON.stringify({ messageId: msg.id, phone: msg.recipient, text: msg.body }),
          redirect: 'manual',
          signal,
        });
      } catch (err) {
        throw transportError(err);
      }
      if (res.status >= 200 && res.status < 300) {
        // Accepted: a body we cannot read or parse does not make the message unsent.
        let providerRef = msg.id;
        try {
          const json = (await res.json()) as { id?: unknown };
          if ((typeof json?.id === 'string' && json.id !== '') || typeof json?.id === 'number') providerRef = String(json.id).slice(0, 200);
        } catch {
          // no JSON id
        }
        return { providerRef };
      }
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 408 || res.status === 429 || res.status >= 500) {
        const wait = retryAfterMs(res.headers.get('retry-after'));
        const busy = res.status === 429 ? '短信网关繁忙（HTTP 429）' : `短信网关暂时不可用（HTTP ${res.status}）`;
        throw new GatewayError(`${busy}，稍后自动重试`, { permanent: false, code: `http_${res.status}`, retryAfterMs: wait });
      }
      throw refused(res.status);
    },
  };
}
