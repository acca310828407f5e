import type { routingMethods } from '../../shared/api/routing.js';
import type { Handlers } from './handlers.js';

export const routingHandlers: Handlers<keyof typeof routingMethods> = {
  'review.queue': (s, ctx, input) => s.routing.queue(ctx.clerk!, input),
  'review.open': (s, ctx, input) => s.routing.open(ctx.clerk!, input),
  'review.receive': (s, ctx, input) => s.routing.receive(ctx.clerk!, input),
  'review.approve': (s, ctx, input) => s.routing.approve(ctx.clerk!, input),
  'review.reject': (s, ctx, input) => s.routing.reject(ctx.clerk!, input),
  'review.requestCorrection': (s, ctx, input) => s.routing.requestCorrection(ctx.clerk!, input),
  'review.pause': (s, ctx, input) => s.routing.pause(ctx.clerk!, input),
  'review.resume': (s, ctx, input) => s.routing.resume(ctx.clerk!, input),
  'review.note': (s, ctx, input) => s.routing.note(ctx.clerk!, input),
  'routing.cancelItem': (s, ctx, input) => s.routing.cancelItem(ctx.clerk!, input),
  'routing.resubmit': (s, ctx, input) => s.routing.resubmit(ctx.clerk!, input),
  'supervision.warnings': (s, _ctx, input) => s.routing.warnings(input),
  'supervision.timeline': (s, ctx, input) => s.routing.timeline(ctx.clerk!, input),
};
