import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';

// The stand-ins the ID-card tests and the benchmark read through: a C library compiled from
// tests/fixtures/idcard/standin.c, and a vendor-style HTTP card service on loopback.

/** Found by walking up, so this works from tests/ and from a bundled benchmark in dist/bench/. */
function standinSource(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'tests', 'fixtures', 'idcard', 'standin.c');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('tests/fixtures/idcard/standin.c not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * Compiles the stand-in library (needs gcc) and returns its path. The build is kept per source
 * version in the temp directory, so parallel test workers share one and nothing piles up.
 */
export function compileStandin(): string {
  const src = standinSource();
  const hash = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `yct-idcard-standin-${hash}`);
  const out = join(dir, 'libstandin.so');
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const partial = join(dir, `libstandin.${process.pid}.so`);
  execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-std=c11', '-Wall', '-Werror', '-o', partial, src], { stdio: 'pipe' });
  renameSync(partial, out);
  return out;
}

export const STANDIN_MODES = {
  card: 0,
  noCard: 1,
  removed: 2,
  garbageText: 3,
  garbageDate: 4,
  slow: 5,
  foreigner: 6,
  permit: 7,
  expired: 8,
  noReader: 9,
  utf16: 10,
  garbagePhoto: 11,
  unreadable: 12,
} as const;

/** The stand-in's controls; the same loaded library the driver uses (dlopen shares it). */
export function standinControl(path: string) {
  const lib = koffi.load(path);
  const f = {
    setMode: lib.func('void Standin_SetMode(int m)'),
    setDelayMs: lib.func('void Standin_SetDelayMs(int ms)'),
    setFindDelayMs: lib.func('void Standin_SetFindDelayMs(int ms)'),
    setCardAfter: lib.func('void Standin_SetCardAfter(int n)'),
    setPort: lib.func('void Standin_SetPort(int p)'),
    lastPort: lib.func('int Standin_LastPort()'),
    polls: lib.func('int Standin_Polls()'),
    isOpen: lib.func('int Standin_IsOpen()'),
    reset: lib.func('void Standin_Reset()'),
  };
  return {
    mode: (m: keyof typeof STANDIN_MODES) => f.setMode(STANDIN_MODES[m]) as void,
    delay: (ms: number) => f.setDelayMs(ms) as void,
    findDelay: (ms: number) => f.setFindDelayMs(ms) as void,
    cardAfter: (n: number) => f.setCardAfter(n) as void,
    port: (p: number) => f.setPort(p) as void,
    lastPort: () => f.lastPort() as number,
    polls: () => f.polls() as number,
    isOpen: () => (f.isOpen() as number) === 1,
    reset: () => f.reset() as void,
  };
}

/** A 24-bit bottom-up BMP with red = 2x, green = 2y, blue = 128, like the C stand-in's photo. */
export function makeBmp(width = 102, height = 126): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const b = Buffer.alloc(54 + row * height);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18);
  b.writeInt32LE(height, 22);
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y++) {
    const o = 54 + (height - 1 - y) * row;
    for (let x = 0; x < width; x++) {
      b[o + x * 3] = 128;
      b[o + x * 3 + 1] = (2 * y) & 0xff;
      b[o + x * 3 + 2] = (2 * x) & 0xff;
    }
  }
  return b;
}

export type BridgeMode = 'card' | 'no_card' | 'no_device' | 'garbage' | 'hang' | 'wrong_types' | 'http_error' | 'nested' | 'foreigner' | 'bad_photo' | 'not_object';

/** The card the bridge stand-in serves (fictitious). */
export const BRIDGE_CARD = {
  partyName: '吴海燕',
  gender: '女',
  nation: '回族',
  bornDay: '19871209',
  certAddress: '黑龙江省哈尔滨市道外区景阳街39号',
  certNumber: '230102198712090460',
  certOrg: '哈尔滨市公安局道外分局',
  effDate: '20170405',
  expDate: '20370405',
  certType: '',
};

/**
 * A vendor-style card service (GET /OpenDevice, /readcard, /CloseDevice answering JSON with
 * resultFlag) on 127.0.0.1 and a random port. `cardAfter` reads answer "no card" first.
 */
export async function startBridgeStandin(initial: BridgeMode = 'card') {
  let mode: BridgeMode = initial;
  let cardAfter = 0;
  let reads = 0;
  const paths: string[] = [];
  const photo = makeBmp().toString('base64');
  const send = (res: ServerResponse, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    paths.push(`${req.method} ${path}`);
    if (mode === 'hang') return; // never answers
    if (mode === 'http_error') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal Server Error');
      return;
    }
    if (path === '/OpenDevice') {
      return send(res, mode === 'no_device' ? { resultFlag: -1, errorMsg: '未找到设备' } : { resultFlag: 0, errorMsg: '' });
    }
    if (path === '/CloseDevice') return send(res, { resultFlag: 0, errorMsg: '' });
    if (path !== '/readcard') {
      res.writeHead(404);
      res.end();
      return;
    }
    reads++;
    if (mode === 'no_card' || reads <= cardAfter) return send(res, { resultFlag: -1, errorMsg: '未放卡或卡片放置不正确' });
    switch (mode) {
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(Buffer.from([0x7b, 0x22, 0x72, 0xff, 0xfe, 0x00, 0x3a, 0x30]));
        return;
      case 'not_object':
        return send(res, [1, 2, 3]);
      case 'wrong_types':
        return send(res, { resultFlag: 0, ...BRIDGE_CARD, certNumber: 230102198712090460, partyName: { text: '吴海燕' } });
      case 'nested':
        return send(res, { resultFlag: 0, data: { ...BRIDGE_CARD, identityPic: photo } });
      case 'foreigner':
        return send(res, {
          resultFlag: 0,
          ...BRIDGE_CARD,
          partyName: '伊万诺娃',
          partyNameEn: 'IVANOVA, MARIA',
          nationality: 'RUS',
          nation: '',
          gender: '2',
          bornDay: '19900221',
          certNumber: '923643199002210021',
          certOrg: '国家移民管理局',
          certAddress: '',
          effDate: '20240110',
          expDate: '20340110',
          certType: 'I',
          identityPic: photo,
        });
      case 'bad_photo':
        return send(res, { resultFlag: 0, ...BRIDGE_CARD, identityPic: 'not-base64!!' });
      default:
        return send(res, { resultFlag: 0, errorMsg: '', ...BRIDGE_CARD, identityPic: photo });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    setMode(m: BridgeMode) {
      mode = m;
    },
    setCardAfter(n: number) {
      cardAfter = n;
      reads = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
