import type { assistMethods } from '../../shared/api/assist.js';
import type { Handlers } from './handlers.js';

export const assistHandlers: Handlers<keyof typeof assistMethods> = {
  'assist.list': (s, _ctx, input) => s.assist.list(input.caseId),
  'assist.record': (s, ctx, input) => s.assist.record(ctx.clerk!, input),
  'assist.homeIntake': (s, ctx, input) => s.assist.homeIntake(ctx.clerk!, input),
  'assist.signaturePrompt': (s, ctx, input) => s.delivery.confirmationPrompt(ctx.clerk!, input.caseId, input.lines),
  'assist.promptResult': (s, _ctx, input) => {
    const r = s.delivery.promptResult(input);
    return { state: r.state, signatureBlob: r.signatureBlob };
  },
};
