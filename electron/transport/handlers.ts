import type { ClerkRecord } from '../../db/index.js';
import type { MethodName, MethodOutput, MethodParsedInput } from '../../shared/api/contract.js';
import type { CallContext } from '../services/auth.js';
import type { Services } from '../host/services.js';
import { intakeHandlers } from './handlers-intake.js';
import { idcardHandlers } from './handlers-idcard.js';
import { syncHandlers } from './handlers-sync.js';
import { scannerHandlers } from './handlers-scanner.js';
import { routingHandlers } from './handlers-routing.js';
import { deliveryHandlers } from './handlers-delivery.js';
import { reportHandlers } from './handlers-reports.js';
import { archiveHandlers } from './handlers-archive.js';
import { boardHandlers } from './handlers-board.js';
import { assistHandlers } from './handlers-assist.js';
import { proxyHandlers } from './handlers-proxy.js';
import { escalationHandlers } from './handlers-escalation.js';
import { duplicateHandlers } from './handlers-duplicates.js';
import { hallQueueHandlers } from './handlers-hall-queue.js';
import { systemHandlers } from './handlers-system.js';
import { chainHandlers } from './handlers-chain.js';
import { updateHandlers } from './handlers-updates.js';

export interface HandlerContext {
  call: CallContext;
  /** The signed-in clerk; null only for public methods. */
  clerk: ClerkRecord | null;
}

export type Handler<M extends MethodName> = (s: Services, ctx: HandlerContext, input: MethodParsedInput<M>) => Promise<MethodOutput<M>> | MethodOutput<M>;

/** Handlers for a group of methods; group files next to this one export one each. */
export type Handlers<K extends MethodName> = { [M in K]: Handler<M> };

/** The one handler table: every contract method maps to one service call. */
export type HandlerTable = Handlers<MethodName>;

export const handlers: HandlerTable = {
  ...intakeHandlers,
  ...idcardHandlers,
  ...syncHandlers,
  ...scannerHandlers,
  ...routingHandlers,
  ...deliveryHandlers,
  ...reportHandlers,
  ...archiveHandlers,
  ...boardHandlers,
  ...assistHandlers,
  ...proxyHandlers,
  ...escalationHandlers,
  ...duplicateHandlers,
  ...hallQueueHandlers,
  ...systemHandlers,
  ...chainHandlers,
  ...updateHandlers,
  'app.info': async (s) => ({
    product: '一窗通',
    version: s.version,
    shell: s.shell,
    setUp: await s.installation.isSetUp(),
    installation: (await s.installation.isSetUp()) ? s.installation.current() : null,
  }),
  'setup.create': (s, ctx, input) => s.installation.setUp(ctx.call, input),
  'auth.signIn': (s, ctx, input) => s.auth.signIn(ctx.call, input),
  'auth.session': (s, ctx) => s.auth.current(ctx.call),
  'auth.signOut': async (s, ctx) => {
    await s.auth.signOut(ctx.call);
    return {};
  },
  'auth.unlock': (s, ctx, input) => s.auth.unlock(ctx.call, input.password),
  'auth.lock': (s, ctx) => {
    s.auth.lock(ctx.call);
    return {};
  },
  'auth.heartbeat': (s) => ({ idleLockSeconds: s.settings.read().idleLockSeconds }),
  'auth.changePassword': async (s, ctx, input) => {
    await s.auth.changePassword(ctx.clerk!, input.oldPassword, input.newPassword);
    return {};
  },
  'auth.setDisplay': (s, ctx, input) => s.auth.setDisplay(ctx.clerk!, input),
  'catalog.bundles': (s, _ctx, input) => s.catalog.bundles(input),
  'catalog.bundle': (s, _ctx, input) => s.catalog.bundle(input),
  'catalog.noticePdf': (s, _ctx, input) => s.catalog.noticePdf(input),
  'catalog.departments': async (s) => (await s.catalog.indexOf()).ix.catalog.departments.map((d) => ({ id: d.id, name: d.name })),
  'admin.catalogEditItem': (s, ctx, input) => s.catalog.editItem(ctx.clerk!.id, input),
  'admin.catalogSetDependencies': (s, ctx, input) => s.catalog.setDependencies(ctx.clerk!.id, input),
  'admin.catalogSetPartialDelivery': (s, ctx, input) => s.catalog.setPartialDelivery(ctx.clerk!.id, input),
  'applicant.show': async (s, _ctx, input) => {
    await s.applicant.show(input);
    return {};
  },
  'applicant.clear': (s) => {
    s.applicant.clear();
    return {};
  },
  'applicant.view': (s) => s.applicant.view(),
  'applicant.answerForm': (s, _ctx, input) => {
    s.applicant.answerForm(input);
    return {};
  },
  'applicant.formAnswer': (s, _ctx, input) => s.applicant.formAnswer(input.id),
  'applicant.showCase': async (s, _ctx, input) => {
    await s.applicant.showCase(input);
    return {};
  },
  'admin.listClerks': (s) => s.clerks.list(),
  'admin.createClerk': (s, ctx, input) => s.clerks.create(input, { actorId: ctx.clerk!.id }),
  'admin.updateClerk': (s, ctx, input) => s.clerks.update(input, ctx.clerk!.id),
  'admin.resetPassword': async (s, ctx, input) => {
    await s.clerks.resetPassword(input.id, input.password, ctx.clerk!.id);
    return {};
  },
  'admin.unlockClerk': (s, ctx, input) => s.clerks.unlock(input.id, ctx.clerk!.id),
  'admin.getSettings': (s) => s.installation.settingsView(),
  'admin.updateSettings': (s, _ctx, input) => s.installation.update(input),
  'admin.rebuildProjections': async (s) => {
    const t0 = performance.now();
    const r = await s.store.events.rebuildProjections();
    return { ...r, ms: Math.round(performance.now() - t0) };
  },
};
