import type { NotificationRecord, NotificationStore } from '../../../db/stores/notifications.js';
import { AppError } from '../../../shared/errors.js';
import { checkSmsBody, MOBILE_RE, NOTIFICATION_KINDS, type NotificationKind } from '../../../shared/notify.js';
import { GatewayError, type SmsGateway } from './gateway.js';
import { notificationId } from './id.js';

// Sends queued SMS notifications: each claimed once (guarded UPDATE), sent with its stable id,
// then marked sent, retried with exponential back-off, or failed for the clerk's 重发.
// A crash mid-send leaves the row 'sending'; the first cycle of the next start sends it again
// with the same id, which the gateway dedupes. Logs carry ids, kinds, counts and error classes only.

type LogFields = Record<string, string | number | boolean | null>;

/** The host log (electron/host/log.ts) fits this. */
export interface NotifyLog {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
}

export interface NotifierOptions {
  store: NotificationStore;
  gateway: SmsGateway;
  now: () => number;
  log: NotifyLog;
  /** After a message went out (e.g. record 已通知 on the case). A failure here is logged, never resent. */
  onSent?: (row: NotificationRecord) => Promise<void>;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Rows claimed per batch. */
  batchSize?: number;
}

export interface EnqueueInput {
  caseId: string;
  kind: NotificationKind;
  /** Distinguishes deliberate repeats (a second result ready, a reminder after a new visit). */
  round: number | string;
  recipient: string;
  body: string;
}

export interface RunResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface Notifier {
  /** `queued: false` when this case/kind/round was queued before: nothing new is sent. */
  enqueue(input: EnqueueInput): Promise<{ id: string; queued: boolean }>;
  /** One cycle over the due messages; a call while one runs joins it. */
  runOnce(): Promise<RunResult>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  /** Runs a cycle now if started (new message queued, 重发 pressed). */
  kick(): void;
}

export const PHONE_REFUSED = '手机号码格式不正确，无法发送短信通知：请核对申请人的手机号码';
const UNEXPECTED = '发送短信时发生未预期的错误，稍后自动重试';

/** Delay before the next try after `attempts` failed ones: base · 2^(attempts−1), capped. */
export function backoffMs(attempts: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}

const errorClass = (err: unknown) => (err instanceof GatewayError ? err.code : err instanceof Error ? err.name : 'unknown');

export function createNotifier(opts: NotifierOptions): Notifier {
  const { store, gateway, log } = opts;
  const maxAttempts = opts.maxAttempts ?? 6;
  const baseDelayMs = opts.baseDelayMs ?? 30_000;
  const maxDelayMs = opts.maxDelayMs ?? 30 * 60_000;
  const batchSize = opts.batchSize ?? 20;
  const iso = (ms: number) => new Date(ms).toISOString();

  let running: Promise<RunResult> | null = null;
  let recovered = false;
  let started = false;
  let interval = 15_000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let kicked = false;

  async function sendOne(row: NotificationRecord, result: RunResult): Promise<void> {
    const attempt = row.attempts + 1;
    let providerRef: string;
    try {
      ({ providerRef } = await gateway.send({ id: row.id, recipient: row.recipient, body: row.body }));
    } catch (err) {
      const permanent = err instanceof GatewayError && err.permanent;
      const message = err instanceof GatewayError ? err.message : UNEXPECTED;
      if (permanent || attempt >= maxAttempts) {
        if (await store.markFailed(row.id, message)) {
          result.failed++;
          log.warn('notification failed', { id: row.id, kind: row.kind, attempt, error: errorClass(err), permanent });
        } else log.info('notification changed meanwhile', { id: row.id, kind: row.kind, error: errorClass(err) });
        return;
      }
      const asked = err instanceof GatewayError && err.retryAfterMs !== null ? Math.min(err.retryAfterMs, maxDelayMs) : 0;
      const delayMs = Math.max(backoffMs(attempt, baseDelayMs, maxDelayMs), asked);
      if (await store.markRetry(row.id, message, iso(opts.now() + delayMs))) {
        result.retried++;
        log.info('notification retry', { id: row.id, kind: row.kind, attempt, error: errorClass(err), delayMs });
      } else log.info('notification changed meanwhile', { id: row.id, kind: row.kind, error: errorClass(err) });
      return;
    }
    // A store failure from here on leaves the row 'sending': the next start resends it under the same id.
    const at = iso(opts.now());
    if (!(await store.markSent(row.id, providerRef, at))) {
      log.info('notification already sent', { id: row.id, kind: row.kind });
      return;
    }
    result.sent++;
    log.info('notification sent', { id: row.id, kind: row.kind, attempt });
    if (!opts.onSent) return;
    try {
      await opts.onSent({ ...row, status: 'sent', attempts: attempt, providerRef, sentAt: at, lastError: null, nextAttemptAt: null });
    } catch (err) {
      log.warn('notification onSent failed', { id: row.id, kind: row.kind, error: errorClass(err) });
    }
  }

  async function cycle(): Promise<RunResult> {
    const result: RunResult = { sent: 0, retried: 0, failed: 0 };
    if (!recovered) {
      // Rows left 'sending' by a previous run of this device: resent with their ids.
      const n = await store.recoverSending();
      recovered = true;
      if (n > 0) log.info('notifications recovered', { count: n });
    }
    for (;;) {
      const rows = await store.claimDue(iso(opts.now()), batchSize);
      for (const row of rows) await sendOne(row, result);
      if (rows.length < batchSize) break;
    }
    return result;
  }

  function runOnce(): Promise<RunResult> {
    running ??= cycle().finally(() => {
      running = null;
      if (kicked) {
        kicked = false;
        schedule(0);
      }
    });
    return running;
  }

  function schedule(delayMs: number): void {
    if (!started) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref?.();
  }

  function tick(): void {
    timer = null;
    if (!running) kicked = false;
    runOnce()
      .catch((err: unknown) => log.warn('notify cycle failed', { error: errorClass(err) }))
      .finally(() => {
        if (!timer) schedule(interval);
      });
  }

  function kick(): void {
    if (!started) return;
    // A cycle under way may have claimed before the new row existed: run again right after it.
    if (running) kicked = true;
    else schedule(0);
  }

  return {
    async enqueue(input) {
      if (!(NOTIFICATION_KINDS as readonly string[]).includes(input.kind)) {
        throw new AppError('INVALID_INPUT', '通知类型无效：请刷新页面后重试', { kind: String(input.kind).slice(0, 40) });
      }
      const recipient = input.recipient.replace(/[\s-]/g, '');
      if (!MOBILE_RE.test(recipient)) throw new AppError('INVALID_INPUT', PHONE_REFUSED);
      checkSmsBody(input.body);
      const id = notificationId(input.caseId, input.kind, input.round);
      const queued = await store.enqueue({ id, caseId: input.caseId, kind: input.kind, recipient, body: input.body, createdAt: iso(opts.now()) });
      log.info(queued ? 'notification queued' : 'notification already queued', { id, kind: input.kind });
      if (queued) kick();
      return { id, queued };
    },
    runOnce,
    start(intervalMs = 15_000) {
      interval = intervalMs;
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      kicked = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
    kick,
  };
}
