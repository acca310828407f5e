import type { Kysely, Selectable } from 'kysely';
import type { EscalationCategory, EscalationOutcome, EscalationStaff, EscalationState, FeedbackValue, TriedPlace } from '../../shared/escalation.js';
import type { ClientDatabase, EscalationsTable } from '../schema.js';

// Read side of 办不成事 records (the board's figures are the board store's).

export interface EscalationRecord {
  id: string;
  number: string;
  hallCode: string;
  state: EscalationState;
  applicantName: string;
  applicantPhone: string;
  applicantIdNumber: string | null;
  problem: string;
  triedWhere: TriedPlace[];
  category: EscalationCategory | null;
  staff: EscalationStaff[];
  departments: string[];
  deadline: string | null;
  outcome: EscalationOutcome | null;
  outcomeDetail: string | null;
  resolvedOn: string | null;
  resolvedAt: string | null;
  feedback: FeedbackValue | null;
  feedbackComment: string | null;
  openedBy: string | null;
  openedAt: string;
  updatedAt: string;
  lastEventSeq: number;
}

export interface EscalationStepRecord {
  id: string;
  /** The event type without 'escalation.'. */
  kind: string;
  detail: unknown;
  actorId: string | null;
  createdAt: string;
}

export interface EscalationQuery {
  states?: readonly EscalationState[];
  /** Only records whose deadline is before this date (with `states`: the overdue ones). */
  deadlineBefore?: string;
  limit: number;
}

function toRecord(r: Selectable<EscalationsTable>): EscalationRecord {
  return {
    id: r.id,
    number: r.number,
    hallCode: r.hall_code,
    state: r.state as EscalationState,
    applicantName: r.applicant_name,
    applicantPhone: r.applicant_phone,
    applicantIdNumber: r.applicant_id_number,
    problem: r.problem,
    triedWhere: JSON.parse(r.tried_where) as TriedPlace[],
    category: r.category as EscalationCategory | null,
    staff: JSON.parse(r.staff) as EscalationStaff[],
    departments: JSON.parse(r.departments) as string[],
    deadline: r.deadline,
    outcome: r.outcome as EscalationOutcome | null,
    outcomeDetail: r.outcome_detail,
    resolvedOn: r.resolved_on,
    resolvedAt: r.resolved_at,
    feedback: r.feedback as FeedbackValue | null,
    feedbackComment: r.feedback_comment,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    lastEventSeq: r.last_event_seq,
  };
}

export function createEscalationStore(db: Kysely<ClientDatabase>) {
  return {
    async get(id: string): Promise<EscalationRecord | null> {
      const r = await db.selectFrom('escalations').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toRecord(r) : null;
    },

    async byNumber(number: string): Promise<EscalationRecord | null> {
      const r = await db.selectFrom('escalations').selectAll().where('number', '=', number).executeTakeFirst();
      return r ? toRecord(r) : null;
    },

    /** Most recently changed first; the overdue ones (deadlineBefore) earliest deadline first. */
    async list(q: EscalationQuery): Promise<EscalationRecord[]> {
      let b = db.selectFrom('escalations').selectAll();
      if (q.states) b = b.where('state', 'in', [...q.states]);
      if (q.deadlineBefore !== undefined) b = b.where('deadline', '<', q.deadlineBefore).orderBy('deadline').orderBy('id');
      else b = b.orderBy('updated_at', 'desc').orderBy('id', 'desc');
      return (await b.limit(q.limit).execute()).map(toRecord);
    },

    /** The timeline, oldest first. */
    async steps(id: string): Promise<EscalationStepRecord[]> {
      const rows = await db.selectFrom('escalation_steps').selectAll().where('escalation_id', '=', id).orderBy('seq').execute();
      return rows.map((r) => ({ id: r.id, kind: r.kind, detail: JSON.parse(r.detail) as unknown, actorId: r.actor_id, createdAt: r.created_at }));
    },

    /** Raw rows of both tables, for tests that compare a rebuild with the live projection. */
    async snapshot(): Promise<{ escalations: unknown[]; steps: unknown[] }> {
      return {
        escalations: await db.selectFrom('escalations').selectAll().orderBy('id').execute(),
        steps: await db.selectFrom('escalation_steps').selectAll().orderBy('id').execute(),
      };
    },
  };
}

export type EscalationStore = ReturnType<typeof createEscalationStore>;
