import type { NotificationStore } from '../../../db/stores/notifications.js';
import type { SmsGateway } from './gateway.js';

// The stand-in provider for halls without an SMS contract (and for tests): "sending" writes the
// message into sms_outbox, once per message id, as a real gateway deduping by id would.

export function createOutboxGateway(store: Pick<NotificationStore, 'outboxInsert'>, now: () => number): SmsGateway {
  return {
    async send(msg) {
      await store.outboxInsert({ messageId: msg.id, recipient: msg.recipient, body: msg.body, acceptedAt: new Date(now()).toISOString() });
      return { providerRef: `outbox:${msg.id}` };
    },
  };
}
