import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openClientDb, type ClientDb } from '../../db/sqlite.js';
import { createNotificationStore, type NotificationStore } from '../../db/stores/notifications.js';
import {
  createHttpGateway,
  createNotifier,
  createSettingsGateway,
  GatewayError,
  type NotifierOptions,
  type NotifyLog,
} from '../../electron/services/notify/index.js';
import { notificationSettingsSchema, type NotificationSettings } from '../../shared/notify.js';
import { tempDir } from '../helpers/tmp.js';

// The HTTP driver and the notifier against a real gateway stand-in on 127.0.0.1.

const PHONE = '13800138000';
const BODY = '【梅花区政务服务中心】您在本中心办理的“企业开办”（办件编号 MH01-0007）已办结，请携带本人身份证件到综合出件窗口领取。';
const TOKEN = 'gw-token-7f3a';

type Reply = { status: number; json?: unknown; headers?: Record<string, string> } | 'hang';

interface SeenRequest {
  key: string | undefined;
  auth: string | undefined;
  contentType: string | undefined;
  body: { messageId?: string; phone?: string; text?: string };
}

/** Answers request n (0-based) with plan(n); records what it saw. */
async function smsServer(plan: (n: number) => Reply) {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = seen.length;
      seen.push({
        key: req.headers['idempotency-key'] as string | undefined,
        auth: req.headers.authorization,
        contentType: req.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      const reply = plan(n);
      if (reply === 'hang') return; // never answers
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`;
  return {
    url,
    seen,
    dropConnections: () => server.closeAllConnections(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(cond: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('SMS over HTTP', () => {
  let t: ReturnType<typeof tempDir>;
  let cdb: ClientDb;
  let store: NotificationStore;
  let clock: number;
  const now = () => clock;
  const iso = (ms: number) => new Date(ms).toISOString();
  const lines: string[] = [];
  const log: NotifyLog = {
    info: (msg, fields) => lines.push(JSON.stringify({ level: 'info', msg, ...fields })),
    warn: (msg, fields) => lines.push(JSON.stringify({ level: 'warn', msg, ...fields })),
  };
  const servers: { close(): Promise<void> }[] = [];

  async function server(plan: (n: number) => Reply) {
    const s = await smsServer(plan);
    servers.push(s);
    return s;
  }

  function notifier(url: string, extra: Partial<NotifierOptions> & { timeoutMs?: number } = {}) {
    const gateway = createHttpGateway({ url, token: TOKEN, timeoutMs: extra.timeoutMs ?? 2_000 });
    return createNotifier({ store, gateway, now, log, ...extra });
  }

  const enqueue = (n: ReturnType<typeof notifier>, round: number | string = 1) =>
    n.enqueue({ caseId: 'case-1', kind: 'ready', round, recipient: PHONE, body: BODY });

  beforeEach(async () => {
    t = tempDir('yct-notify-http-');
    cdb = await openClientDb(join(t.dir, 'yct.sqlite'), { synchronous: 'NORMAL' });
    store = createNotificationStore(cdb.db);
    clock = Date.parse('2026-03-02T01:00:00.000Z');
    lines.length = 0;
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await cdb.close();
    t.cleanup();
    // Whatever happened, the log never carried the applicant's number or the text.
    const text = lines.join('\n');
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain('企业开办');
    expect(text).not.toContain(TOKEN);
  });

  it('retries 5xx with growing back-off under one Idempotency-Key, then marks the message sent', async () => {
    const s = await server((n) => (n < 2 ? { status: 500 } : { status: 200, json: { id: 'gw-4711' } }));
    const sent: string[] = [];
    const n = notifier(s.url, { onSent: async (r) => void sent.push(r.id) });
    const { id } = await enqueue(n);

    expect(await n.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const r1 = (await store.get(id))!;
    expect(r1).toMatchObject({ status: 'pending', attempts: 1, lastError: '短信网关暂时不可用（HTTP 500），稍后自动重试' });
    const delay1 = Date.parse(r1.nextAttemptAt!) - clock;

    // Not due yet: nothing is sent.
    clock += delay1 - 1;
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(s.seen).toHaveLength(1);

    clock += 1;
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const r2 = (await store.get(id))!;
    const delay2 = Date.parse(r2.nextAttemptAt!) - clock;
    expect(delay1).toBe(30_000);
    expect(delay2).toBe(60_000);

    clock += delay2;
    expect(await n.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await store.get(id)).toMatchObject({ status: 'sent', attempts: 3, providerRef: 'gw-4711', sentAt: iso(clock), lastError: null });
    expect(sent).toEqual([id]);

    expect(s.seen).toHaveLength(3);
    for (const req of s.seen) {
      expect(req.key).toBe(id);
      expect(req.auth).toBe(`Bearer ${TOKEN}`);
      expect(req.contentType).toMatch(/^application\/json/);
      expect(req.body).toEqual({ messageId: id, phone: PHONE, text: BODY });
    }
    expect(lines.filter((l) => l.includes('"notification retry"')).map((l) => JSON.parse(l).error)).toEqual(['http_500', 'http_500']);
  });

  it('gives up after the last attempt, the back-off doubling up to its cap', async () => {
    const s = await server(() => ({ status: 503 }));
    const n = notifier(s.url, { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5_000 });
    const { id } = await enqueue(n);
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      expect(await n.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const next = Date.parse((await store.get(id))!.nextAttemptAt!);
      delays.push(next - clock);
      clock = next;
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 5_000]);
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await store.get(id)).toMatchObject({ status: 'failed', attempts: 5, nextAttemptAt: null });
    clock += 3_600_000;
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(s.seen).toHaveLength(5);
  });

  it('a 400 fails at once and is not retried until the clerk presses 重发', async () => {
    const s = await server((n) => (n === 0 ? { status: 400, json: { error: `bad phone ${PHONE}` } } : { status: 202 }));
    const n = notifier(s.url);
    const { id } = await enqueue(n);
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const failed = (await store.get(id))!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toMatch(/^短信网关拒绝了这条短信（HTTP 400）/);
    expect(failed.lastError).not.toContain(PHONE);
    clock += 24 * 3_600_000;
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(s.seen).toHaveLength(1);

    expect(await store.retryFailed(id)).toBe(true);
    expect(await n.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    // 202 without a body: the message id is the reference.
    expect(await store.get(id)).toMatchObject({ status: 'sent', providerRef: id });
    expect(s.seen.map((r) => r.key)).toEqual([id, id]);
  });

  it('classifies every status: 401/404/422 permanent; 408, 429 and 502 transient; 429 honours Retry-After', async () => {
    const send = async (reply: Reply) => {
      const s = await server(() => reply);
      const gw = createHttpGateway({ url: s.url, token: null, timeoutMs: 2_000 });
      const err = await gw.send({ id: 'm1', recipient: PHONE, body: BODY }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GatewayError);
      expect(s.seen[0]!.auth).toBeUndefined();
      return err as GatewayError;
    };
    for (const status of [401, 404, 422]) {
      const e = await send({ status });
      expect([e.permanent, e.code]).toEqual([true, `http_${status}`]);
    }
    for (const status of [408, 429, 502]) {
      const e = await send({ status });
      expect([e.permanent, e.code]).toEqual([false, `http_${status}`]);
    }
    expect((await send({ status: 401 })).message).toContain('令牌');

    const s = await server((k) => (k === 0 ? { status: 429, headers: { 'retry-after': '120' } } : { status: 200, json: { id: 7 } }));
    const n = notifier(s.url);
    const { id } = await enqueue(n);
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(Date.parse((await store.get(id))!.nextAttemptAt!) - clock).toBe(120_000);
    clock += 120_000;
    expect(await n.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await store.get(id))!.providerRef).toBe('7');
  });

  it('a gateway that hangs times out and the message is retried', async () => {
    const s = await server((n) => (n === 0 ? 'hang' : { status: 200, json: {} }));
    const n = notifier(s.url, { timeoutMs: 300 });
    const { id } = await enqueue(n);
    const started = Date.now();
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await store.get(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: '短信网关响应超时，稍后自动重试' });
    expect(lines.some((l) => l.includes('"notification retry"') && l.includes('"error":"timeout"'))).toBe(true);
    clock += 30_000;
    expect(await n.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(s.seen.map((r) => r.key)).toEqual([id, id]);
  });

  it('a gateway that is down is a transient network error', async () => {
    const s = await smsServer(() => ({ status: 200 }));
    await s.close(); // nothing listens on that port now
    const n = notifier(s.url);
    const { id } = await enqueue(n);
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await store.get(id)).toMatchObject({ status: 'pending', lastError: '无法连接短信网关，稍后自动重试' });
    expect(lines.some((l) => /"error":"network(:[A-Z_]+)?"/.test(l))).toBe(true);
  });

  it('sends at most once: a repeated enqueue and a concurrent runOnce pair make one request', async () => {
    const s = await server(() => ({ status: 200, json: { id: 'gw-1' } }));
    const n = notifier(s.url);
    const a = await enqueue(n, 1);
    const b = await enqueue(n, 1);
    expect(b).toEqual({ id: a.id, queued: false });
    const [r1, r2] = await Promise.all([n.runOnce(), n.runOnce()]);
    expect(r1).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(r2).toEqual(r1);
    expect(await n.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(s.seen).toHaveLength(1);

    // A new round is a new message.
    const c = await enqueue(n, 2);
    expect(c.queued).toBe(true);
    expect(c.id).not.toBe(a.id);
    await n.runOnce();
    expect(s.seen.map((r) => r.key)).toEqual([a.id, c.id]);
  });

  it('after a crash mid-send the resend carries the same Idempotency-Key', async () => {
    const s = await server((n) => (n === 0 ? 'hang' : { status: 200, json: { id: 'gw-after-crash' } }));
    // The first process claims the message and dies while the gateway holds the request.
    const crashed = notifier(s.url, { timeoutMs: 60_000 });
    const { id } = await enqueue(crashed);
    const lost = crashed.runOnce();
    await until(() => s.seen.length === 1);
    expect((await store.get(id))!.status).toBe('sending');

    // The next start recovers the row and sends it again under its id.
    clock += 10_000;
    const restarted = notifier(s.url);
    expect(await restarted.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(s.seen.map((r) => r.key)).toEqual([id, id]);
    expect(s.seen[1]!.body).toEqual(s.seen[0]!.body);
    expect(await store.get(id)).toMatchObject({ status: 'sent', providerRef: 'gw-after-crash' });
    expect(lines.some((l) => l.includes('"notifications recovered"') && l.includes('"count":1'))).toBe(true);

    // The dead process's request finally errors: it no longer owns the row and changes nothing.
    s.dropConnections();
    expect(await lost).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await store.get(id)).toMatchObject({ status: 'sent', providerRef: 'gw-after-crash' });
  });

  it('the settings gateway follows the driver setting on every send', async () => {
    const s = await server(() => ({ status: 200, json: { id: 'via-http' } }));
    let settings: NotificationSettings = notificationSettingsSchema.parse({});
    const n = createNotifier({ store, gateway: createSettingsGateway({ settings: () => settings, store, now }), now, log });
    const first = await enqueue(n, 1);
    await n.runOnce();
    expect((await store.get(first.id))!.providerRef).toBe(`outbox:${first.id}`);
    expect(s.seen).toHaveLength(0);

    settings = notificationSettingsSchema.parse({ driver: 'http', url: s.url, token: TOKEN, timeoutMs: 2_000 });
    const second = await enqueue(n, 2);
    await n.runOnce();
    expect((await store.get(second.id))!.providerRef).toBe('via-http');
    expect(s.seen.map((r) => [r.key, r.auth])).toEqual([[second.id, `Bearer ${TOKEN}`]]);
    expect((await store.outboxList()).map((o) => o.messageId)).toEqual([first.id]);
  });
});
