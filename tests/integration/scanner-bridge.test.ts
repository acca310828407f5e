import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createBridgeDriver, type BridgeOptions } from '../../electron/devices/scanner/bridge.js';
import { ingest } from '../../electron/devices/scanner/ingest.js';
import type { ScanRequest } from '../../electron/devices/scanner/types.js';
import { AppError } from '../../shared/errors.js';
import type { ScannedPage } from '../../shared/scanner.js';
import { blobStore, pageImage } from '../helpers/scanner.js';

// A stand-in for a vendor's capture service on 127.0.0.1: a real WebSocket server that answers
// the capture command in the mode the test sets.

type Mode = 'ok' | 'status-then-ok' | 'data-uri' | 'binary' | 'nested' | 'garbage' | 'hang' | 'disconnect' | 'vendor-error' | 'bad-image' | 'no-image';

let server: WebSocketServer;
let url: string;
let mode: Mode;
let requests: string[];
let image: Buffer;
let store: ReturnType<typeof blobStore>;
let pages: ScannedPage[];

const req: ScanRequest = { resolution: 300, colour: 'color', duplex: false, pages: 1 };
const onPage = async (src: Parameters<typeof ingest>[0]) => {
  pages.push(...(await ingest(src, { jpegQuality: 80, maxLongSide: 3508 }, store.sink)));
};
const options = (o: Partial<BridgeOptions> = {}): BridgeOptions => ({
  url,
  request: '{"cmd":"capture"}',
  imageField: 'image',
  codeField: 'code',
  okCode: '0',
  messageField: 'message',
  timeoutMs: 800,
  ...o,
});

function answer(ws: WebSocket): void {
  const b64 = image.toString('base64');
  switch (mode) {
    case 'ok':
      return ws.send(JSON.stringify({ code: 0, image: b64 }));
    case 'status-then-ok':
      ws.send(JSON.stringify({ event: 'preview', fps: 15 }));
      return void setTimeout(() => ws.send(JSON.stringify({ code: 0, image: b64 })), 50);
    case 'data-uri':
      return ws.send(JSON.stringify({ code: '0', image: `data:image/jpeg;base64,${b64}` }));
    case 'binary':
      return ws.send(image, { binary: true });
    case 'nested':
      return ws.send(JSON.stringify({ ret: 0, data: { img: b64 } }));
    case 'garbage':
      return ws.send('\u0000\u0013<<not json>>');
    case 'hang':
      return;
    case 'disconnect':
      return ws.terminate();
    case 'vendor-error':
      return ws.send(JSON.stringify({ code: 3, message: '设备未连接' }));
    case 'bad-image':
      return ws.send(JSON.stringify({ code: 0, image: Buffer.from('hello, not an image').toString('base64') }));
    case 'no-image':
      return ws.send(JSON.stringify({ code: 0 }));
  }
}

beforeEach(async () => {
  store = blobStore();
  pages = [];
  requests = [];
  mode = 'ok';
  image = await pageImage(1000, 1400, 'jpeg');
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  server.on('connection', (ws) => {
    ws.on('message', (m) => {
      requests.push(m.toString());
      answer(ws);
    });
  });
});

afterEach(async () => {
  for (const c of server.clients) c.terminate();
  await new Promise((r) => server.close(r));
  store.cleanup();
});

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('bridge driver against a stand-in capture service', () => {
  it('captures one page per request and stores it', async () => {
    const [expected] = await ingest({ bytes: image }, { jpegQuality: 80, maxLongSide: 3508 }, store.sink);
    expect(await createBridgeDriver(options()).scan({ ...req, pages: 2 }, onPage)).toEqual({ cancelled: false });
    expect(requests).toEqual(['{"cmd":"capture"}', '{"cmd":"capture"}']);
    expect(pages.map((p) => p.sha256)).toEqual([expected!.sha256, expected!.sha256]);
  });

  it('skips status pushes, and accepts data URIs, binary frames and a configured field map', async () => {
    for (const m of ['status-then-ok', 'data-uri', 'binary'] as const) {
      mode = m;
      await createBridgeDriver(options()).scan(req, onPage);
    }
    mode = 'nested';
    await createBridgeDriver(options({ imageField: 'data.img', codeField: 'ret', request: 'CAPTURE' })).scan(req, onPage);
    expect(requests.at(-1)).toBe('CAPTURE');
    expect(pages).toHaveLength(4);
    expect(new Set(pages.map((p) => p.sha256)).size).toBe(1);
  });

  it('garbage from the service ends in a clear error', async () => {
    mode = 'garbage';
    const e = await failure(createBridgeDriver(options()).scan(req, onPage));
    expect(e.code).toBe('DEVICE_ERROR');
    expect(e.message).toMatch(/返回了无法识别的数据/);
    mode = 'no-image';
    expect((await failure(createBridgeDriver(options()).scan(req, onPage))).message).toMatch(/返回了无法识别的数据/);
  });

  it('an image that is not an image is refused, not stored', async () => {
    mode = 'bad-image';
    const e = await failure(createBridgeDriver(options()).scan(req, onPage));
    expect(e.message).toMatch(/高拍仪服务返回的图像无法使用：不支持的文件类型/);
    expect(await store.files.list()).toEqual([]);
  });

  it('passes on the vendor’s own error message', async () => {
    mode = 'vendor-error';
    expect((await failure(createBridgeDriver(options()).scan(req, onPage))).message).toMatch(/高拍仪拍摄失败（设备未连接）/);
  });

  it('times out a capture that never answers', async () => {
    mode = 'hang';
    const t0 = Date.now();
    const e = await failure(createBridgeDriver(options({ timeoutMs: 500 })).scan(req, onPage));
    expect(e.message).toMatch(/秒内没有返回图像/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('a connection dropped mid-capture keeps the pages already taken', async () => {
    const driver = createBridgeDriver(options());
    const e = await failure(
      driver.scan({ ...req, pages: 3 }, async (src) => {
        await onPage(src);
        mode = 'disconnect';
      }),
    );
    expect(e.message).toMatch(/连接中断/);
    expect(pages).toHaveLength(1);
  });

  it('says when the service is not running', async () => {
    const closed = url;
    for (const c of server.clients) c.terminate();
    await new Promise((r) => server.close(r));
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => server.once('listening', r));
    const e = await failure(createBridgeDriver(options({ url: closed })).scan(req, onPage));
    expect(e.message).toMatch(/无法连接高拍仪服务/);
    await expect(createBridgeDriver(options({ url: closed })).list()).rejects.toThrow(/无法连接高拍仪服务/);
  });

  it('can be cancelled while the camera is silent', async () => {
    mode = 'hang';
    const driver = createBridgeDriver(options({ timeoutMs: 10_000 }));
    const run = driver.scan(req, onPage);
    await new Promise((r) => setTimeout(r, 200));
    driver.cancel();
    expect(await run).toEqual({ cancelled: true });
  });
});
