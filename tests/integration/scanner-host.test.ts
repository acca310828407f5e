import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../electron/transport/http.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { ATTACH_CHUNK_BYTES, type ScannedPage } from '../../shared/scanner.js';
import { testHost } from '../helpers/host.js';
import { bigPdf, pageImage } from '../helpers/scanner.js';

// The scanner through the real host: contract validation, roles, the simulator, manual attach
// in one call and in chunks, rotate, page images, and a device failure as the clerk sees it.

let h: Awaited<ReturnType<typeof testHost>>;
const CLERK = 'clerk';
const ADMIN = 'admin';

beforeEach(async () => {
  h = await testHost();
  await h.ok(CLERK, 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
  await h.ok(ADMIN, 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
  // Small simulated pages keep the suite quick; the bench measures full-size pages.
  const { settings } = await h.ok<{ settings: Record<string, unknown> }>(ADMIN, 'admin.getScannerSettings');
  await h.ok(ADMIN, 'admin.updateScannerSettings', { ...settings, resolution: 100 });
});
afterEach(() => h.close());

async function upload(client: string, bytes: Buffer) {
  const begin = await h.call(client, 'scanner.attachBegin', { name: 'material.pdf', size: bytes.length });
  if (!begin.ok) return begin;
  const { uploadId, chunkBytes } = begin.value as { uploadId: string; chunkBytes: number };
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    const input = { uploadId, offset, dataBase64: bytes.subarray(offset, offset + chunkBytes).toString('base64') };
    // Every chunk must fit the browser transport's body limit.
    expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(MAX_BODY_BYTES);
    const r = await h.call(client, 'scanner.attachChunk', input);
    if (!r.ok) return r;
  }
  return h.call(client, 'scanner.attachEnd', { uploadId });
}

describe('scanner through the host', () => {
  it('scans simulated pages, stores and indexes them, and serves thumbnails', async () => {
    const r = await h.ok<{ pages: ScannedPage[]; cancelled: boolean; error: unknown }>(CLERK, 'scanner.scan', { pages: 2 });
    expect(r.pages).toHaveLength(2);
    expect(r.error).toBeNull();
    expect(r.pages[0]).toMatchObject({ mime: 'image/jpeg', width: 827, height: 1169, pageCount: 1 });
    expect(new Set(r.pages.map((p) => p.sha256)).size).toBe(2); // page number and time differ
    for (const p of r.pages) {
      expect(await h.host.services.store.blobs.get(p.sha256)).toMatchObject({ size: p.bytes, mime: 'image/jpeg', uploadedAt: null });
      expect(await h.host.services.blobFiles.verify(p.sha256)).toBe(true);
    }
    const thumb = await h.ok<{ mime: string; dataBase64: string; width: number; height: number }>(CLERK, 'scanner.page', { sha256: r.pages[0]!.sha256, maxSide: 200 });
    expect([thumb.mime, thumb.height]).toEqual(['image/jpeg', 200]);
    expect((await sharp(Buffer.from(thumb.dataBase64, 'base64')).metadata()).height).toBe(200);
    const full = await h.ok<{ dataBase64: string }>(CLERK, 'scanner.page', { sha256: r.pages[0]!.sha256 });
    expect(createHash('sha256').update(Buffer.from(full.dataBase64, 'base64')).digest('hex')).toBe(r.pages[0]!.sha256);
    // Any signed-in clerk may look at a page (the review desk opens materials too).
    await h.ok('review', 'auth.signIn', { staffNo: 'sp01', password: DEMO_PASSWORD });
    await h.ok('review', 'scanner.page', { sha256: r.pages[0]!.sha256, maxSide: 100 });
  });

  it('rotates a page into a new blob', async () => {
    const [page] = (await h.ok<{ pages: ScannedPage[] }>(CLERK, 'scanner.scan', { pages: 1 })).pages;
    const turned = await h.ok<ScannedPage>(CLERK, 'scanner.rotate', { sha256: page!.sha256, degrees: 90 });
    expect([turned.width, turned.height]).toEqual([page!.height, page!.width]);
    expect(turned.sha256).not.toBe(page!.sha256);
    const bad = await h.call(CLERK, 'scanner.rotate', { sha256: page!.sha256, degrees: 45 });
    expect(bad.ok || bad.error.code).toBe('INVALID_INPUT');
  });

  it('refuses a second scan while one runs, and cancel keeps what was scanned', async () => {
    const { settings } = await h.ok<{ settings: Record<string, unknown> }>(ADMIN, 'admin.getScannerSettings');
    await h.ok(ADMIN, 'admin.updateScannerSettings', { ...settings, resolution: 300 });
    const first = h.call(CLERK, 'scanner.scan', { pages: 20 });
    await new Promise((r) => setTimeout(r, 300));
    const second = await h.call(CLERK, 'scanner.scan', { pages: 1 });
    expect(second.ok ? null : [second.error.code, second.error.message]).toEqual(['CONFLICT', expect.stringMatching(/^正在扫描/)]);
    expect(await h.ok(CLERK, 'scanner.status')).toMatchObject({ busy: true, driver: 'simulator', simulated: true });
    expect(await h.ok(CLERK, 'scanner.cancel')).toEqual({ cancelled: true });
    const r = await first;
    expect(r.ok).toBe(true);
    const v = (r as { value: { pages: ScannedPage[]; cancelled: boolean } }).value;
    expect(v.cancelled).toBe(true);
    expect(v.pages.length).toBeLessThan(20);
    expect(await h.ok(CLERK, 'scanner.status')).toMatchObject({ busy: false });
  });

  it('attaches a small image in one call and a 40 MB PDF in chunks', async () => {
    const jpeg = await pageImage(1000, 1400, 'jpeg');
    const one = await h.ok<{ pages: ScannedPage[] }>(CLERK, 'scanner.attach', { name: '身份证复印件.jpg', dataBase64: jpeg.toString('base64') });
    expect(one.pages[0]).toMatchObject({ mime: 'image/jpeg', width: 1000, height: 1400 });

    const pdf = await bigPdf(40 * 1024 * 1024);
    const r = await upload(CLERK, pdf);
    expect(r.ok).toBe(true);
    const [page] = (r as { value: { pages: ScannedPage[] } }).value.pages;
    expect(page).toMatchObject({ mime: 'application/pdf', pageCount: 1, bytes: pdf.length });
    expect(page!.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const thumb = await h.ok<{ dataBase64: string | null; pageCount: number }>(CLERK, 'scanner.page', { sha256: page!.sha256, maxSide: 200 });
    expect(thumb).toMatchObject({ dataBase64: null, pageCount: 1 });
  });

  it('refuses a 200 MB file before any of it is sent, and a wrong type after', async () => {
    const r = await h.call(CLERK, 'scanner.attachBegin', { name: 'big.pdf', size: 200 * 1024 * 1024 });
    expect(r.ok ? null : r.error.message).toBe('文件过大（200 MB），单个文件不能超过 50 MB：请降低扫描分辨率或拆分后再附加');
    const exe = await upload(CLERK, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(ATTACH_CHUNK_BYTES + 10)]));
    expect(exe.ok ? null : exe.error.message).toMatch(/不支持的文件类型/);
  });

  it('refuses chunks out of order and an unfinished upload', async () => {
    const begin = await h.ok<{ uploadId: string }>(CLERK, 'scanner.attachBegin', { size: 1000 });
    const skip = await h.call(CLERK, 'scanner.attachChunk', { uploadId: begin.uploadId, offset: 500, dataBase64: Buffer.alloc(500).toString('base64') });
    expect(skip.ok ? null : skip.error).toMatchObject({ code: 'CONFLICT', details: { expectedOffset: 0 } });
    await h.ok(CLERK, 'scanner.attachChunk', { uploadId: begin.uploadId, offset: 0, dataBase64: Buffer.alloc(500).toString('base64') });
    const early = await h.call(CLERK, 'scanner.attachEnd', { uploadId: begin.uploadId });
    expect(early.ok ? null : early.error.message).toMatch(/文件未传完整/);
    const gone = await h.call(CLERK, 'scanner.attachEnd', { uploadId: 'no-such-upload' });
    expect(gone.ok ? null : gone.error.code).toBe('NOT_FOUND');
  });

  it('checks roles', async () => {
    await h.ok('review', 'auth.signIn', { staffNo: 'sp01', password: DEMO_PASSWORD });
    for (const [client, method] of [
      [ADMIN, 'scanner.attachBegin'],
      [CLERK, 'scanner.test'],
      [CLERK, 'admin.getScannerSettings'],
      [ADMIN, 'scanner.scan'],
    ] as const) {
      const r = await h.call(client, method, method === 'scanner.attachBegin' ? { size: 10 } : {});
      expect(r.ok ? `${method} allowed` : r.error.code).toBe('FORBIDDEN');
    }
    const anon = await h.call('nobody', 'scanner.page', { sha256: 'a'.repeat(64) });
    expect(anon.ok ? null : anon.error.code).toBe('UNAUTHENTICATED');
  });

  it('admin test scan reports timing; settings are validated', async () => {
    const t = await h.ok<{ ok: boolean; ms: number; pages: ScannedPage[]; driver: string }>(ADMIN, 'scanner.test');
    expect(t).toMatchObject({ ok: true, driver: 'simulator' });
    expect(t.pages).toHaveLength(1);
    expect(t.ms).toBeGreaterThan(0);
    const { settings } = await h.ok<{ settings: Record<string, any> }>(ADMIN, 'admin.getScannerSettings');
    const bad = await h.call(ADMIN, 'admin.updateScannerSettings', { ...settings, bridge: { ...settings.bridge, url: 'http://127.0.0.1/' } });
    expect(bad.ok ? null : bad.error.message).toMatch(/ws:\/\//);
  });

  it('a failing device gives the clerk a clear message and the admin the last errors', async () => {
    const { settings } = await h.ok<{ settings: Record<string, any> }>(ADMIN, 'admin.getScannerSettings');
    await h.ok(ADMIN, 'admin.updateScannerSettings', { ...settings, driver: 'sane', sane: { ...settings.sane, scanimagePath: '/nonexistent/scanimage' } });
    const r = await h.call(CLERK, 'scanner.scan', {});
    expect(r.ok ? null : r.error.code).toBe('DEVICE_ERROR');
    expect(r.ok ? null : r.error.message).toMatch(/sane-utils/);
    const status = await h.ok<{ lastError: { message: string } | null }>(CLERK, 'scanner.status');
    expect(status.lastError?.message).toMatch(/sane-utils/);
    const test = await h.ok<{ ok: boolean; error: { message: string } | null }>(ADMIN, 'scanner.test');
    expect(test.ok).toBe(false);
    expect(test.error?.message).toMatch(/未找到扫描程序/);
    const view = await h.ok<{ errors: unknown[] }>(ADMIN, 'admin.getScannerSettings');
    expect(view.errors).toHaveLength(2);
    // The manual path still works while the device is broken.
    const jpeg = await pageImage(400, 500, 'jpeg');
    expect((await h.ok<{ pages: unknown[] }>(CLERK, 'scanner.attach', { dataBase64: jpeg.toString('base64') })).pages).toHaveLength(1);
  });
});
