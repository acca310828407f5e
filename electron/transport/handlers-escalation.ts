import type { escalationMethods } from '../../shared/api/escalation.js';
import type { Handlers } from './handlers.js';

export const escalationHandlers: Handlers<keyof typeof escalationMethods> = {
  'escalation.list': (s, _ctx, input) => s.escalation.list(input.status),
  'escalation.defaults': (s) => s.escalation.defaults(),
  'escalation.open': (s, ctx, input) => s.escalation.open(ctx.clerk!, input),
  'escalation.get': (s, ctx, input) => s.escalation.get(ctx.clerk!, input.id),
  'escalation.assign': (s, ctx, input) => s.escalation.assign(ctx.clerk!, input),
  'escalation.progress': (s, ctx, input) => s.escalation.progress(ctx.clerk!, input),
  'escalation.resolve': (s, ctx, input) => s.escalation.resolve(ctx.clerk!, input),
  'escalation.feedback': (s, ctx, input) => s.escalation.feedback(ctx.clerk!, input),
  'escalation.reopen': (s, ctx, input) => s.escalation.reopen(ctx.clerk!, input),
};
