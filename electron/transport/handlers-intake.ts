import type { intakeMethods } from '../../shared/api/intake.js';
import type { Handlers } from './handlers.js';

export const intakeHandlers: Handlers<keyof typeof intakeMethods> = {
  'intake.start': (s, ctx, input) => s.intake.start(ctx.clerk!, input),
  'intake.open': (s, ctx, input) => s.intake.open(ctx.clerk!, input),
  'intake.update': (s, ctx, input) => s.intake.update(ctx.clerk!, input),
  'intake.drafts': (s) => s.intake.drafts(),
  'intake.search': (s, _ctx, input) => s.intake.search(input),
  'intake.earlier': (s, _ctx, input) => s.intake.earlier(input),
  'intake.reuse': (s, ctx, input) => s.intake.reuse(ctx.clerk!, input),
  'intake.accept': (s, ctx, input) => s.intake.accept(ctx.clerk!, input),
  'intake.acceptPending': (s, ctx, input) => s.intake.acceptPending(ctx.clerk!, input),
  'intake.notifyCorrection': (s, ctx, input) => s.intake.notifyCorrection(ctx.clerk!, input),
  'intake.refuse': (s, ctx, input) => s.intake.refuse(ctx.clerk!, input),
  'intake.supply': (s, ctx, input) => s.intake.supply(ctx.clerk!, input),
  'intake.document': (s, _ctx, input) => s.intake.document(input),
  'intake.elicense': (s, _ctx, input) => s.intake.elicense(input),
};
