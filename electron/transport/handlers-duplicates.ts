import type { duplicateMethods } from '../../shared/api/duplicates.js';
import type { Handlers } from './handlers.js';

export const duplicateHandlers: Handlers<keyof typeof duplicateMethods> = {
  'supervision.duplicates': (s) => s.duplicates.list(),
  'supervision.decideDuplicate': (s, ctx, input) => s.duplicates.decide(ctx.clerk!, input),
};
