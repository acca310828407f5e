/// <reference lib="dom" />
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { launchApp, type LaunchedApp } from './launcher.js';

export const SCREENSHOTS = fileURLToPath(new URL('./__screenshots__/', import.meta.url));
/** Every test's host log and console output, kept for the personal-data scan (tests/logs/). */
export const E2E_LOGS = fileURLToPath(new URL('../../test-results/e2e-logs/', import.meta.url));

/** Each test gets its own data directory and its own app instance. */
export const test = base.extend<{ demo: boolean; app: LaunchedApp; context: BrowserContext }>({
  demo: [true, { option: true }],
  app: async ({ demo }, use, testInfo) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'yct-e2e-'));
    const app = await launchApp(dataDir, { demo });
    await use(app);
    await app.close();
    const hostLog = join(dataDir, 'logs', 'host.log');
    mkdirSync(E2E_LOGS, { recursive: true });
    writeFileSync(join(E2E_LOGS, `${testInfo.testId}.log`), (existsSync(hostLog) ? readFileSync(hostLog, 'utf8') : '') + app.hostOutput());
    rmSync(dataDir, { recursive: true, force: true });
    // Browser mode keeps the data key beside the directory (db/keys.ts).
    rmSync(`${dataDir}.key`, { force: true });
  },
  /** The launched app's own browser context (popups such as the applicant screen open there). */
  context: async ({ app }, use) => {
    await use(app.page.context());
  },
});

export { expect };

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

export async function signIn(page: Page, staffNo: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByLabel('工号').fill(staffNo);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Calls window.api from the page, returning the value or the error code, as a tampering renderer would. */
export async function callApi(page: Page, method: string, input: unknown = {}): Promise<{ ok: true; value: unknown } | { ok: false; code: string }> {
  return page.evaluate(
    async ([m, i]) => {
      const [ns, fn] = (m as string).split('.') as [string, string];
      const api = (window as unknown as { api: Record<string, Record<string, (x: unknown) => Promise<unknown>>> }).api;
      try {
        return { ok: true as const, value: await api[ns]![fn]!(i) };
      } catch (e) {
        return { ok: false as const, code: (e as { code: string }).code };
      }
    },
    [method, input] as const,
  );
}
