import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import type { WireError } from '../../shared/errors.js';
import type { Host } from '../host/host.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';

// Browser mode: the same host on 127.0.0.1. Only the built renderer and /api/* are served;
// every API call must carry the per-launch token.

export const TOKEN_HEADER = 'x-yct-token';
export const MAX_BODY_BYTES = 1024 * 1024;
/** Browser-mode calls all come from the one window that holds the launch token. */
export const BROWSER_CLIENT_ID = 'browser';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const STATUS: Partial<Record<WireError['code'], number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_METHOD: 404,
  UNAUTHENTICATED: 401,
  BAD_TOKEN: 401,
  SESSION_LOCKED: 423,
  FORBIDDEN: 403,
  WRONG_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  ALREADY_SET_UP: 409,
  NOT_SET_UP: 409,
  CONFLICT: 409,
  NOT_FOUND: 404,
  INVALID_TRANSITION: 409,
  STORAGE_FAILED: 500,
  DEVICE_ERROR: 503,
  INTERNAL: 500,
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(data);
}

function sendError(res: ServerResponse, error: WireError): void {
  send(res, STATUS[error.code] ?? 500, { ok: false, error });
}

function tokenMatches(given: string | undefined, expected: Buffer): boolean {
  if (!given) return false;
  const g = Buffer.from(given);
  return g.length === expected.length && timingSafeEqual(g, expected);
}

function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too_large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface HttpTransportOptions {
  host: Host;
  rendererDir: string;
  token: string;
  port?: number;
}

export interface HttpTransport {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export async function startHttpTransport(opts: HttpTransportOptions): Promise<HttpTransport> {
  const rendererDir = resolve(opts.rendererDir);
  const expected = Buffer.from(opts.token);
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendError(res, { code: 'INVALID_INPUT', message: '接口只接受 POST 请求。' });
    if (!tokenMatches(req.headers[TOKEN_HEADER] as string | undefined, expected)) {
      return sendError(res, { code: 'BAD_TOKEN', message: '访问凭据无效或缺失：请从程序启动时给出的地址重新打开本页面。' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
      return sendError(res, { code: 'FORBIDDEN', message: '拒绝来自其他网页的请求。' });
    }
    const body = await readBody(req);
    if (body === 'too_large') return sendError(res, { code: 'INVALID_INPUT', message: '提交的内容过大（超过 1 MB），未处理。' });
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendError(res, { code: 'INVALID_INPUT', message: '提交的内容不是有效的 JSON，未处理。' });
      }
    }
    const result = await opts.host.call({ clientId: BROWSER_CLIENT_ID }, method, input);
    if (result.ok) send(res, 200, result);
    else sendError(res, result.error);
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) throw new Error('not a file');
      size = st.size;
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('未找到');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'content-type': type,
      'content-length': size,
      'x-content-type-options': 'nosniff',
      'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...(type.startsWith('text/html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' } : {}),
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    // Refuse other Host names: a rebinding DNS name must not reach the API.
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' }).end('主机名不被接受');
      return;
    }
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (pathname.startsWith('/api/')) {
      handleApi(req, res, pathname.slice('/api/'.length)).catch(() => {
        if (!res.headersSent) sendError(res, { code: 'INTERNAL', message: '系统内部错误，本次操作未完成。请重试。' });
      });
    } else {
      serveStatic(req, res, pathname);
    }
  });
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const addr = server.address();
  port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}/#token=${opts.token}`,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections(); // idle keep-alive sockets would hold close() open
      }),
  };
}
