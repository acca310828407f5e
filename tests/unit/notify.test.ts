import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openClientDb, type ClientDb } from '../../db/sqlite.js';
import { createNotificationStore, type NotificationStore } from '../../db/stores/notifications.js';
import {
  createNotifier,
  createNotifyService,
  createOutboxGateway,
  notificationId,
  PHONE_REFUSED,
  type NotifyLog,
} from '../../electron/services/notify/index.js';
import { AppError } from '../../shared/errors.js';
import {
  DEFAULT_TEMPLATES,
  NOTIFICATION_KINDS,
  notificationSettingsSchema,
  placeholdersOf,
  renderTemplate,
  SMS_MAX_CHARS,
  TEMPLATE_VARIABLES,
} from '../../shared/notify.js';
import { settingsSchema, type Settings, type SettingsStore } from '../../shared/settings.js';
import { tempDir } from '../helpers/tmp.js';

const PHONE = '13800138000';
const VARS = { hall: '梅花区政务服务中心', bundle: '新生儿出生“一件事”', caseNumber: 'MH01-20260302-0007', queryChannel: '政务服务便民热线 12345' };

function capturedLog() {
  const lines: string[] = [];
  const log: NotifyLog = {
    info: (msg, fields) => lines.push(JSON.stringify({ level: 'info', msg, ...fields })),
    warn: (msg, fields) => lines.push(JSON.stringify({ level: 'warn', msg, ...fields })),
  };
  return { lines, log };
}

function expectAppError(fn: () => unknown, code: string, text: RegExp | string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    if (typeof text === 'string') expect((err as AppError).message).toBe(text);
    else expect((err as AppError).message).toMatch(text);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('templates', () => {
  it('fills every placeholder of the default ready template', () => {
    const body = renderTemplate(DEFAULT_TEMPLATES.ready, VARS);
    expect(body).toBe(
      '【梅花区政务服务中心】您在本中心办理的“新生儿出生“一件事””（办件编号 MH01-20260302-0007）已办结，请携带本人身份证件到综合出件窗口领取。咨询：政务服务便民热线 12345',
    );
    expect(body).not.toMatch(/[{}]/);
  });

  it('default templates use only the placeholders their kind provides, and all of them fit an SMS', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const used = placeholdersOf(DEFAULT_TEMPLATES[kind]);
      expect(used.length).toBeGreaterThan(0);
      for (const p of used) expect(TEMPLATE_VARIABLES[kind]).toContain(p);
      const vars = Object.fromEntries(TEMPLATE_VARIABLES[kind].map((p) => [p, 'x'.repeat(10)]));
      expect(renderTemplate(DEFAULT_TEMPLATES[kind], vars).length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    }
    expect(DEFAULT_TEMPLATES.mail_sent).toContain('{carrier}');
    expect(DEFAULT_TEMPLATES.mail_sent).toContain('{trackingNo}');
    expect(DEFAULT_TEMPLATES.rating_reminder).toContain('{ratingUrl}');
    expect(DEFAULT_TEMPLATES.rating_reminder).toContain('{ratingCode}');
  });

  it('names every placeholder left without a value, in Chinese', () => {
    const err = expectAppError(() => renderTemplate(DEFAULT_TEMPLATES.mail_sent, { ...VARS, carrier: '中国邮政 EMS', trackingNo: '  ' }), 'INVALID_INPUT', /运单号/);
    expect(err.message).toContain('{trackingNo}');
    expect(err.message).not.toContain('{carrier}');
    expect(err.details).toEqual({ placeholders: ['trackingNo'] });
    const both = expectAppError(() => renderTemplate('{a}{b}{a}', { b: null }), 'INVALID_INPUT', /\{a\}.*\{b\}/);
    expect(both.details).toEqual({ placeholders: ['a', 'b'] });
  });

  it('does not expand placeholders inside values and accepts numbers', () => {
    expect(renderTemplate('{bundle}/{caseNumber}', { bundle: '{caseNumber}', caseNumber: 7 })).toBe('{caseNumber}/7');
  });

  it(`refuses a body longer than ${SMS_MAX_CHARS} characters, counted as the phone counts them`, () => {
    expect(renderTemplate('{x}', { x: '办'.repeat(SMS_MAX_CHARS) })).toHaveLength(SMS_MAX_CHARS);
    expectAppError(() => renderTemplate('{x}', { x: '办'.repeat(SMS_MAX_CHARS + 1) }), 'INVALID_INPUT', /过长（301 字，最多 300 字）/);
    // An astral character is one character to the reader, two UTF-16 units to JavaScript.
    expect(renderTemplate('{x}', { x: '𠀀'.repeat(SMS_MAX_CHARS) })).toHaveLength(SMS_MAX_CHARS * 2);
  });
});

describe('notification settings', () => {
  it('defaults to the outbox and joins the settings schema', () => {
    const s = settingsSchema.parse({});
    expect(s.notifications).toEqual({ driver: 'outbox', url: null, token: null, timeoutMs: 10_000, templates: {} });
  });

  it('refuses the http driver without a URL, a non-http URL and a placeholder the kind cannot fill', () => {
    const noUrl = notificationSettingsSchema.safeParse({ driver: 'http' });
    expect(noUrl.success).toBe(false);
    expect(noUrl.error!.issues.map((i) => i.path.join('.'))).toEqual(['url']);
    expect(notificationSettingsSchema.safeParse({ driver: 'http', url: 'ftp://sms.example/' }).success).toBe(false);
    expect(notificationSettingsSchema.safeParse({ driver: 'http', url: 'https://sms.example.gov.cn/send', token: 't' }).success).toBe(true);

    const typo = notificationSettingsSchema.safeParse({ templates: { ready: '【{hall}】{trackingNo} 已办结' } });
    expect(typo.success).toBe(false);
    expect(typo.error!.issues[0]!.path).toEqual(['templates', 'ready']);
    expect(typo.error!.issues[0]!.message).toContain('{trackingNo}');
    expect(notificationSettingsSchema.parse({ templates: { mail_sent: '{hall}：已寄出，运单号 {trackingNo}' } }).templates.mail_sent).toBe('{hall}：已寄出，运单号 {trackingNo}');
  });
});

describe('notification ids', () => {
  it('is the first 32 hex digits of sha256(caseId|kind|round)', () => {
    const expected = createHash('sha256').update('case-1|ready|1').digest('hex').slice(0, 32);
    expect(notificationId('case-1', 'ready', 1)).toBe(expected);
    expect(notificationId('case-1', 'ready', 1)).toMatch(/^[0-9a-f]{32}$/);
    expect(notificationId('case-1', 'ready', 2)).not.toBe(expected);
    expect(notificationId('case-1', 'mail_sent', 1)).not.toBe(expected);
  });
});

describe('notification store and outbox driver (real SQLite)', () => {
  let t: ReturnType<typeof tempDir>;
  let cdb: ClientDb;
  let store: NotificationStore;
  let clock: number;
  const now = () => clock;
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeEach(async () => {
    t = tempDir('yct-notify-');
    cdb = await openClientDb(join(t.dir, 'yct.sqlite'), { synchronous: 'NORMAL' });
    store = createNotificationStore(cdb.db);
    clock = Date.parse('2026-03-02T01:00:00.000Z');
  });
  afterEach(async () => {
    await cdb.close();
    t.cleanup();
  });

  const row = (id: string, caseId = 'case-1') => ({ id, caseId, kind: 'ready' as const, recipient: PHONE, body: `正文 ${id}`, createdAt: iso(clock) });

  it('enqueues at most one message per id', async () => {
    expect(await store.enqueue(row('n1'))).toBe(true);
    expect(await store.enqueue({ ...row('n1'), body: '另一条' })).toBe(false);
    const got = await store.get('n1');
    expect(got).toMatchObject({ id: 'n1', status: 'pending', attempts: 0, body: '正文 n1', nextAttemptAt: null });
  });

  it('claims only due pending rows, and two concurrent claims never share a row', async () => {
    for (let i = 0; i < 12; i++) await store.enqueue(row(`n${String(i).padStart(2, '0')}`));
    const [a, b] = await Promise.all([store.claimDue(iso(clock), 50), store.claimDue(iso(clock), 50)]);
    const ids = [...a, ...b].map((r) => r.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect([...a, ...b].every((r) => r.status === 'sending')).toBe(true);
    expect(await store.claimDue(iso(clock), 50)).toEqual([]);

    expect(await store.markRetry('n00', '稍后重试', iso(clock + 60_000))).toBe(true);
    expect(await store.markRetry('n00', '稍后重试', iso(clock + 60_000))).toBe(false); // no longer 'sending'
    expect(await store.claimDue(iso(clock + 59_999), 50)).toEqual([]);
    const due = await store.claimDue(iso(clock + 60_000), 50);
    expect(due.map((r) => [r.id, r.attempts])).toEqual([['n00', 1]]);
  });

  it('fails, retries on request, recovers after a crash and lists a case', async () => {
    await store.enqueue(row('a', 'case-9'));
    clock += 1000;
    await store.enqueue(row('b', 'case-9'));
    await store.claimDue(iso(clock), 10);
    expect(await store.retryFailed('a')).toBe(false);
    expect(await store.markFailed('a', '网关拒绝')).toBe(true);
    expect(await store.get('a')).toMatchObject({ status: 'failed', attempts: 1, lastError: '网关拒绝' });
    expect(await store.retryFailed('a')).toBe(true);
    expect(await store.get('a')).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: null });
    expect(await store.recoverSending()).toBe(1); // 'b' was left 'sending'
    expect((await store.ofCase('case-9')).map((r) => [r.id, r.status])).toEqual([
      ['a', 'pending'],
      ['b', 'pending'],
    ]);
    expect(await store.ofCase('case-x')).toEqual([]);
  });

  it('sends through the outbox once per id, even after a crash between accept and mark', async () => {
    const { lines, log } = capturedLog();
    const sent: string[] = [];
    const gateway = createOutboxGateway(store, now);
    const notifier = createNotifier({ store, gateway, now, log, onSent: async (r) => void sent.push(r.id) });

    const first = await notifier.enqueue({ caseId: 'case-1', kind: 'ready', round: 1, recipient: PHONE, body: '您的办件已办结' });
    const again = await notifier.enqueue({ caseId: 'case-1', kind: 'ready', round: 1, recipient: PHONE, body: '您的办件已办结' });
    expect(first).toEqual({ id: notificationId('case-1', 'ready', 1), queued: true });
    expect(again).toEqual({ id: first.id, queued: false });

    expect(await notifier.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await notifier.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await store.outboxList()).toEqual([{ messageId: first.id, recipient: PHONE, body: '您的办件已办结', acceptedAt: iso(clock) }]);
    expect(await store.get(first.id)).toMatchObject({ status: 'sent', attempts: 1, providerRef: `outbox:${first.id}`, sentAt: iso(clock) });
    expect(sent).toEqual([first.id]);

    // The stand-in dedupes by id like a real gateway.
    expect(await gateway.send({ id: first.id, recipient: PHONE, body: '其他内容' })).toEqual({ providerRef: `outbox:${first.id}` });
    expect(await store.outboxList()).toHaveLength(1);

    // Crash after the outbox accepted the message but before the row was marked sent.
    const second = await notifier.enqueue({ caseId: 'case-2', kind: 'mail_sent', round: 1, recipient: '13900139000', body: '已寄出' });
    const [claimed] = await store.claimDue(iso(clock), 10);
    expect(claimed!.id).toBe(second.id);
    await gateway.send({ id: claimed!.id, recipient: claimed!.recipient, body: claimed!.body });
    clock += 5_000;
    const restarted = createNotifier({ store, gateway: createOutboxGateway(store, now), now, log, onSent: async (r) => void sent.push(r.id) });
    expect(await restarted.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await store.outboxList()).map((o) => o.messageId).sort()).toEqual([first.id, second.id].sort());
    expect(await store.get(second.id)).toMatchObject({ status: 'sent', providerRef: `outbox:${second.id}` });
    expect(sent).toEqual([first.id, second.id]);

    const text = lines.join('\n');
    expect(text).toContain('notifications recovered');
    for (const secret of [PHONE, '13900139000', '您的办件已办结', '已寄出']) expect(text).not.toContain(secret);
  });

  it('refuses a number that is not a mainland mobile, and a body that cannot be sent', async () => {
    const { log } = capturedLog();
    const notifier = createNotifier({ store, gateway: createOutboxGateway(store, now), now, log });
    for (const bad of ['0457-2822345', '12345678901', '1380013800', '+8613800138000', '']) {
      await expect(notifier.enqueue({ caseId: 'c', kind: 'ready', round: 1, recipient: bad, body: '正文' })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: PHONE_REFUSED,
      });
    }
    await expect(notifier.enqueue({ caseId: 'c', kind: 'ready', round: 1, recipient: PHONE, body: '长'.repeat(301) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(notifier.enqueue({ caseId: 'c', kind: 'bogus' as 'ready', round: 1, recipient: PHONE, body: '正文' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await store.ofCase('c')).toEqual([]);

    const ok = await notifier.enqueue({ caseId: 'c', kind: 'ready', round: 1, recipient: ' 138 0013-8000 ', body: '正文' });
    expect((await store.get(ok.id))!.recipient).toBe(PHONE);
  });

  it('logs an onSent failure and does not send again', async () => {
    const { lines, log } = capturedLog();
    let calls = 0;
    const notifier = createNotifier({
      store,
      gateway: createOutboxGateway(store, now),
      now,
      log,
      onSent: async () => {
        calls++;
        throw new RangeError('projection busy');
      },
    });
    const { id } = await notifier.enqueue({ caseId: 'c', kind: 'ready', round: 1, recipient: PHONE, body: '正文' });
    expect(await notifier.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    clock += 3_600_000;
    expect(await notifier.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(calls).toBe(1);
    expect((await store.get(id))!.status).toBe('sent');
    expect(lines.some((l) => l.includes('notification onSent failed') && l.includes('RangeError'))).toBe(true);
  });

  it('the started notifier sends a newly queued message without waiting for its interval', async () => {
    const { log } = capturedLog();
    const notifier = createNotifier({ store, gateway: createOutboxGateway(store, now), now, log });
    notifier.start(60 * 60_000);
    try {
      await new Promise((r) => setTimeout(r, 50)); // the first cycle finds nothing
      const { id } = await notifier.enqueue({ caseId: 'c', kind: 'ready', round: 1, recipient: PHONE, body: '正文' });
      const deadline = Date.now() + 5_000;
      while ((await store.get(id))!.status !== 'sent' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect((await store.get(id))!.status).toBe('sent');
    } finally {
      await notifier.stop();
    }
  });

  it('the service renders the hall template from settings and 重发 only a failed message', async () => {
    let settings: Settings = settingsSchema.parse({
      installation: { deviceId: 'd1', hallName: '梅花区政务服务中心', hallCode: 'MH01', counterName: '1 号窗口' },
      notifications: { templates: { ready: '【{hall}】{caseNumber} 已办结。{queryChannel}' } },
    });
    const settingsStore: SettingsStore = {
      read: () => settings,
      update: (patch) => (settings = settingsSchema.parse({ ...settings, ...patch })),
    };
    const { log } = capturedLog();
    const service = createNotifyService({ store, settings: settingsStore, now, log });

    const { id } = await service.notify({ caseId: 'case-1', kind: 'ready', round: 1, recipient: PHONE, vars: { caseNumber: 'MH01-0007' } });
    expect((await store.get(id))!.body).toBe('【梅花区政务服务中心】MH01-0007 已办结。政务服务便民热线 12345');
    await expect(service.notify({ caseId: 'case-1', kind: 'mail_sent', round: 1, recipient: PHONE, vars: { ...VARS, carrier: 'EMS' } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('{trackingNo}（运单号）'),
    });

    await expect(service.resend(id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(service.resend('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await service.notifier.runOnce();
    expect(await store.outboxList()).toHaveLength(1);
    await expect(service.resend(id)).rejects.toMatchObject({ code: 'CONFLICT', message: '这条短信已发送成功，无需重发' });
  });
});
