import type { deliveryMethods } from '../../shared/api/delivery.js';
import type { Handlers } from './handlers.js';

export const deliveryHandlers: Handlers<keyof typeof deliveryMethods> = {
  'delivery.queue': (s, _ctx, input) => s.delivery.queue(input),
  'delivery.mailQueue': (s, _ctx, input) => s.delivery.mailQueue(input),
  'delivery.open': (s, ctx, input) => s.delivery.open(ctx.clerk!, input),
  'delivery.checkRecipient': (s, _ctx, input) => s.delivery.checkRecipient(input),
  'delivery.handOver': (s, ctx, input) => s.delivery.handOver(ctx.clerk!, input),
  'delivery.releaseElectronic': (s, ctx, input) => s.delivery.releaseElectronic(ctx.clerk!, input),
  'delivery.mail': (s, ctx, input) => s.delivery.mail(ctx.clerk!, input),
  'delivery.mailOutcome': (s, ctx, input) => s.delivery.mailOutcome(ctx.clerk!, input),
  'delivery.notify': (s, _ctx, input) => s.delivery.notify(input),
  'delivery.document': (s, _ctx, input) => s.delivery.document(input),
  'delivery.signaturePrompt': (s, ctx, input) => s.delivery.signaturePrompt(ctx.clerk!, input),
  'delivery.ratingPrompt': (s, ctx, input) => s.delivery.ratingPrompt(ctx.clerk!, input),
  'delivery.promptResult': (s, _ctx, input) => s.delivery.promptResult(input),
  'rating.byCode': (s, _ctx, input) => s.delivery.byCode(input),
  'rating.appeal': (s, ctx, input) => s.delivery.appeal(ctx.clerk!, input),
  'supervision.rectifications': (s, _ctx, input) => s.delivery.rectifications(input),
  'supervision.rectify': (s, ctx, input) => s.delivery.rectify(ctx.clerk!, input),
  'supervision.decideAppeal': (s, ctx, input) => s.delivery.decideAppeal(ctx.clerk!, input),
  'applicant.sign': (s, _ctx, input) => s.delivery.sign(input),
  'applicant.rate': (s, _ctx, input) => s.delivery.rate(input),
};
