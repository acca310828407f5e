import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBuiltCentral } from './central.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// Offline updates as a clerk meets them in browser mode: the admin points the counter at a real
// central service that has published a newer release; the next clerk's screen says so, and says
// that browser mode cannot install it.

test('a newer release on the central service shows as a banner, with why browser mode cannot install it', async ({ app }) => {
  const dir = mkdtempSync(join(tmpdir(), 'yct-e2e-central-'));
  const central = await startBuiltCentral(dir);
  try {
    const installer = randomBytes(4096);
    const releases = join(dir, 'releases');
    mkdirSync(releases, { recursive: true });
    const name = 'yichuangtong-9.9.0-linux-x86_64.AppImage';
    writeFileSync(join(releases, name), installer);
    const sha512 = createHash('sha512').update(installer).digest('base64');
    // The same release under every channel file name, whichever this machine reads.
    for (const channel of ['latest.yml', 'latest-linux.yml', 'latest-linux-arm64.yml']) writeFileSync(join(releases, channel), `version: 9.9.0\nfiles:\n  - url: ${name}\n    sha512: ${sha512}\n    size: ${installer.length}\npath: ${name}\nsha512: ${sha512}\nreleaseDate: '2026-12-01T08:00:00.000Z'\n`);

    const { page } = app;
    await signIn(page, 'admin');
    await expect(page.getByTestId('clerk-name')).toBeVisible();
    expect(await callApi(page, 'admin.syncConfigure', { centralUrl: central.url })).toMatchObject({ ok: true });
    await page.getByRole('button', { name: '退出登录' }).click();

    await signIn(page, 'sj01');
    const banner = page.getByTestId('update-banner');
    await expect(banner).toContainText('中心已发布新版本 9.9.0（本机为 0.1.0）');
    await expect(banner).toContainText('浏览器模式不支持自动更新');
    await shot(page, 'update-banner');
    await banner.getByRole('button', { name: '稍后' }).click();
    await expect(banner).toBeHidden();
  } finally {
    central.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
