import type { EscalationRecord } from '../../db/index.js';
import type { MethodParsedInput } from '../../shared/api/contract.js';
import type { EscalationDetail, EscalationFilter, EscalationList } from '../../shared/api/escalation.js';
import { AppError } from '../../shared/errors.js';
import {
  deadlineProblem,
  ESCALATION_ACTIVE_STATES,
  ESCALATION_DEFAULT_WORKDAYS,
  ESCALATION_NUMBER_PREFIX,
  ESCALATION_OUTCOME_LABELS,
  FEEDBACK_LABELS,
  isEscalationOverdue,
  maskedId,
  nextEscalationState,
  openProblems,
  problemExcerpt,
  type EscalationAssignment,
  type EscalationEventType,
  type EscalationState,
  type TriedPlace,
} from '../../shared/escalation.js';
import type { EventPayload, NewEvent } from '../../shared/events.js';
import { newId } from '../../shared/ids.js';
import { deviceTag, formatCaseNumber } from '../../shared/intake.js';
import type { Role } from '../../shared/roles.js';
import { installationOf, type Deps } from './auth.js';
import { chinaDate, type CalendarService } from './calendar.js';
import type { CaseLocks } from './case-locks.js';
import type { CatalogService } from './catalog.js';

// 办不成事 反映窗口: requests the applicant could not get handled elsewhere. Opened at the counter
// (usually with its staff, coordinating departments and deadline at once), followed with notes,
// resolved by the supervisor or an assigned staff member, closed with the applicant's feedback.
// Every step is one event; the escalations projection lists them and feeds the board.

interface Clerk {
  id: string;
  name: string;
  roles: readonly Role[];
}

export interface EscalationDeps extends Deps {
  calendar: Pick<CalendarService, 'today' | 'addWorkdays' | 'warning'>;
  catalog: Pick<CatalogService, 'indexOf'>;
  withCaseLock: CaseLocks;
}

const LIST_LIMIT = 200;

export function createEscalationService(deps: EscalationDeps) {
  const { store, calendar } = deps;

  async function load(id: string): Promise<EscalationRecord> {
    const rec = await store.escalations.get(id);
    if (!rec) throw new AppError('NOT_FOUND', '找不到该办不成事记录，请返回列表刷新后重试。', { id });
    return rec;
  }

  async function departmentNames(): Promise<Map<string, string>> {
    const { ix } = await deps.catalog.indexOf();
    return new Map(ix.catalog.departments.map((d) => [d.id, d.name]));
  }

  const isSupervisor = (c: Clerk) => c.roles.includes('supervisor');
  const isStaff = (c: Clerk, r: EscalationRecord) => r.staff.some((s) => s.clerkId === c.id);

  /** What the clerk may do on the record now: its state by the table, then who they are. */
  function allowed(c: Clerk, r: EscalationRecord): EscalationDetail['allowed'] {
    const can = (type: EscalationEventType) => nextEscalationState(r.state, type).ok;
    return {
      assign: can('escalation.assigned') && (isSupervisor(c) || isStaff(c, r) || (r.staff.length === 0 && r.openedBy === c.id)),
      progress: can('escalation.progressed'),
      resolve: can('escalation.resolved') && (isSupervisor(c) || isStaff(c, r)),
      feedback: can('escalation.feedback'),
      reopen: can('escalation.reopened') && isSupervisor(c) && r.feedback === 'unsatisfied',
    };
  }

  function refuseState(r: EscalationRecord, type: EscalationEventType): void {
    const step = nextEscalationState(r.state, type);
    if (!step.ok) throw new AppError('INVALID_TRANSITION', step.message, { state: r.state });
  }

  async function detail(c: Clerk, r: EscalationRecord): Promise<EscalationDetail> {
    const today = calendar.today();
    const depts = await departmentNames();
    const names = new Map<string, string>();
    const nameOf = async (id: string | null) => {
      if (!id) return '—';
      if (!names.has(id)) names.set(id, (await store.clerks.byId(id))?.name ?? '其他设备的工作人员');
      return names.get(id)!;
    };
    const deptName = (id: string) => depts.get(id) ?? id;
    const timeline: EscalationDetail['timeline'] = [];
    for (const s of await store.escalations.steps(r.id)) {
      timeline.push({ id: s.id, kind: s.kind as EscalationDetail['timeline'][number]['kind'], at: s.createdAt, by: await nameOf(s.actorId), summary: stepSummary(s.kind, s.detail, deptName) });
    }
    return {
      id: r.id,
      number: r.number,
      state: r.state,
      applicant: { name: r.applicantName, phone: r.applicantPhone, idNumberMasked: maskedId(r.applicantIdNumber) },
      problem: r.problem,
      triedWhere: r.triedWhere,
      category: r.category,
      staff: r.staff,
      departments: r.departments.map((id) => ({ id, name: deptName(id) })),
      deadline: r.deadline,
      overdue: isEscalationOverdue(r.state, r.deadline, today),
      outcome: r.outcome,
      outcomeDetail: r.outcomeDetail,
      resolvedOn: r.resolvedOn,
      feedback: r.feedback,
      feedbackComment: r.feedbackComment,
      openedAt: r.openedAt,
      openedBy: await nameOf(r.openedBy),
      timeline,
      allowed: allowed(c, r),
      today,
    };
  }

  /** Staff and departments checked against the catalog; the deadline against today (an unchanged one may stay). */
  async function checkAssignment(a: EscalationAssignment, keep: string | null): Promise<EscalationAssignment> {
    if (a.deadline !== keep) {
      const problem = deadlineProblem(a.deadline, calendar.today());
      if (problem) throw new AppError('INVALID_INPUT', problem, { field: 'assignment.deadline' });
    }
    const depts = await departmentNames();
    const departments = [...new Set(a.departments)];
    const unknown = departments.find((d) => !depts.has(d));
    if (unknown) throw new AppError('INVALID_INPUT', `协调部门“${unknown}”不在事项库的部门中，请从列表中选择。`, { field: 'assignment.departments' });
    return { ...a, departments };
  }

  /** Runs one step on a record under its lock: state check, then the clerk's right, then the event. */
  function act<T extends EscalationEventType>(
    c: Clerk,
    id: string,
    type: T,
    build: (r: EscalationRecord) => Promise<EventPayload<T>> | EventPayload<T>,
    right?: (a: EscalationDetail['allowed']) => boolean,
    forbidden?: string,
  ): Promise<EscalationDetail> {
    return deps.withCaseLock(id, async () => {
      const r = await load(id);
      refuseState(r, type);
      if (right && !right(allowed(c, r))) throw new AppError('FORBIDDEN', forbidden ?? '您无权执行此操作。');
      const payload = await build(r);
      await store.events.append({ actorId: c.id }, [{ type, caseId: id, payload } as NewEvent]);
      return detail(c, await load(id));
    });
  }

  return {
    async defaults() {
      const today = calendar.today();
      const sum = calendar.addWorkdays(today, ESCALATION_DEFAULT_WORKDAYS);
      const clerks = (await store.clerks.list()).filter((k) => !k.disabled && k.roles.some((r) => r !== 'admin')).map((k) => ({ id: k.id, name: k.name }));
      return { today, defaultDeadline: sum.date, workdays: ESCALATION_DEFAULT_WORKDAYS, calendarWarning: calendar.warning(sum.uncoveredYears), clerks };
    },

    async list(filter: EscalationFilter | undefined): Promise<EscalationList> {
      const today = calendar.today();
      const q =
        filter === 'overdue'
          ? { states: ESCALATION_ACTIVE_STATES, deadlineBefore: today }
          : filter
            ? { states: [filter] as EscalationState[] }
            : {};
      const recs = await store.escalations.list({ ...q, limit: LIST_LIMIT + 1 });
      return {
        today,
        truncated: recs.length > LIST_LIMIT,
        rows: recs.slice(0, LIST_LIMIT).map((r) => ({
          id: r.id,
          number: r.number,
          state: r.state,
          applicantName: r.applicantName,
          idNumberMasked: maskedId(r.applicantIdNumber),
          problem: problemExcerpt(r.problem, 60),
          leadStaff: r.staff[0]?.name ?? null,
          deadline: r.deadline,
          overdue: isEscalationOverdue(r.state, r.deadline, today),
          openedAt: r.openedAt,
        })),
      };
    },

    async get(c: Clerk, id: string): Promise<EscalationDetail> {
      return detail(c, await load(id));
    },

    async open(c: Clerk, input: MethodParsedInput<'escalation.open'>): Promise<EscalationDetail> {
      const today = calendar.today();
      // The schema checked the shape; the ID number and the dates are checked against today.
      const problem = openProblems(input, today)[0];
      if (problem) throw new AppError('INVALID_INPUT', problem.message, { field: problem.path });
      const assignment = input.assignment ? await checkAssignment(input.assignment, null) : null;
      const inst = installationOf(deps.settings);
      const seq = await store.cases.nextSequence(`escalation:${today}`);
      const number = `${ESCALATION_NUMBER_PREFIX}-${formatCaseNumber(inst.hallCode, today, deviceTag(inst.deviceId), seq)}`;
      const id = newId();
      const triedWhere: TriedPlace[] = input.triedWhere;
      const events: NewEvent[] = [
        {
          type: 'escalation.opened',
          caseId: id,
          payload: { number, hallCode: inst.hallCode, applicant: input.applicant, problem: input.problem, triedWhere, category: input.category },
        },
      ];
      if (assignment) events.push({ type: 'escalation.assigned', caseId: id, payload: assignment });
      await store.events.append({ actorId: c.id }, events);
      return detail(c, await load(id));
    },

    assign(c: Clerk, input: MethodParsedInput<'escalation.assign'>): Promise<EscalationDetail> {
      return act(c, input.id, 'escalation.assigned', (r) => checkAssignment(input.assignment, r.deadline), (a) => a.assign, '只有值班长或本记录的承办人可以分派或调整承办人、协调部门和办理时限。');
    },

    progress(c: Clerk, input: MethodParsedInput<'escalation.progress'>): Promise<EscalationDetail> {
      return act(c, input.id, 'escalation.progressed', () => ({ note: input.note }));
    },

    resolve(c: Clerk, input: MethodParsedInput<'escalation.resolve'>): Promise<EscalationDetail> {
      return act(
        c,
        input.id,
        'escalation.resolved',
        (r) => {
          const on = input.resolution.resolvedOn;
          const opened = chinaDate(Date.parse(r.openedAt));
          if (on > calendar.today()) throw new AppError('INVALID_INPUT', `办结日期 ${on} 晚于今天，请核对。`, { field: 'resolution.resolvedOn' });
          if (on < opened) throw new AppError('INVALID_INPUT', `办结日期 ${on} 早于登记日期 ${opened}，请核对。`, { field: 'resolution.resolvedOn' });
          return input.resolution;
        },
        (a) => a.resolve,
        '只有值班长或本记录的承办人可以登记办理结果；请联系承办人或值班长。',
      );
    },

    feedback(c: Clerk, input: MethodParsedInput<'escalation.feedback'>): Promise<EscalationDetail> {
      return act(c, input.id, 'escalation.feedback', () => {
        if (input.feedback.satisfied === 'unsatisfied' && !input.feedback.comment) {
          throw new AppError('INVALID_INPUT', '申请人不满意的，请记录其意见，以便值班长决定是否重新办理。', { field: 'feedback.comment' });
        }
        return input.feedback;
      });
    },

    reopen(c: Clerk, input: MethodParsedInput<'escalation.reopen'>): Promise<EscalationDetail> {
      return act(
        c,
        input.id,
        'escalation.reopened',
        (r) => {
          if (!isSupervisor(c)) throw new AppError('FORBIDDEN', '只有值班长可以决定重新办理。');
          if (r.feedback !== 'unsatisfied') throw new AppError('INVALID_TRANSITION', '申请人对办理结果满意或基本满意，无需重新办理。');
          const problem = deadlineProblem(input.reopen.deadline, calendar.today());
          if (problem) throw new AppError('INVALID_INPUT', problem, { field: 'reopen.deadline' });
          return input.reopen;
        },
      );
    },
  };
}

/** One Chinese line for a step of the timeline. */
function stepSummary(kind: string, d: unknown, deptName: (id: string) => string): string {
  switch (kind) {
    case 'opened': {
      const p = d as EventPayload<'escalation.opened'>;
      return `登记 ${p.number}：已去过 ${p.triedWhere.map((t) => t.place).join('、')}`;
    }
    case 'assigned': {
      const p = d as EventPayload<'escalation.assigned'>;
      const staff = p.staff.map((s, i) => (i === 0 ? `${s.name}（牵头）` : s.name)).join('、');
      const depts = p.departments.length ? `；协调部门：${p.departments.map(deptName).join('、')}` : '';
      return `承办人：${staff}${depts}；办理时限 ${p.deadline}`;
    }
    case 'progressed':
      return (d as EventPayload<'escalation.progressed'>).note;
    case 'resolved': {
      const p = d as EventPayload<'escalation.resolved'>;
      return `${ESCALATION_OUTCOME_LABELS[p.outcome]}（${p.resolvedOn}）：${p.detail}`;
    }
    case 'feedback': {
      const p = d as EventPayload<'escalation.feedback'>;
      return `申请人评价：${FEEDBACK_LABELS[p.satisfied]}${p.comment ? `。${p.comment}` : ''}`;
    }
    case 'reopened': {
      const p = d as EventPayload<'escalation.reopened'>;
      return `重新办理：${p.reason}；新的办理时限 ${p.deadline}`;
    }
    default:
      return kind;
  }
}

export type EscalationService = ReturnType<typeof createEscalationService>;
