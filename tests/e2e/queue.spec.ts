import type { Page } from '@playwright/test';
import type { CaseView } from '../../shared/api/intake.js';
import { completeFields, receiveMaterials } from '../helpers/intake.js';
import { startQueueStandIn } from '../helpers/queue-standin.js';
import { callApi, expect, shot, signIn, test } from './fixtures.js';

// 叫号 → 开始收件 → 受理 against a real HTTP stand-in of the hall's queue and booking systems,
// started by the spec; the admin points the counter at it first.

async function openIntake(page: Page) {
  await page.getByRole('navigation', { name: '业务环节' }).getByText('收件', { exact: true }).click();
  await expect(page.getByRole('heading', { name: '一窗收件' })).toBeVisible();
}

async function view(page: Page, id: string): Promise<CaseView> {
  const r = await callApi(page, 'intake.open', { id });
  if (!r.ok) throw new Error(`intake.open: ${r.code}`);
  return r.value as CaseView;
}

/** Today in China, as the host dates appointments. */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

test('call next → the priority ticket with its appointment → case prefilled → accepted', async ({ app }) => {
  const q = await startQueueStandIn();
  try {
    const { page } = app;
    await signIn(page, 'admin');
    await expect(page.getByTestId('clerk-name')).toBeVisible();
    expect(await callApi(page, 'admin.hallQueueConfigure', { appointments: { dropDir: null, pullUrl: `${q.url}/appointments` }, queue: { url: q.url, windowNo: '3' } })).toMatchObject({ ok: true });
    await page.getByRole('button', { name: '退出登录' }).click();

    q.setAppointments([{ id: 'YY0001', name: '刘晓红', phone: '13904571234', bundleId: 'hlj.newborn', date: chinaToday(), slot: '09:00-09:30' }]);
    q.issue({ number: 'A008', issuedAt: new Date(Date.now() - 15 * 60_000).toISOString() });
    q.issue({ number: 'Y003', lane: 'priority', bundleId: 'hlj.newborn', appointmentId: 'YY0001', issuedAt: new Date(Date.now() - 5 * 60_000).toISOString() });

    await signIn(page, 'sj01');
    await openIntake(page);
    const appointments = page.getByTestId('appointments');
    await appointments.getByRole('button', { name: '导入预约' }).click();
    await expect(appointments.getByRole('row', { name: /刘晓红/ })).toContainText('09:00-09:30');
    expect(q.calls.some((c) => c.path === '/appointments' && c.query.date === chinaToday())).toBe(true);

    await page.getByRole('button', { name: '呼叫下一位' }).click();
    const ticket = page.getByTestId('current-ticket');
    // The priority lane goes first although A008 waited longer.
    await expect(page.getByTestId('ticket-number')).toHaveText('Y003');
    await expect(ticket.getByText('优先', { exact: true })).toBeVisible();
    await expect(ticket.getByText('新生儿出生', { exact: true })).toBeVisible();
    await expect(page.getByTestId('ticket-appointment')).toContainText('刘晓红');
    await expect(page.getByTestId('ticket-appointment')).toContainText('139****1234');
    expect(q.calls.filter((c) => c.path === '/call').map((c) => c.body)).toEqual([{ windowNo: '3' }]);
    await shot(page, 'queue-called');

    await ticket.getByRole('button', { name: '开始收件' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByText('新生儿出生', { exact: true })).toBeVisible();
    await dialog.getByRole('button', { name: '确认并开始收件' }).click();
    await expect(page.getByTestId('case-state')).toHaveText('草稿');
    await expect(page.locator('[data-field="applicant.name"]')).toHaveValue('刘晓红');
    await expect(page.locator('[data-field="applicant.phone"]')).toHaveValue('13904571234');
    const id = page.url().split('/').pop()!;
    let v = await view(page, id);
    expect(v.ticketRef).toBe('Y003');

    // Typing the whole form is covered by intake.spec; here the rest goes through the API the screen uses.
    expect((await callApi(page, 'intake.update', { id, expectedSeq: v.lastEventSeq, patch: { fields: completeFields(v) } })).ok).toBe(true);
    v = await view(page, id);
    expect((await callApi(page, 'intake.update', { id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } })).ok).toBe(true);
    await page.reload();
    await expect(page.locator('[data-field="applicant.name"]')).toHaveValue('刘晓红');
    await page.keyboard.press('Alt+4');
    const accept = page.getByRole('button', { name: '受理', exact: true });
    await expect(accept).toBeEnabled();
    await accept.click();
    await expect(page.getByTestId('case-state')).toHaveText('审批中');
    v = await view(page, id);
    expect(v.caseNumber).toBeTruthy();

    // Back on the intake home the appointment and the ticket point at the accepted case.
    await openIntake(page);
    await expect(page.getByTestId('appointments').getByRole('row', { name: /刘晓红/ })).toContainText(v.caseNumber!);
    await expect(page.getByTestId('current-ticket').getByRole('button', { name: `打开办件 ${v.caseNumber}` })).toBeVisible();
    await shot(page, 'queue-accepted');
  } finally {
    await q.close();
  }
});
