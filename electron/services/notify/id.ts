import { createHash } from 'node:crypto';
import type { NotificationKind } from '../../../shared/notify.js';

/** One id per case, kind and round: enqueuing the same notification twice yields one message. */
export function notificationId(caseId: string, kind: NotificationKind, round: number | string): string {
  return createHash('sha256').update(`${caseId}|${kind}|${round}`, 'utf8').digest('hex').slice(0, 32);
}
