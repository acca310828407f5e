import type { updateMethods } from '../../shared/api/updates.js';
import type { Handlers } from './handlers.js';

export const updateHandlers: Handlers<keyof typeof updateMethods> = {
  'updates.status': (s, ctx, input) => s.updates.status(ctx.call.clientId, input),
  'updates.install': (s, ctx, input) => s.updates.install(ctx.call.clientId, input),
};
