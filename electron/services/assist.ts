import type { AssistRow, CaseRecord } from '../../db/index.js';
import type { CaseAssists } from '../../shared/api/assist.js';
import type { MethodParsedInput } from '../../shared/api/contract.js';
import { assistProblems, assistView, homeView, homeVisitProblem, type AssistInput, type HomeVisit } from '../../shared/assist.js';
import type { CaseState } from '../../shared/case-machine.js';
import { AppError } from '../../shared/errors.js';
import { PRIORITY_REASONS, type PriorityReason } from '../../shared/intake.js';
import type { Deps } from './auth.js';
import type { CalendarService } from './calendar.js';
import type { CaseLocks } from './case-locks.js';

// 帮办代办 · 上门服务: help-desk staff or the clerk record what they did for an applicant who needs
// help, with the authorisation and the applicant's or guardian's confirmation; a case taken in at
// home is marked so. Each record is one event; the case_assists projection lists them.

interface Clerk {
  id: string;
  name: string;
}

export interface AssistDeps extends Deps {
  calendar: Pick<CalendarService, 'today'>;
  withCaseLock: CaseLocks;
  hasBlob(sha256: string): Promise<boolean>;
}

export function createAssistService(deps: AssistDeps) {
  const { store, calendar } = deps;

  async function loadCase(caseId: string): Promise<CaseRecord> {
    const rec = await store.cases.get(caseId);
    if (!rec) throw new AppError('NOT_FOUND', '找不到该办件，请核对办件编号后重试。', { caseId });
    return rec;
  }

  async function requireBlobs(shas: readonly string[], what: string): Promise<void> {
    for (const sha of shas) {
      if (!(await deps.hasBlob(sha))) throw new AppError('INVALID_INPUT', `${what}没有保存成功，请重新扫描或签名后再记录。`, { sha });
    }
  }

  async function view(rec: CaseRecord): Promise<CaseAssists> {
    const rows = await store.assists.ofCase(rec.id);
    const names = new Map<string, string>();
    const nameOf = async (id: string | null) => {
      if (!id) return '—';
      if (!names.has(id)) names.set(id, (await store.clerks.byId(id))?.name ?? '其他设备的工作人员');
      return names.get(id)!;
    };
    const records = [];
    for (const r of rows) records.push(toView(r, await nameOf(r.actorId)));
    const priority = rec.priority === null ? null : (PRIORITY_REASONS as readonly string[]).includes(rec.priority) ? (rec.priority as PriorityReason) : 'other';
    return { caseId: rec.id, caseNumber: rec.caseNumber, state: rec.state as CaseState, priority, records, homeIntake: rows.some((r) => r.kind === 'intake') };
  }

  return {
    async list(caseId: string): Promise<CaseAssists> {
      return view(await loadCase(caseId));
    },

    record(clerk: Clerk, input: MethodParsedInput<'assist.record'>): Promise<CaseAssists> {
      return deps.withCaseLock(input.caseId, async () => {
        const rec = await loadCase(input.caseId);
        const r: AssistInput = input.record;
        // The schema checked the shape; the ID number is checked again against today's date.
        const problem = assistProblems(r, calendar.today())[0];
        if (problem) throw new AppError('INVALID_INPUT', problem.message, { field: problem.path });
        await requireBlobs(r.authorization.kind === 'letter' ? r.authorization.authorizationBlobs : [], '授权委托书扫描件');
        await requireBlobs([r.confirmation.confirmationBlob], r.confirmation.method === 'screen_signature' ? '确认签名' : '签字（手印）确认页扫描件');
        await store.events.append({ actorId: clerk.id }, [{ type: 'assist.recorded', caseId: rec.id, payload: r }]);
        return view(await loadCase(rec.id));
      });
    },

    homeIntake(clerk: Clerk, input: MethodParsedInput<'assist.homeIntake'>): Promise<CaseAssists> {
      return deps.withCaseLock(input.caseId, async () => {
        const rec = await loadCase(input.caseId);
        const v: HomeVisit = input.visit;
        const problem = homeVisitProblem(v, calendar.today());
        if (problem) throw new AppError('INVALID_INPUT', problem, { field: 'date' });
        if ((await store.assists.ofCase(rec.id)).some((x) => x.kind === 'intake')) {
          throw new AppError('CONFLICT', '该办件已登记过上门收件，无需重复登记。');
        }
        await store.events.append({ actorId: clerk.id }, [{ type: 'assist.home_intake', caseId: rec.id, payload: v }]);
        return view(await loadCase(rec.id));
      });
    },
  };
}

/** One line of a record, as the case screen shows it. */
export function assistRowSummary(r: AssistRow): string {
  return toView(r, '').summary;
}

function toView(r: AssistRow, recordedBy: string) {
  if (r.kind === 'assist') return assistView(r.id, r.createdAt, recordedBy, r.detail as AssistInput);
  return homeView(r.id, r.createdAt, recordedBy, r.kind, r.detail as HomeVisit);
}

export type AssistService = ReturnType<typeof createAssistService>;
