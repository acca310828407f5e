import { z } from 'zod';
import { AppError } from './errors.js';

// SMS notifications to applicants: kinds, message templates and the settings of the gateway.
// Pure: the sending lives in electron/services/notify/.

export const NOTIFICATION_KINDS = ['ready', 'mail_sent', 'rating_reminder'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  ready: '办结领取通知',
  mail_sent: '邮寄通知',
  rating_reminder: '评价提醒',
};

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const NOTIFY_DRIVERS = ['outbox', 'http'] as const;
export type NotifyDriverName = (typeof NOTIFY_DRIVERS)[number];

export const NOTIFY_DRIVER_LABELS: Record<NotifyDriverName, string> = {
  outbox: '本机发件箱（不真正发送，仅供测试和演示）',
  http: '短信网关（HTTP）',
};

/** Longest body we hand to a gateway; longer texts are split into too many billed parts. */
export const SMS_MAX_CHARS = 300;

export const MOBILE_RE = /^1[3-9]\d{9}$/;

/** Chinese names of the placeholders, for the settings page and error messages. */
export const PLACEHOLDER_LABELS = {
  hall: '大厅名称',
  bundle: '事项名称',
  caseNumber: '办件编号',
  queryChannel: '咨询渠道',
  carrier: '快递公司',
  trackingNo: '运单号',
  ratingUrl: '评价链接',
  ratingCode: '评价码',
} as const;
export type Placeholder = keyof typeof PLACEHOLDER_LABELS;

const COMMON: readonly Placeholder[] = ['hall', 'bundle', 'caseNumber', 'queryChannel'];

/** What each kind's sender provides; a template may use only these. */
export const TEMPLATE_VARIABLES: Record<NotificationKind, readonly Placeholder[]> = {
  ready: COMMON,
  mail_sent: [...COMMON, 'carrier', 'trackingNo'],
  rating_reminder: [...COMMON, 'ratingUrl', 'ratingCode'],
};

export const DEFAULT_TEMPLATES: Record<NotificationKind, string> = {
  ready: '【{hall}】您在本中心办理的“{bundle}”（办件编号 {caseNumber}）已办结，请携带本人身份证件到综合出件窗口领取。咨询：{queryChannel}',
  mail_sent: '【{hall}】您在本中心办理的“{bundle}”（办件编号 {caseNumber}）的办理结果已通过{carrier}寄出，运单号 {trackingNo}，请注意查收。咨询：{queryChannel}',
  rating_reminder: '【{hall}】感谢您在本中心办理“{bundle}”（办件编号 {caseNumber}），请对本次服务评价：{ratingUrl}（评价码 {ratingCode}）。咨询：{queryChannel}',
};

const PLACEHOLDER_RE = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** Placeholder names in a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!))];
}

const labelOf = (name: string) => (name in PLACEHOLDER_LABELS ? `{${name}}（${PLACEHOLDER_LABELS[name as Placeholder]}）` : `{${name}}`);

/** Characters as the applicant's phone counts them (a CJK character is one). */
export const smsLength = (text: string) => [...text].length;

export type TemplateVars = Partial<Record<string, string | number | null>>;

/** Fills `{name}` placeholders; refuses a message with a gap or longer than SMS_MAX_CHARS. */
export function renderTemplate(template: string, vars: TemplateVars): string {
  const missing: string[] = [];
  const body = template.replace(PLACEHOLDER_RE, (whole, name: string) => {
    const v = Object.hasOwn(vars, name) ? vars[name] : undefined;
    const text = v === null || v === undefined ? '' : String(v).trim();
    if (text === '') {
      if (!missing.includes(name)) missing.push(name);
      return whole;
    }
    return text;
  });
  if (missing.length > 0) {
    throw new AppError(
      'INVALID_INPUT',
      `短信内容不完整：模板中的${missing.map(labelOf).join('、')}没有可填的内容。请补全办件信息，或在“设置 → 短信通知”中修改模板后重试`,
      { placeholders: missing },
    );
  }
  checkSmsBody(body);
  return body;
}

/** Refuses an empty or over-long SMS body. */
export function checkSmsBody(body: string): void {
  const n = smsLength(body);
  if (body.trim() === '') throw new AppError('INVALID_INPUT', '短信内容为空：请在“设置 → 短信通知”中填写模板后重试');
  if (n > SMS_MAX_CHARS) {
    throw new AppError('INVALID_INPUT', `短信内容过长（${n} 字，最多 ${SMS_MAX_CHARS} 字）：请在“设置 → 短信通知”中缩短模板后重试`, {
      length: n,
      max: SMS_MAX_CHARS,
    });
  }
}

const templateText = z.string().trim().min(1, '模板不能为空').max(SMS_MAX_CHARS, `模板最多 ${SMS_MAX_CHARS} 字`);

export const notificationSettingsSchema = z
  .object({
    driver: z.enum(NOTIFY_DRIVERS).default('outbox'),
    /** The gateway's endpoint (http driver). */
    url: z
      .url({ protocol: /^https?$/, error: '短信网关地址应以 http:// 或 https:// 开头，如 https://sms.example.gov.cn/send' })
      .max(500)
      .nullable()
      .default(null),
    /** Sent as `Authorization: Bearer <token>`. */
    token: z.string().trim().min(1).max(500).nullable().default(null),
    timeoutMs: z.number().int().min(1_000).max(120_000).default(10_000),
    /** The hall's wording; a kind without an override uses DEFAULT_TEMPLATES. */
    templates: z.partialRecord(z.enum(NOTIFICATION_KINDS), templateText).default({}),
  })
  .superRefine((s, ctx) => {
    if (s.driver === 'http' && s.url === null) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: '选择“短信网关（HTTP）”时请填写网关地址，或改用本机发件箱' });
    }
    for (const kind of NOTIFICATION_KINDS) {
      const t = s.templates[kind];
      if (t === undefined) continue;
      const unknown = placeholdersOf(t).filter((p) => !(TEMPLATE_VARIABLES[kind] as readonly string[]).includes(p));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['templates', kind],
          message: `“${NOTIFICATION_KIND_LABELS[kind]}”模板中的 ${unknown.map((p) => `{${p}}`).join('、')} 无法填写：可用的有 ${TEMPLATE_VARIABLES[kind].map(labelOf).join('、')}`,
        });
      }
    }
  });
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

/** The hall's template for a kind, or the default one. */
export function templateFor(kind: NotificationKind, settings: Pick<NotificationSettings, 'templates'>): string {
  return settings.templates[kind] ?? DEFAULT_TEMPLATES[kind];
}

/** The SMS body of a kind with the hall's wording. */
export function renderNotification(kind: NotificationKind, vars: TemplateVars, settings: Pick<NotificationSettings, 'templates'>): string {
  return renderTemplate(templateFor(kind, settings), vars);
}
