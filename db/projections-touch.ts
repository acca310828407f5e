import type { Kysely, Transaction } from 'kysely';
import { ARCHIVE_FINAL_STATES } from '../shared/archive.js';
import type { CaseState } from '../shared/case-machine.js';
import type { StoredEvent } from '../shared/events.js';
import type { ClientDatabase } from './schema.js';

type Tx = Transaction<ClientDatabase> | Kysely<ClientDatabase>;

/**
 * After a record beside the case (帮办代办, 材料流转, 重复办件 decision): it changes nothing the counter
 * decides on, so the case keeps its version and a clerk working on it meanwhile is not refused. A
 * finished case takes the new version: its archive package is redone with the record in it.
 */
export async function touchCase(tx: Tx, event: StoredEvent, current: CaseState): Promise<void> {
  const final = (ARCHIVE_FINAL_STATES as readonly string[]).includes(current);
  await tx
    .updateTable('cases')
    .set(final ? { updated_at: event.createdAt, last_event_seq: event.seq } : { updated_at: event.createdAt })
    .where('id', '=', event.caseId!)
    .execute();
}
