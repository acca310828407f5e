import type { proxyMethods } from '../../shared/api/proxy.js';
import type { Handlers } from './handlers.js';

export const proxyHandlers: Handlers<keyof typeof proxyMethods> = {
  'proxy.jurisdictions': (s) => s.proxy.jurisdictions(),
  'proxy.set': (s, ctx, input) => s.proxy.set(ctx.clerk!, input),
  'transfer.list': (s, _ctx, input) => s.proxy.list(input.caseId),
  'transfer.send': (s, ctx, input) => s.proxy.send(ctx.clerk!, input),
  'transfer.receive': (s, ctx, input) => s.proxy.receive(ctx.clerk!, input),
  'transfer.pending': (s) => s.proxy.pending(),
};
