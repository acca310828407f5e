import type { Kysely } from 'kysely';
import type { ClientDatabase } from '../schema.js';

// Read side of 帮办代办 and 上门服务: a case's records (today's counts are the board store's).

export interface AssistRow {
  id: string;
  caseId: string;
  kind: 'assist' | 'intake' | 'delivery';
  mode: 'help' | 'proxy' | null;
  detail: unknown;
  actorId: string | null;
  createdAt: string;
}

export function createAssistStore(db: Kysely<ClientDatabase>) {
  return {
    async ofCase(caseId: string): Promise<AssistRow[]> {
      const rows = await db.selectFrom('case_assists').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      return rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        kind: r.kind as AssistRow['kind'],
        mode: r.mode as AssistRow['mode'],
        detail: JSON.parse(r.detail) as unknown,
        actorId: r.actor_id,
        createdAt: r.created_at,
      }));
    },
  };
}

export type AssistStore = ReturnType<typeof createAssistStore>;
