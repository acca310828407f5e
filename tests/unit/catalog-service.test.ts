import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import type { BundleDetail } from '../../shared/api/contract.js';
import { testHost } from '../helpers/host.js';

type T = Awaited<ReturnType<typeof testHost>>;
type Summary = { id: string; name: string; region: string; serviceObject: string };

describe('catalog service', () => {
  let h: T;
  afterEach(() => h?.close());

  async function signedIn(staffNo = 'sj01') {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo, password: DEMO_PASSWORD });
  }

  it('lists all 48 bundles of both source lists, for every role', async () => {
    await signedIn('cj01');
    const r = await h.ok<{ version: string; bundles: Summary[] }>('w', 'catalog.bundles');
    expect(r.version).toMatch(/^\d{4}\.\d+$/);
    expect(r.bundles.filter((b) => b.region === '黑龙江省')).toHaveLength(13);
    expect(r.bundles.filter((b) => b.region === '辽宁省')).toHaveLength(35);
  });

  it('finds 新生儿出生 by pinyin initials and filters by service object and life stage', async () => {
    await signedIn();
    const { bundles } = await h.ok<{ bundles: Summary[] }>('w', 'catalog.bundles', { query: 'xse' });
    expect(bundles[0]!.name).toBe('新生儿出生');
    const enterprise = await h.ok<{ bundles: Summary[] }>('w', 'catalog.bundles', { serviceObject: 'enterprise' });
    expect(enterprise.bundles.length).toBeGreaterThan(5);
    expect(enterprise.bundles.every((b) => b.serviceObject === '法人')).toBe(true);
    const exit = await h.ok<{ bundles: Summary[] }>('w', 'catalog.bundles', { lifeStage: 'exit' });
    expect(exit.bundles.map((b) => b.name)).toContain('企业注销登记');
    // An item name finds its bundle too.
    const byItem = await h.ok<{ bundles: Summary[] }>('w', 'catalog.bundles', { query: '道路货物运输' });
    expect(byItem.bundles.map((b) => b.name)).toContain('开办运输企业');
  });

  it('gives a bundle with its merged form, deduplicated materials and item order', async () => {
    await signedIn();
    const newborn = await h.ok<BundleDetail>('w', 'catalog.bundle', { id: 'hlj.newborn' });
    expect(newborn.name).toBe('新生儿出生');
    expect(newborn.mergedFieldCount).toBeLessThan(newborn.separateFieldCount);
    expect(newborn.materials.length).toBeLessThan(newborn.separateMaterialCount);
    expect(new Set(newborn.materials.map((m) => m.key)).size).toBe(newborn.materials.length);
    // Dependent items come after what they wait for, one column further right.
    const level = new Map(newborn.items.map((i) => [i.id, i.level]));
    for (const i of newborn.items) for (const d of i.dependsOn) expect(i.level).toBeGreaterThan(level.get(d)!);
    expect(Math.max(...newborn.items.map((i) => i.level))).toBeGreaterThan(0);
    expect(newborn.promisedDays).toBeGreaterThanOrEqual(newborn.longestItemPromisedDays!);
  });

  it('narrows a bundle to the items an applicant needs and refuses foreign items', async () => {
    await signedIn();
    const all = await h.ok<BundleDetail>('w', 'catalog.bundle', { id: 'hlj.enterprise-cancellation' });
    const first = all.items[0]!.id;
    const one = await h.ok<BundleDetail>('w', 'catalog.bundle', { id: 'hlj.enterprise-cancellation', itemIds: [first] });
    expect(one.items.map((i) => i.id)).toEqual([first]);
    expect(one.separateFieldCount).toBeLessThan(all.separateFieldCount);
    expect(await h.call('w', 'catalog.bundle', { id: 'hlj.enterprise-cancellation', itemIds: ['no-such-item'] })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(await h.call('w', 'catalog.bundle', { id: 'nope' })).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('keeps the stored catalog version across restarts', async () => {
    await signedIn();
    const before = await h.ok<{ version: string }>('w', 'catalog.bundles');
    const dir = h.dir;
    await h.host.close();
    h = await testHost({ dataDir: dir });
    try {
      await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
      expect((await h.ok<{ version: string }>('w', 'catalog.bundles')).version).toBe(before.version);
    } finally {
      await h.host.close();
      rmSync(dir, { recursive: true, force: true });
      h = undefined as unknown as T;
    }
  });
});

describe('one-time notice PDF', () => {
  let h: T;
  afterEach(() => h?.close());

  async function pdfText(pdfBase64: string): Promise<string> {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'yct-pdf-test-'));
    try {
      const file = join(dir, 'n.pdf');
      writeFileSync(file, Buffer.from(pdfBase64, 'base64'));
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())![1]);
      expect(pages).toBeGreaterThanOrEqual(1);
      return execFileSync('pdftotext', ['-raw', file, '-']).toString();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('prints the bundle name and every deduplicated material once, with real Chinese text', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    for (const id of ['hlj.newborn', 'hlj.enterprise-cancellation']) {
      const detail = await h.ok<BundleDetail>('w', 'catalog.bundle', { id });
      const { fileName, pdfBase64 } = await h.ok<{ fileName: string; pdfBase64: string }>('w', 'catalog.noticePdf', { id });
      expect(fileName).toBe(`${detail.name}-一次告知单.pdf`);
      const text = (await pdfText(pdfBase64)).replace(/\s+/g, '');
      expect(text).toContain(`${detail.name}·一次告知单`);
      // Each material is one numbered row: "N. name".
      detail.materials.forEach((m, n) => {
        const row = `${n + 1}.${m.name.replace(/\s+/g, '')}`;
        expect(text.split(row).length - 1, row).toBe(1);
      });
    }
  }, 60_000);

  it('prints English and Russian labels beside the Chinese names', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    // Raw extraction drops the spaces between words, so compare without them.
    const en = (await pdfText((await h.ok<{ pdfBase64: string }>('w', 'catalog.noticePdf', { id: 'hlj.newborn', lang: 'en' })).pdfBase64)).replace(/\s+/g, '');
    expect(en).toContain('One-TimeNoticeofRequirements');
    expect(en).toContain('新生儿出生');
    const ru = await pdfText((await h.ok<{ pdfBase64: string }>('w', 'catalog.noticePdf', { id: 'hlj.newborn', lang: 'ru' })).pdfBase64);
    expect(ru.replace(/\s+/g, '')).toContain('Единоеуведомление');
  }, 60_000);
});

describe('catalog versions edited by the admin', () => {
  let h: T;
  afterEach(() => h?.close());

  async function asAdmin() {
    h = await testHost();
    await h.ok('a', 'auth.signIn', { staffNo: 'admin', password: DEMO_PASSWORD });
  }

  it('stores a confirmed or changed element as the next version and keeps the old one', async () => {
    await asAdmin();
    const before = await h.ok<BundleDetail>('a', 'catalog.bundle', { id: 'hlj.newborn' });
    const item = before.items.find((i) => i.promisedDays.placeholder)!;
    const r = await h.ok<{ version: string }>('a', 'admin.catalogEditItem', { itemId: item.id, promisedDays: 3, confirm: ['fee'], note: '经卫健委确认' });
    expect(r.version).toBe('2024.2');
    const after = await h.ok<BundleDetail>('a', 'catalog.bundle', { id: 'hlj.newborn' });
    const changed = after.items.find((i) => i.id === item.id)!;
    expect(after.version).toBe('2024.2');
    expect(changed.promisedDays).toEqual({ value: 3, placeholder: false });
    expect(changed.fee).toEqual({ value: item.fee.value, placeholder: false });
    // Cases accepted under 2024.1 can still read it.
    const old = await h.host.services.store.catalog.get('2024.1');
    expect(JSON.parse(old!.body).items.find((i: { id: string }) => i.id === item.id).promisedDays.source).toBe('placeholder');
  });

  it('refuses a zero or negative limit, removing the last material and a dependency cycle, saving nothing', async () => {
    await asAdmin();
    const b = await h.ok<BundleDetail>('a', 'catalog.bundle', { id: 'hlj.newborn' });
    const item = b.items[0]!;
    for (const days of [0, -2]) {
      const r = await h.call('a', 'admin.catalogEditItem', { itemId: item.id, promisedDays: days });
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(!r.ok && r.error.message).toMatch(/^修改未保存：.*时限/);
    }
    const detail = await h.ok<BundleDetail>('a', 'catalog.bundle', { id: 'hlj.newborn', itemIds: [item.id] });
    const all = detail.materials.map((m) => m.key);
    const noMaterial = await h.call('a', 'admin.catalogEditItem', { itemId: item.id, removeMaterials: all });
    expect(!noMaterial.ok && noMaterial.error.message).toMatch(/^修改未保存：.*材料/);

    // 户口登记 depends on 出生医学证明: making the certificate depend on the registration closes a loop.
    const dependent = b.items.find((i) => i.dependsOn.length > 0)!;
    const cycle = await h.call('a', 'admin.catalogSetDependencies', { bundleId: 'hlj.newborn', itemId: dependent.dependsOn[0]!, dependsOn: [dependent.id] });
    expect(!cycle.ok && cycle.error.message).toMatch(/^修改未保存：.*循环/);

    expect((await h.ok<{ version: string }>('a', 'catalog.bundles')).version).toBe('2024.1');
  });

  it('is for admins only', async () => {
    h = await testHost();
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect(await h.call('w', 'admin.catalogEditItem', { itemId: 'x', promisedDays: 3 })).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });
});

describe('applicant screen', () => {
  let h: T;
  afterEach(() => h?.close());

  it('shows what the clerk chooses, and only a signed-in clerk can choose it', async () => {
    h = await testHost();
    expect(await h.ok('screen', 'applicant.view')).toEqual({ kind: 'idle' });
    expect(await h.call('anon', 'applicant.show', { bundleId: 'hlj.newborn' })).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    await h.ok('w', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    expect(await h.call('w', 'applicant.show', { bundleId: 'nope' })).toMatchObject({ error: { code: 'NOT_FOUND' } });
    await h.ok('w', 'applicant.show', { bundleId: 'hlj.newborn', lang: 'ru' });
    expect(await h.ok('screen', 'applicant.view')).toMatchObject({ kind: 'notice', lang: 'ru', bundle: { name: '新生儿出生' }, hallName: '漠河市政务服务中心' });
    await h.ok('w', 'applicant.clear');
    expect(await h.ok('screen', 'applicant.view')).toEqual({ kind: 'idle' });
  });
});
