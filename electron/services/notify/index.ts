import type { NotificationRecord, NotificationStore } from '../../../db/stores/notifications.js';
import { AppError } from '../../../shared/errors.js';
import { renderNotification, type NotificationKind, type NotificationSettings, type TemplateVars } from '../../../shared/notify.js';
import type { SettingsStore } from '../../../shared/settings.js';
import type { SmsGateway } from './gateway.js';
import { createHttpGateway } from './http.js';
import { createNotifier, type Notifier, type NotifierOptions } from './notifier.js';
import { createOutboxGateway } from './outbox.js';

export { GatewayError, type SmsGateway, type SmsMessage } from './gateway.js';
export { createHttpGateway, type HttpGatewayConfig } from './http.js';
export { createOutboxGateway } from './outbox.js';
export { notificationId } from './id.js';
export { backoffMs, createNotifier, PHONE_REFUSED, type EnqueueInput, type Notifier, type NotifierOptions, type NotifyLog, type RunResult } from './notifier.js';

/** The driver the settings name, looked up on every send so a settings change applies at once. */
export function createSettingsGateway(opts: {
  settings: () => NotificationSettings;
  store: Pick<NotificationStore, 'outboxInsert'>;
  now: () => number;
}): SmsGateway {
  const outbox = createOutboxGateway(opts.store, opts.now);
  return {
    send(msg) {
      const s = opts.settings();
      return s.driver === 'http' ? createHttpGateway({ url: s.url, token: s.token, timeoutMs: s.timeoutMs }).send(msg) : outbox.send(msg);
    },
  };
}

export interface NotifyRequest {
  caseId: string;
  kind: NotificationKind;
  round: number | string;
  recipient: string;
  /** Template values; `hall` and `queryChannel` default to the installation's. */
  vars: TemplateVars;
}

export interface NotifyService {
  /** Renders the hall's template and queues the SMS; `queued: false` if it was queued before. */
  notify(req: NotifyRequest): Promise<{ id: string; queued: boolean }>;
  ofCase(caseId: string): Promise<NotificationRecord[]>;
  /** The clerk's 重发 for a failed message. */
  resend(id: string): Promise<void>;
  notifier: Notifier;
}

/** The host's notification service: settings-chosen gateway, notifier and templates in one. */
export function createNotifyService(
  opts: { store: NotificationStore; settings: SettingsStore } & Pick<NotifierOptions, 'now' | 'log' | 'onSent' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs'> & {
      gateway?: SmsGateway;
    },
): NotifyService {
  const gateway = opts.gateway ?? createSettingsGateway({ settings: () => opts.settings.read().notifications, store: opts.store, now: opts.now });
  const notifier = createNotifier({ ...opts, gateway });
  return {
    async notify(req) {
      const s = opts.settings.read();
      const body = renderNotification(req.kind, { hall: s.installation?.hallName, queryChannel: s.queryChannel, ...req.vars }, s.notifications);
      return notifier.enqueue({ caseId: req.caseId, kind: req.kind, round: req.round, recipient: req.recipient, body });
    },
    ofCase: (caseId) => opts.store.ofCase(caseId),
    async resend(id) {
      if (await opts.store.retryFailed(id)) {
        notifier.kick();
        return;
      }
      const row = await opts.store.get(id);
      if (!row) throw new AppError('NOT_FOUND', '找不到这条短信通知：请刷新页面后重试');
      if (row.status === 'sent') throw new AppError('CONFLICT', '这条短信已发送成功，无需重发');
      throw new AppError('CONFLICT', '这条短信正在发送或等待自动重试，无需重发：请稍后刷新查看结果');
    },
    notifier,
  };
}
