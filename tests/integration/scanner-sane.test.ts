import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ingest } from '../../electron/devices/scanner/ingest.js';
import { createSaneDriver, parseCaps, splitOptions, type SaneOptions } from '../../electron/devices/scanner/sane.js';
import type { ScanRequest } from '../../electron/devices/scanner/types.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { AppError } from '../../shared/errors.js';
import type { ScannedPage } from '../../shared/scanner.js';
import { testHost } from '../helpers/host.js';
import { blobStore } from '../helpers/scanner.js';

// The real scanimage against SANE's `test` backend (sane-utils, with `test` enabled in
// /etc/sane.d/dll.conf). Missing scanimage fails this file: it must not pass silently.

const DEVICE = 'test:0';
const base: SaneOptions = { scanimagePath: 'scanimage', device: DEVICE, feeder: false, pageTimeoutMs: 60_000 };
const colour: ScanRequest = { resolution: 100, colour: 'color', duplex: false, pages: 1 };
// The backend delays each 64 KiB it hands over: about 0.6 s per colour page at 100 dpi.
const SLOW = '--test-picture "Color pattern" --read-delay=yes --read-delay-duration 100000';

beforeAll(() => {
  let version = '';
  try {
    version = execFileSync('scanimage', ['--version'], { encoding: 'utf8' });
  } catch {
    throw new Error('scanimage is missing: install sane-utils and enable `test` in /etc/sane.d/dll.conf');
  }
  expect(version).toMatch(/sane-backends/);
});

let store: ReturnType<typeof blobStore>;
let pages: ScannedPage[];
beforeEach(() => {
  store = blobStore();
  pages = [];
});
afterEach(() => store.cleanup());

const onPage = async (src: Parameters<typeof ingest>[0]) => {
  pages.push(...(await ingest(src, { jpegQuality: 80, maxLongSide: 3508 }, store.sink)));
};

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sane driver with the test backend', () => {
  it('lists the test devices', async () => {
    const devices = await createSaneDriver(base).list();
    expect(devices.map((d) => d.id)).toContain(DEVICE);
  });

  it('reads the device options from scanimage -A', () => {
    const caps = parseCaps(execFileSync('scanimage', ['-d', DEVICE, '-A'], { encoding: 'utf8' }));
    expect(caps.modes).toEqual(expect.arrayContaining(['Gray', 'Color']));
    expect(caps.sources).toEqual(['Flatbed', 'Automatic Document Feeder']);
    expect(caps.resolution).toEqual({ min: 1, max: 1200 });
  });

  it('scans one flatbed page in colour and one in grey at the asked resolution', async () => {
    const r = await createSaneDriver(base).scan(colour, onPage);
    expect(r).toEqual({ cancelled: false });
    // The backend's default area is 80 × 100 mm.
    expect(pages).toHaveLength(1);
    expect(pages[0]!.width).toBeCloseTo((80 / 25.4) * 100, -1);
    expect(pages[0]!.height).toBeCloseTo((100 / 25.4) * 100, -1);
    expect((await sharp(await store.files.read(pages[0]!.sha256)).metadata()).channels).toBe(3);

    await createSaneDriver(base).scan({ ...colour, colour: 'gray' }, onPage);
    expect((await sharp(await store.files.read(pages[1]!.sha256)).metadata()).channels).toBe(1);
  });

  it('scans the feeder until it is empty, or the asked number of sheets', async () => {
    const driver = createSaneDriver({ ...base, feeder: true, options: '--test-picture "Color pattern"' });
    expect(await driver.scan({ ...colour, pages: 0 }, onPage)).toEqual({ cancelled: false });
    // The test backend's feeder holds 10 sheets.
    expect(pages).toHaveLength(10);
    pages = [];
    await driver.scan({ ...colour, pages: 3 }, onPage);
    expect(pages).toHaveLength(3);
  });

  it('says when duplex is not available', async () => {
    const e = await failure(createSaneDriver(base).scan({ ...colour, duplex: true }, onPage));
    expect(e.message).toMatch(/不支持双面扫描/);
  });

  it('turns SANE status codes into the clerk’s words', async () => {
    const cases: [string, RegExp][] = [
      ['SANE_STATUS_JAMMED', /卡纸/],
      ['SANE_STATUS_DEVICE_BUSY', /正被其他程序占用/],
      ['SANE_STATUS_COVER_OPEN', /盖板未关好/],
      ['SANE_STATUS_IO_ERROR', /无法连接扫描仪/],
      ['SANE_STATUS_NO_DOCS', /进纸器中没有纸张/],
    ];
    for (const [status, message] of cases) {
      const e = await failure(createSaneDriver({ ...base, options: `--read-return-value ${status}` }).scan(colour, onPage));
      expect(e.code).toBe('DEVICE_ERROR');
      expect(e.message).toMatch(message);
    }
    expect(pages).toHaveLength(0);
  });

  it('does not wait out the page timeout when scanimage hangs on exit after its batch', async () => {
    // scanimage (with the test backend, about 1 run in 20) can report the end of its batch and then
    // never exit. A wrapper makes that happen every time.
    const dir = mkdtempSync(join(tmpdir(), 'yct-hang-'));
    const wrapper = join(dir, 'scanimage');
    writeFileSync(
      wrapper,
      '#!/bin/sh\ncase "$*" in *--batch=*) echo "scanimage: sane_read: Scanner cover is open" >&2; echo "Batch terminated, 1 page scanned" >&2; exec sleep 600;; esac\nexec scanimage "$@"\n',
      { mode: 0o755 },
    );
    try {
      const t0 = Date.now();
      const e = await failure(createSaneDriver({ ...base, scanimagePath: wrapper }).scan(colour, onPage));
      expect(e.message).toMatch(/盖板未关好/);
      expect(Date.now() - t0).toBeLessThan(20_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports an unknown device and a missing scanimage', async () => {
    const gone = await failure(createSaneDriver({ ...base, device: 'test:9' }).scan(colour, onPage));
    expect(gone.message).toMatch(/无法连接扫描仪（可能已断开或未通电）/);
    const missing = await failure(createSaneDriver({ ...base, scanimagePath: '/nonexistent/scanimage' }).scan(colour, onPage));
    expect(missing.message).toMatch(/未找到扫描程序 scanimage.*sane-utils/);
  });

  it('refuses extra options that would redirect the output', () => {
    expect(splitOptions('--test-picture "Color pattern" -x 200')).toEqual(['--test-picture', 'Color pattern', '-x', '200']);
    expect(() => splitOptions('--batch=/tmp/elsewhere%d.pnm')).toThrow(/由程序自行设置/);
  });

  it('cancel stops scanimage and keeps the pages already stored', async () => {
    let pid = 0;
    const driver = createSaneDriver({ ...base, feeder: true, options: SLOW, onProcess: (p) => (pid = p) });
    const run = driver.scan({ ...colour, pages: 0 }, async (src) => {
      await onPage(src);
      if (pages.length === 1) driver.cancel();
    });
    expect(await run).toEqual({ cancelled: true });
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThan(10);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
    expect(await store.files.verify(pages[0]!.sha256)).toBe(true);
  });

  it('a scanner that dies mid-batch gives a clear error; earlier pages stay', async () => {
    let pid = 0;
    const driver = createSaneDriver({ ...base, feeder: true, options: SLOW, onProcess: (p) => (pid = p) });
    const e = await failure(
      driver.scan({ ...colour, pages: 0 }, async (src) => {
        await onPage(src);
        if (pages.length === 1) process.kill(-pid, 'SIGKILL'); // the "unplugged" scanner
      }),
    );
    expect(e.message).toMatch(/扫描程序意外退出/);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(await store.files.verify(pages[0]!.sha256)).toBe(true);
  });

  it('stops a scan whose next page does not come in time', async () => {
    const e = await failure(createSaneDriver({ ...base, options: SLOW, pageTimeoutMs: 200 }).scan(colour, onPage));
    expect(e.message).toMatch(/没有送出下一页，已停止/);
  });

  it('runs through the host with the sane driver chosen in settings', async () => {
    const h = await testHost();
    try {
      await h.ok('admin', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
      const { settings } = await h.ok<{ settings: Record<string, any> }>('admin', 'admin.getScannerSettings');
      await h.ok('admin', 'admin.updateScannerSettings', { ...settings, driver: 'sane', resolution: 100, sane: { ...settings.sane, device: DEVICE, feeder: true } });
      const devices = await h.ok<{ devices: { id: string }[] }>('admin', 'scanner.devices');
      expect(devices.devices.map((d) => d.id)).toContain(DEVICE);
      await h.ok('c1', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
      const r = await h.ok<{ pages: ScannedPage[]; error: unknown }>('c1', 'scanner.scan', { pages: 2 });
      expect(r.pages).toHaveLength(2);
      expect(r.error).toBeNull();
      for (const p of r.pages) expect(await h.host.services.store.blobs.get(p.sha256)).toMatchObject({ mime: 'image/jpeg', size: p.bytes });
    } finally {
      await h.close();
    }
  });
});
