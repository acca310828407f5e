import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

// A small HTTP(S) client on node:http: the service may use a hall's private CA (Node's
// fetch cannot take one without undici), and sync needs hard timeouts on every request.

export interface HttpOptions {
  /** PEM of the CA that signed the service's certificate; the system roots otherwise. */
  ca?: Buffer;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface HttpClient {
  request(method: string, url: string, opts?: { headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number }): Promise<HttpResponse>;
  /** Streams a response body; the caller consumes `stream` or destroys it. */
  stream(method: string, url: string, opts?: { headers?: Record<string, string>; timeoutMs?: number }): Promise<{ status: number; headers: http.IncomingHttpHeaders; stream: Readable }>;
  close(): void;
}

/** Connections to the service at once: enough for the sync engine's parallel blob uploads. */
export const MAX_CONNECTIONS = 8;

export function createHttpClient(opts: HttpOptions = {}): HttpClient {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: MAX_CONNECTIONS, ...(opts.ca ? { ca: opts.ca } : {}) });
  const defaultTimeout = opts.timeoutMs ?? 30_000;

  function start(method: string, url: string, headers: Record<string, string>, timeoutMs: number, body?: Buffer | string) {
    const u = new URL(url);
    const mod = u.protocol === 'https:' ? https : http;
    return new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = mod.request(
        u,
        {
          method,
          agent: u.protocol === 'https:' ? httpsAgent : httpAgent,
          headers: { ...headers, ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
        },
        resolve,
      );
      req.setTimeout(timeoutMs, () => req.destroy(new NetworkError('中心服务响应超时', 'ETIMEDOUT')));
      req.on('error', (err: NodeJS.ErrnoException) => reject(err instanceof NetworkError ? err : new NetworkError(err.message, err.code ?? 'ENETWORK')));
      req.end(body);
    });
  }

  return {
    async request(method, url, o = {}) {
      const timeoutMs = o.timeoutMs ?? defaultTimeout;
      const res = await start(method, url, o.headers ?? {}, timeoutMs, o.body);
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        res.setTimeout(timeoutMs, () => res.destroy(new NetworkError('中心服务响应超时', 'ETIMEDOUT')));
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', resolve);
        res.on('aborted', () => reject(new NetworkError('连接中断', 'ECONNRESET')));
        res.on('error', (err: NodeJS.ErrnoException) => reject(err instanceof NetworkError ? err : new NetworkError(err.message, err.code ?? 'ECONNRESET')));
      });
      if (!res.complete) throw new NetworkError('连接中断', 'ECONNRESET');
      return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
    },
    async stream(method, url, o = {}) {
      const timeoutMs = o.timeoutMs ?? defaultTimeout;
      const res = await start(method, url, o.headers ?? {}, timeoutMs);
      res.setTimeout(timeoutMs, () => res.destroy(new NetworkError('中心服务响应超时', 'ETIMEDOUT')));
      return { status: res.statusCode ?? 0, headers: res.headers, stream: res };
    },
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
