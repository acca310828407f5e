import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { CaseView } from '../../shared/api/intake.js';
import { completeFields, receiveMaterials } from '../helpers/intake.js';
import { startBuiltCentral } from './central.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// A scan that went bad on the counter's disk, as the clerk meets it: the case that references
// it waits, the header reads 出错, and the 同步 page says what helps (restoring the file, since
// a rescan has another hash); once the file is back, everything goes through.

async function ok<T>(page: Parameters<typeof callApi>[0], method: string, input: unknown = {}): Promise<T> {
  const r = await callApi(page, method, input);
  if (!r.ok) throw new Error(`${method}: ${r.code}`);
  return r.value as T;
}

test('a scan damaged on this counter holds back only its case, and the sync page says to restore it', async ({ app }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yct-e2e-central-'));
  const central = await startBuiltCentral(dir, 'e2e-admin-token-0123456789abcdef0123456789');
  try {
    const { page } = app;
    // Taken in before the counter knows the service, so no background sync sends the scan first.
    await signIn(page, 'sj01');
    await expect(page.getByTestId('clerk-name')).toBeVisible();
    const bundle = await ok<{ items: { id: string }[] }>(page, 'catalog.bundle', { id: 'hlj.newborn' });
    let v = await ok<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((x) => x.id), applicantKind: 'person' });
    v = await ok<CaseView>(page, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v, { 'applicant.name': '王丽' }) } });
    const jpeg = await sharp({ create: { width: 48, height: 64, channels: 3, background: { r: 200, g: 180, b: 40 } } }).jpeg().toBuffer();
    const { pages } = await ok<{ pages: { sha256: string }[] }>(page, 'scanner.attach', { name: '出生医学证明.jpg', dataBase64: jpeg.toString('base64') });
    const sha = pages[0]!.sha256;
    const materials = receiveMaterials(v);
    const first = Object.keys(materials)[0]!;
    materials[first] = { ...materials[first]!, pageBlobs: [sha] };
    v = await ok<CaseView>(page, 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials } });
    v = await ok<CaseView>(page, 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
    // A second case without scans, which must sync regardless.
    let w = await ok<CaseView>(page, 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((x) => x.id), applicantKind: 'person' });
    w = await ok<CaseView>(page, 'intake.update', { id: w.id, expectedSeq: w.lastEventSeq, patch: { fields: completeFields(w, { 'applicant.name': '李强' }) } });
    w = await ok<CaseView>(page, 'intake.update', { id: w.id, expectedSeq: w.lastEventSeq, patch: { materials: receiveMaterials(w) } });
    w = await ok<CaseView>(page, 'intake.accept', { id: w.id, expectedSeq: w.lastEventSeq, delivery: { method: 'window', address: null } });

    // One byte of the stored (encrypted) scan flips on the disk.
    const file = join(app.dataDir, 'blobs', sha.slice(0, 2), sha);
    const original = readFileSync(file);
    const damaged = Buffer.from(original);
    damaged[damaged.length - 20] = damaged[damaged.length - 20]! ^ 0x01;
    writeFileSync(file, damaged);

    await page.getByRole('button', { name: '退出登录' }).click();
    await signIn(page, 'admin');
    await expect(page.getByTestId('clerk-name')).toBeVisible();
    await ok(page, 'admin.syncConfigure', { centralUrl: central.url });
    const res = await fetch(`${central.url}/admin/enrolment-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${central.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ hallCode: '232701', departments: [], label: '综合受理 3 号窗口' }),
    });
    const { code } = (await res.json()) as { code: string };
    await ok(page, 'admin.syncEnrol', { code });

    await page.evaluate(() => (location.hash = '#/sync'));
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-status')).toContainText('出错：本机有 1 份附件已损坏或无法解密');
    await expect(page.getByRole('main')).toContainText('联系系统管理员从备份恢复这些文件');
    const problems = page.getByTestId('sync-problems');
    await expect(problems).toContainText('等待附件');
    await expect(problems).toContainText(v.caseNumber!);
    await expect(problems).toContainText('本案件之后的事件也随之暂缓：请保留本机数据目录原样，联系系统管理员从备份恢复该文件，恢复后自动同步。');
    await expect(problems).not.toContainText('稍后自动重试');
    await expect(problems).not.toContainText(w.caseNumber!);
    await shot(page, 'sync-damaged-scan');

    // The file restored from a backup: the next sync takes the held-back case too.
    writeFileSync(file, original);
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-status')).toHaveText('已同步');
    await expect(page.getByRole('main')).toContainText('没有被拒收的事件。');
  } finally {
    central.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
