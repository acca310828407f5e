import { z } from 'zod';
import { checkIdNumber, maskIdNumber } from './validators.js';

// 帮办代办 and 上门服务: what help-desk staff or the clerk did for an applicant who needs help
// (帮办: with the applicant present; 代办: on the applicant's behalf, with an authorisation), who
// confirmed it, and cases taken in or handed over at the applicant's home. Pure: schemas, labels
// and the rules the host checks before it records an event.

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '文件标识格式错误');
const isoDate = z.string().date('日期应为 年-月-日');

export const ASSIST_MODES = ['help', 'proxy'] as const;
export type AssistMode = (typeof ASSIST_MODES)[number];
export const ASSIST_MODE_LABELS: Record<AssistMode, string> = { help: '帮办', proxy: '代办' };
export const ASSIST_MODE_HINTS: Record<AssistMode, string> = {
  help: '申请人在场，工作人员协助填表、读表、扫描、引导',
  proxy: '工作人员受申请人委托，代为办理',
};

export const ASSIST_ACTIONS = ['fill_form', 'read_aloud', 'scan', 'guide', 'sign_language', 'submit', 'fetch_materials', 'collect', 'other'] as const;
export type AssistAction = (typeof ASSIST_ACTIONS)[number];
export const ASSIST_ACTION_LABELS: Record<AssistAction, string> = {
  fill_form: '代填申请表',
  read_aloud: '读表、读告知内容',
  scan: '代为扫描、复印材料',
  guide: '引导办理',
  sign_language: '手语或文字沟通',
  submit: '代为提交申请',
  fetch_materials: '代为调取、核验材料',
  collect: '代为领取结果',
  other: '其他（见说明）',
};

export const CONFIRMERS = ['applicant', 'guardian'] as const;
export type Confirmer = (typeof CONFIRMERS)[number];
export const CONFIRMER_LABELS: Record<Confirmer, string> = { applicant: '申请人本人', guardian: '监护人' };

export const CONFIRM_METHODS = ['screen_signature', 'paper_signature', 'paper_fingerprint'] as const;
export type ConfirmMethod = (typeof CONFIRM_METHODS)[number];
export const CONFIRM_METHOD_LABELS: Record<ConfirmMethod, string> = {
  screen_signature: '在签字屏上签名',
  paper_signature: '纸质签字（已扫描）',
  paper_fingerprint: '纸质按手印（已扫描）',
};

export const AUTHORIZATION_KINDS = ['present', 'letter'] as const;
export type AuthorizationKind = (typeof AUTHORIZATION_KINDS)[number];
export const AUTHORIZATION_LABELS: Record<AuthorizationKind, string> = { present: '申请人在场', letter: '授权委托书' };

export const staffSchema = z.object({
  /** The clerk account when the staff member has one; help-desk volunteers may not. */
  clerkId: z.string().trim().max(64).nullable().default(null),
  name: z.string().trim().min(1, '请填写提供帮办代办的工作人员姓名').max(30, '工作人员姓名不能超过 30 个字'),
});
export type AssistStaff = z.infer<typeof staffSchema>;

export const authorizationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('present') }),
  /** 授权委托书 pages, scanned. */
  z.object({ kind: z.literal('letter'), authorizationBlobs: z.array(sha256).min(1, '请扫描或附加授权委托书').max(20) }),
]);
export type AssistAuthorization = z.infer<typeof authorizationSchema>;

export const confirmationSchema = z.object({
  by: z.enum(CONFIRMERS),
  name: z.string().trim().min(1, '请填写确认人姓名').max(50, '确认人姓名不能超过 50 个字'),
  /** Guardian only: full number on record; views mask it. */
  idNumber: z.string().trim().toUpperCase().max(18).nullable().default(null),
  /** Guardian only: relation to the applicant (父母、子女、配偶 …). */
  relation: z.string().trim().max(20).nullable().default(null),
  method: z.enum(CONFIRM_METHODS),
  /** The signature image, or the scanned paper with the signature or fingerprint. */
  confirmationBlob: sha256,
});
export type AssistConfirmation = z.infer<typeof confirmationSchema>;

const assistBase = z.object({
  mode: z.enum(ASSIST_MODES),
  staff: staffSchema,
  actions: z.array(z.enum(ASSIST_ACTIONS)).min(1, '请至少选择一项帮办代办内容').max(ASSIST_ACTIONS.length),
  note: z.string().trim().max(500, '说明不能超过 500 个字').nullable().default(null),
  authorization: authorizationSchema,
  confirmation: confirmationSchema,
});

/** Problems of an assistance record, each with the field and a Chinese message that says how to go on. */
export function assistProblems(r: z.infer<typeof assistBase>, today?: string): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  if (r.mode === 'proxy' && r.authorization.kind !== 'letter') {
    out.push({ path: 'authorization', message: '代办须有申请人的授权委托书：请扫描或附加授权委托书；申请人在场的请改选“帮办”。' });
  }
  if (r.actions.includes('other') && !r.note) out.push({ path: 'note', message: '选择了“其他”，请在说明中写明代为办理的内容。' });
  const c = r.confirmation;
  if (c.by === 'guardian') {
    if (!c.relation) out.push({ path: 'confirmation.relation', message: '由监护人确认的，请填写监护人与申请人的关系。' });
    if (!c.idNumber) out.push({ path: 'confirmation.idNumber', message: '由监护人确认的，请读取或填写监护人的证件号码。' });
    else {
      const check = checkIdNumber(c.idNumber, today);
      if (!check.ok) out.push({ path: 'confirmation.idNumber', message: `监护人证件号码有误：${check.message}` });
    }
  } else if (c.idNumber || c.relation) {
    out.push({ path: 'confirmation.by', message: '申请人本人确认时不填关系和证件号码；由监护人确认的，请选择“监护人”。' });
  }
  return out;
}

/** What the clerk enters; also the `assist.recorded` event payload. */
export const assistInputSchema = assistBase.superRefine((r, ctx) => {
  for (const p of assistProblems(r)) ctx.addIssue({ code: 'custom', path: p.path.split('.'), message: p.message });
});
export type AssistInput = z.infer<typeof assistInputSchema>;

export const HOME_STAGES = ['intake', 'delivery'] as const;
export type HomeStage = (typeof HOME_STAGES)[number];
export const HOME_STAGE_LABELS: Record<HomeStage, string> = { intake: '上门收件', delivery: '上门送达' };

/** 上门服务: where, who went, and when. */
export const homeVisitSchema = z.object({
  address: z.string().trim().min(5, '请填写上门服务的详细地址（区县、街道、门牌）').max(200, '地址不能超过 200 个字'),
  staff: z.array(z.string().trim().min(1, '请填写上门工作人员姓名').max(30)).min(1, '请至少填写一名上门工作人员').max(5, '上门工作人员最多填写 5 名'),
  date: isoDate,
  note: z.string().trim().max(300, '说明不能超过 300 个字').nullable().default(null),
});
export type HomeVisit = z.infer<typeof homeVisitSchema>;

/** A home visit cannot be dated after today, nor long before the case existed. */
export function homeVisitProblem(v: Pick<HomeVisit, 'date'>, today: string): string | null {
  if (v.date > today) return `上门日期 ${v.date} 晚于今天，请核对后重新填写。`;
  return null;
}

// ---- views ----

export interface AssistRecordView {
  id: string;
  kind: 'assist' | HomeStage;
  at: string;
  /** Who recorded it (clerk name). */
  recordedBy: string;
  mode: AssistMode | null;
  staff: string[];
  actions: AssistAction[];
  note: string | null;
  authorization: AuthorizationKind | null;
  authorizationBlobs: string[];
  confirmation: { by: Confirmer; name: string; idNumberMasked: string | null; relation: string | null; method: ConfirmMethod; blob: string } | null;
  home: { address: string; date: string } | null;
  /** One line for lists and the archive: 代办 · 张三 · 代填申请表、代为提交申请 · 监护人李四（父女）按手印确认. */
  summary: string;
}

/** The view of an `assist.recorded` payload: the guardian's ID number masked. */
export function assistView(id: string, at: string, recordedBy: string, p: AssistInput): AssistRecordView {
  const c = p.confirmation;
  return {
    id,
    kind: 'assist',
    at,
    recordedBy,
    mode: p.mode,
    staff: [p.staff.name],
    actions: [...p.actions],
    note: p.note,
    authorization: p.authorization.kind,
    authorizationBlobs: p.authorization.kind === 'letter' ? [...p.authorization.authorizationBlobs] : [],
    confirmation: { by: c.by, name: c.name, idNumberMasked: c.idNumber ? maskIdNumber(c.idNumber) : null, relation: c.relation, method: c.method, blob: c.confirmationBlob },
    home: null,
    summary: assistSummary(p),
  };
}

export function homeView(id: string, at: string, recordedBy: string, stage: HomeStage, v: HomeVisit): AssistRecordView {
  return {
    id,
    kind: stage,
    at,
    recordedBy,
    mode: null,
    staff: [...v.staff],
    actions: [],
    note: v.note,
    authorization: null,
    authorizationBlobs: [],
    confirmation: null,
    home: { address: v.address, date: v.date },
    summary: `${HOME_STAGE_LABELS[stage]} · ${v.date} · ${v.staff.join('、')}`,
  };
}

export function assistSummary(p: AssistInput): string {
  const c = p.confirmation;
  const who = c.by === 'guardian' ? `监护人${c.name}${c.relation ? `（${c.relation}）` : ''}` : `申请人${c.name}`;
  const how = c.method === 'paper_fingerprint' ? '按手印确认' : '签名确认';
  const actions = p.actions.map((a) => ASSIST_ACTION_LABELS[a]).join('、');
  return `${ASSIST_MODE_LABELS[p.mode]} · ${p.staff.name} · ${actions} · ${who}${how}`;
}
