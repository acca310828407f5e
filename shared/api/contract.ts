import { z } from 'zod';
import '../zod-locale.js';
import { ROLES } from '../roles.js';
import { displayPrefsSchema } from '../display.js';
import { intakeMethods } from './intake.js';
import { idcardMethods } from './idcard.js';
import { syncMethods } from './sync.js';
import { scannerMethods } from './scanner.js';
import { deliveryMethods } from './delivery.js';
import { reportMethods } from './reports.js';
import { boardMethods } from './board.js';
import { assistMethods } from './assist.js';
import { proxyMethods } from './proxy.js';
import { escalationMethods } from './escalation.js';
import { duplicateMethods } from './duplicates.js';
import { hallQueueMethods } from './hall-queue.js';
import { routingMethods } from './routing.js';
import { archiveMethods } from './archive.js';
import { systemMethods } from './system.js';
import { chainMethods } from './chain.js';
import { updateMethods } from './updates.js';
import { method } from './method.js';
import { IDLE_LOCK_MAX_SECONDS, IDLE_LOCK_MIN_SECONDS } from '../settings.js';
import { LIFE_STAGES, REGIONS, SERVICE_OBJECTS } from '../catalog.js';
import { PASSWORD_MIN_LENGTH, passwordShapeProblem } from '../password-policy.js';

// The host contract: every method the renderer may call, its input and output
// schemas and who may call it. Both transports and the preload derive from this map.

const staffNo = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{2,32}$/, '工号应为 2 到 32 位字母、数字、下划线或短横线');
const personName = z.string().trim().min(1, '请填写姓名').max(50, '姓名不能超过 50 个字');
export const PASSWORD_MIN = PASSWORD_MIN_LENGTH;
const password = z.string().min(1, '请输入密码').max(128, '密码不能超过 128 位');
// The rules that need no clerk; the staff number and the history are checked by the host.
const newPassword = z.string().superRefine((p, ctx) => {
  const problem = passwordShapeProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const departmentId = z.string().trim().min(1).max(64);
const empty = z.object({}).strict();

export const clerkSchema = z.object({
  id: z.string(),
  staffNo: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  departments: z.array(z.string()),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  /** Created or reset by an admin and not yet changed by the clerk. */
  mustChangePassword: z.boolean(),
});
export type Clerk = z.infer<typeof clerkSchema>;

export const installationViewSchema = z.object({
  hallName: z.string(),
  hallCode: z.string(),
  counterName: z.string(),
  deviceId: z.string(),
});

export const sessionSchema = z.object({
  clerk: clerkSchema.pick({ id: true, staffNo: true, name: true, roles: true, departments: true }),
  locked: z.boolean(),
  idleLockSeconds: z.number().int(),
  installation: installationViewSchema,
  display: displayPrefsSchema,
  /** The account was created or reset by an admin: only a password change is allowed until then. */
  mustChangePassword: z.boolean(),
});
export type SessionView = z.infer<typeof sessionSchema>;

const sourcedView = <T extends z.ZodType>(v: T) => z.object({ value: v, placeholder: z.boolean() });

export const bundleSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  serviceObject: z.string(),
  lifeStages: z.array(z.string()),
  leadDepartment: z.string(),
  itemCount: z.number().int(),
  /** Working days to the last result along the longest chain of dependent items. */
  promisedDays: z.number().nullable(),
});

export const bundleDetailSchema = bundleSummarySchema.extend({
  version: z.string(),
  eligibility: z.array(sourcedView(z.string())),
  policyBasis: sourcedView(z.array(z.string())),
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      department: z.string(),
      dependsOn: z.array(z.string()),
      /** Column of the order diagram: 0 for items that wait for nothing. */
      level: z.number().int(),
      legalBasis: sourcedView(z.string().nullable()),
      conditions: z.array(sourcedView(z.string())),
      steps: z.array(sourcedView(z.string())),
      statutoryDays: sourcedView(z.number().nullable()),
      promisedDays: sourcedView(z.number().nullable()),
      fee: sourcedView(z.string()),
      result: sourcedView(z.string()),
      consultation: sourcedView(z.string()),
      pendingMaterialsAllowed: z.boolean(),
    }),
  ),
  materials: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      form: z.enum(['original', 'copy', 'original_and_copy']),
      count: z.number(),
      exempt: z.boolean(),
      when: z.array(z.string()),
      always: z.boolean(),
      wording: z.array(z.string()),
      items: z.array(z.object({ itemId: z.string(), name: z.string() })),
      placeholder: z.boolean(),
    }),
  ),
  separateMaterialCount: z.number().int(),
  mergedFieldCount: z.number().int(),
  separateFieldCount: z.number().int(),
  longestItemPromisedDays: z.number().nullable(),
});
export type BundleDetail = z.infer<typeof bundleDetailSchema>;

/** Item elements an admin can confirm or change in a new catalog version. */
export const CONFIRMABLE_ELEMENTS = ['statutoryDays', 'promisedDays', 'fee', 'result', 'consultation', 'legalBasis'] as const;

const coreMethods = {
  'app.info': method(
    empty,
    z.object({
      product: z.string(),
      version: z.string(),
      shell: z.enum(['electron', 'browser']),
      setUp: z.boolean(),
      installation: installationViewSchema.nullable(),
    }),
    'public',
  ),
  'setup.create': method(
    z.object({
      hallName: z.string().trim().min(2, '请填写服务大厅名称').max(100),
      hallCode: z.string().trim().max(32).default(''),
      counterName: z.string().trim().min(1, '请填写窗口名称').max(50),
      adminStaffNo: staffNo,
      adminName: personName,
      password: newPassword,
    }).strict(),
    sessionSchema,
    'public',
  ),
  'auth.signIn': method(z.object({ staffNo, password }).strict(), sessionSchema, 'public'),
  'auth.session': method(empty, sessionSchema.nullable(), 'public'),
  'auth.signOut': method(empty, z.object({}), 'public'),
  'auth.unlock': method(z.object({ password }).strict(), sessionSchema, 'public'),
  'auth.lock': method(empty, z.object({}), 'signedIn'),
  'auth.heartbeat': method(empty, z.object({ idleLockSeconds: z.number().int() }), 'signedIn'),
  'auth.changePassword': method(z.object({ oldPassword: password, newPassword }).strict(), z.object({}), 'signedIn'),
  /** The signed-in clerk's own large-text and high-contrast modes. */
  'auth.setDisplay': method(displayPrefsSchema, displayPrefsSchema, 'signedIn'),
  'catalog.bundles': method(
    z.object({
      query: z.string().max(50).optional(),
      serviceObject: z.enum(SERVICE_OBJECTS).optional(),
      lifeStage: z.enum(LIFE_STAGES).optional(),
      region: z.enum(REGIONS).optional(),
    }).strict(),
    z.object({ version: z.string(), bundles: z.array(bundleSummarySchema) }),
    'signedIn',
  ),
  'catalog.bundle': method(
    z.object({ id: z.string().min(1).max(64), itemIds: z.array(z.string().min(1).max(64)).min(1).max(50).optional() }).strict(),
    bundleDetailSchema,
    'signedIn',
  ),
  /** The departments of the current catalog, for binding reviewers. */
  'catalog.departments': method(empty, z.array(z.object({ id: z.string(), name: z.string() })), 'signedIn'),
  'catalog.noticePdf': method(
    z.object({
      id: z.string().min(1).max(64),
      itemIds: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
      lang: z.enum(['zh', 'en', 'ru']).default('zh'),
    }).strict(),
    z.object({ fileName: z.string(), pdfBase64: z.string() }),
    'signedIn',
  ),
  'admin.catalogEditItem': method(
    z.object({
      itemId: z.string().min(1).max(64),
      // Limits are range-checked by the catalog rules, which say what is wrong in the catalog's own terms.
      statutoryDays: z.number().int().min(-1000).max(1000).nullable().optional(),
      promisedDays: z.number().int().min(-1000).max(1000).nullable().optional(),
      fee: z.string().trim().min(1).max(200).optional(),
      removeMaterials: z.array(z.string().min(1).max(64)).max(50).optional(),
      /** Placeholder elements the admin confirms as they are. */
      confirm: z.array(z.enum(CONFIRMABLE_ELEMENTS)).max(10).optional(),
      note: z.string().trim().max(200).optional(),
    }).strict(),
    z.object({ version: z.string() }),
    ['admin'],
  ),
  'admin.catalogSetDependencies': method(
    z.object({ bundleId: z.string().min(1).max(64), itemId: z.string().min(1).max(64), dependsOn: z.array(z.string().min(1).max(64)).max(50) }).strict(),
    z.object({ version: z.string() }),
    ['admin'],
  ),
  /** Whether decided results of the bundle may be handed over before the whole case is decided. */
  'admin.catalogSetPartialDelivery': method(
    z.object({ bundleId: z.string().min(1).max(64), allowed: z.boolean() }).strict(),
    z.object({ version: z.string() }),
    ['admin'],
  ),
  'applicant.show': method(
    z.object({
      bundleId: z.string().min(1).max(64),
      itemIds: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
      lang: z.enum(['zh', 'en', 'ru']).default('zh'),
    }).strict(),
    z.object({}),
    'signedIn',
  ),
  'applicant.clear': method(empty, z.object({}), 'signedIn'),
  'applicant.showCase': method(
    z.object({ id: z.string().min(1).max(64), lang: z.enum(['zh', 'en', 'ru']).default('zh') }).strict(),
    z.object({}),
    ['intake', 'supervisor'],
  ),
  /** The applicant's answer to the form check: 信息无误 or 信息有误. */
  'applicant.answerForm': method(z.object({ formId: z.string().min(1).max(64), answer: z.enum(['right', 'wrong']) }).strict(), z.object({}), 'public'),
  /** What the applicant answered about the case's form as last shown (for the clerk's badge). */
  'applicant.formAnswer': method(
    z.object({ id: z.string().min(1).max(64) }).strict(),
    z.object({ state: z.enum(['waiting', 'right', 'wrong', 'closed']), at: z.string().nullable() }),
    ['intake', 'supervisor'],
  ),
  /** What the applicant screen shows now; the applicant window may call only this and the answers. */
  'applicant.view': method(
    empty,
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('idle') }),
      z.object({ kind: z.literal('notice'), lang: z.enum(['zh', 'en', 'ru']), bundle: bundleDetailSchema, hallName: z.string() }),
      /** The merged form as typed, for the applicant to check before the decision. */
      z.object({
        kind: z.literal('form'),
        hallName: z.string(),
        bundleName: z.string(),
        /** The language the clerk chose for this applicant: the screen starts in it. */
        lang: z.enum(['zh', 'en', 'ru']),
        /** This showing of the form: the applicant's answer names it, so a stale tap cannot count. */
        formId: z.string(),
        /** `key` and `type` from the field dictionary: the screen reads ID numbers digit by digit, masked. */
        rows: z.array(z.object({ key: z.string(), label: z.string(), type: z.string(), value: z.string() })),
        /** What the hall keeps of each material needed (the 留存材料 step). */
        materials: z.array(
          z.object({
            name: z.string(),
            /** What the catalog asks for, and how many copies. */
            form: z.enum(['original', 'copy', 'original_and_copy']),
            count: z.number(),
            /** How the counter holds it: an original is returned at delivery, a scan's original at once. */
            held: z.enum(['original', 'copy', 'scanned', 'elicense', 'exempt', 'missing']),
            /** Pages scanned into the case file. */
            pages: z.number().int().nonnegative(),
            /** What the clerk found wrong with what was handed in; it counts as missing. */
            problem: z.string().nullable(),
            /** 容缺受理: the date by which a missing material must be brought (YYYY-MM-DD). */
            deadline: z.string().nullable(),
          }),
        ),
      }),
      /** Signing for what is handed over; answered with applicant.sign. */
      z.object({
        kind: z.literal('signature'),
        hallName: z.string(),
        promptId: z.string(),
        caseNumber: z.string().nullable(),
        entries: z.array(z.string()),
      }),
      /** 好差评 for the visit; answered with applicant.rate. */
      z.object({ kind: z.literal('rating'), hallName: z.string(), promptId: z.string(), bundleName: z.string() }),
      z.object({ kind: z.literal('thanks'), hallName: z.string() }),
    ]),
    'public',
  ),
  'admin.listClerks': method(empty, z.array(clerkSchema), ['admin']),
  'admin.createClerk': method(
    z.object({
      staffNo,
      name: personName,
      roles: z.array(z.enum(ROLES)).min(1, '至少选择一个角色'),
      departments: z.array(departmentId).max(20).default([]),
      password: newPassword,
    }).strict(),
    clerkSchema,
    ['admin'],
  ),
  'admin.updateClerk': method(
    z.object({
      id: z.string().min(1).max(64),
      name: personName.optional(),
      roles: z.array(z.enum(ROLES)).min(1, '至少选择一个角色').optional(),
      departments: z.array(departmentId).max(20).optional(),
      disabled: z.boolean().optional(),
    }).strict(),
    clerkSchema,
    ['admin'],
  ),
  'admin.resetPassword': method(z.object({ id: z.string().min(1).max(64), password: newPassword }).strict(), z.object({}), ['admin']),
  'admin.unlockClerk': method(z.object({ id: z.string().min(1).max(64) }).strict(), clerkSchema, ['admin']),
  'admin.getSettings': method(
    empty,
    z.object({ idleLockSeconds: z.number().int(), installation: installationViewSchema }),
    ['admin'],
  ),
  'admin.updateSettings': method(
    z.object({
      idleLockSeconds: z.number().int().min(IDLE_LOCK_MIN_SECONDS).max(IDLE_LOCK_MAX_SECONDS).optional(),
      hallName: z.string().trim().min(2).max(100).optional(),
      hallCode: z.string().trim().max(32).optional(),
      counterName: z.string().trim().min(1).max(50).optional(),
    }).strict(),
    z.object({ idleLockSeconds: z.number().int(), installation: installationViewSchema }),
    ['admin'],
  ),
  'admin.rebuildProjections': method(empty, z.object({ events: z.number().int(), cases: z.number().int(), ms: z.number() }), ['admin']),
} as const;

/** Every method of the host; each group file adds its own. */
export const hostApi = {
  ...coreMethods,
  ...intakeMethods,
  ...idcardMethods,
  ...syncMethods,
  ...scannerMethods,
  ...routingMethods,
  ...deliveryMethods,
  ...reportMethods,
  ...archiveMethods,
  ...boardMethods,
  ...assistMethods,
  ...proxyMethods,
  ...escalationMethods,
  ...duplicateMethods,
  ...hallQueueMethods,
  ...systemMethods,
  ...chainMethods,
  ...updateMethods,
} as const;

export type { Access } from './method.js';
export type HostApiSpec = typeof hostApi;
export type MethodName = keyof HostApiSpec;
export const METHOD_NAMES = Object.keys(hostApi) as MethodName[];

/** Methods the applicant-facing window may call; every other call from it is refused. */
export const APPLICANT_METHODS = ['applicant.view', 'applicant.sign', 'applicant.rate', 'applicant.answerForm'] as const satisfies readonly MethodName[];

export type MethodInput<M extends MethodName> = z.input<HostApiSpec[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<HostApiSpec[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<HostApiSpec[M]['output']>;

// `window.api` shape: "auth.signIn" becomes api.auth.signIn(input).
type Namespace<M extends string> = M extends `${infer N}.${string}` ? N : never;
type Member<M extends string, N extends string> = M extends `${N}.${infer R}` ? R : never;

export type HostApi = {
  [N in Namespace<MethodName>]: {
    [R in Member<MethodName, N>]: (input?: MethodInput<`${N}.${R}` & MethodName>) => Promise<MethodOutput<`${N}.${R}` & MethodName>>;
  };
};
