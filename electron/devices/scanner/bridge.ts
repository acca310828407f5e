import WebSocket from 'ws';
import { AppError } from '../../../shared/errors.js';
import { deviceError, type PageHandler, type ScanRequest, type ScannerDriver } from './types.js';

// A vendor document camera's local WebSocket service: send the capture command, receive a
// JSON reply carrying the image as base64. Field names differ per vendor, so the request and
// the reply paths are settings. Replies without an image or an error code (status pushes,
// heartbeats) are ignored; anything that is not JSON is treated as garbage.

export interface BridgeOptions {
  url: string;
  /** Sent as-is once per page. */
  request: string;
  imageField: string;
  /** Empty: the reply has no result code. */
  codeField: string;
  okCode: string;
  messageField: string;
  timeoutMs: number;
}

const MAX_PAYLOAD = 96 * 1024 * 1024;
const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;

function pick(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

const garbage = () =>
  deviceError('高拍仪服务返回了无法识别的数据：请检查“设置 → 设备”中的服务地址是否指向高拍仪服务，或重启高拍仪软件后重试。', { driver: 'bridge', reason: 'garbage' });

export function createBridgeDriver(opts: BridgeOptions): ScannerDriver {
  let abort: (() => void) | null = null;
  let cancelled = false;

  function connect(): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(opts.url, { handshakeTimeout: opts.timeoutMs, maxPayload: MAX_PAYLOAD });
      } catch {
        reject(deviceError(`高拍仪服务地址无效（${opts.url}）：请在“设置 → 设备”中填写形如 ws://127.0.0.1:端口/ 的地址。`, { driver: 'bridge' }));
        return;
      }
      const fail = () => {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(deviceError(`无法连接高拍仪服务（${opts.url}）：请确认高拍仪已连接、厂家软件或服务已启动，或在“设置 → 设备”中检查地址。`, { driver: 'bridge', reason: 'connect' }));
      };
      ws.once('open', () => {
        ws.removeListener('error', fail);
        resolve(ws);
      });
      ws.once('error', fail);
    });
  }

  /** One capture: send the command, wait for the reply that carries an image or an error. */
  function capture(ws: WebSocket): Promise<Buffer | 'cancelled'> {
    return new Promise((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        ws.removeListener('message', onMessage);
        ws.removeListener('close', onClose);
        ws.removeListener('error', onClose);
        abort = null;
        fn();
      };
      const timer = setTimeout(
        () => done(() => reject(deviceError(`高拍仪服务在 ${Math.round(opts.timeoutMs / 1000)} 秒内没有返回图像：请检查高拍仪是否连接、厂家软件是否正常后重试。`, { driver: 'bridge', reason: 'timeout' }))),
        opts.timeoutMs,
      );
      const onClose = () => done(() => reject(deviceError('与高拍仪服务的连接中断：请确认高拍仪软件仍在运行、高拍仪未被拔出后重试。', { driver: 'bridge', reason: 'disconnected' })));
      const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        // Some services answer with the image bytes themselves.
        if (isBinary) return done(() => resolve(buf));
        let reply: unknown;
        try {
          reply = JSON.parse(buf.toString('utf8'));
        } catch {
          return done(() => reject(garbage()));
        }
        if (reply === null || typeof reply !== 'object') return done(() => reject(garbage()));
        const code = opts.codeField ? pick(reply, opts.codeField) : undefined;
        if (code !== undefined && code !== null && String(code) !== opts.okCode) {
          const said = pick(reply, opts.messageField);
          const text = typeof said === 'string' && said.trim() ? said.trim().slice(0, 100) : `错误码 ${String(code).slice(0, 20)}`;
          return done(() => reject(deviceError(`高拍仪拍摄失败（${text}）：请检查高拍仪连接和厂家软件后重试。`, { driver: 'bridge', reason: 'vendor', code: String(code).slice(0, 20) })));
        }
        const image = pick(reply, opts.imageField);
        if (image === undefined || image === null || image === '') {
          if (code !== undefined && code !== null) return done(() => reject(garbage()));
          return; // a status push, not the reply
        }
        if (typeof image !== 'string') return done(() => reject(garbage()));
        const b64 = image.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
        if (!BASE64_RE.test(b64)) return done(() => reject(garbage()));
        done(() => resolve(Buffer.from(b64, b64.includes('-') || b64.includes('_') ? 'base64url' : 'base64')));
      };
      abort = () => done(() => resolve('cancelled'));
      ws.on('message', onMessage);
      ws.once('close', onClose);
      ws.once('error', onClose);
      ws.send(opts.request);
    });
  }

  async function scan(req: ScanRequest, onPage: PageHandler): Promise<{ cancelled: boolean }> {
    cancelled = false;
    const ws = await connect();
    try {
      const shots = req.pages > 0 ? req.pages : 1;
      for (let i = 0; i < shots; i++) {
        if (cancelled) return { cancelled: true };
        const image = await capture(ws);
        if (image === 'cancelled') return { cancelled: true };
        try {
          await onPage({ bytes: image });
        } catch (err) {
          if (err instanceof AppError && err.code === 'INVALID_INPUT') {
            throw deviceError(`高拍仪服务返回的图像无法使用：${err.message}`, { driver: 'bridge', reason: 'image', pages: i });
          }
          throw err;
        }
      }
      return { cancelled: false };
    } finally {
      abort = null;
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.close();
      setTimeout(() => ws.terminate(), 1000).unref();
    }
  }

  return {
    name: 'bridge',
    async list() {
      const ws = await connect();
      ws.on('error', () => undefined);
      ws.close();
      return [{ id: opts.url, label: `高拍仪服务 ${opts.url}` }];
    },
    scan,
    cancel() {
      cancelled = true;
      abort?.();
    },
  };
}
