import type { chainMethods } from '../../shared/api/chain.js';
import type { Handlers } from './handlers.js';

export const chainHandlers: Handlers<keyof typeof chainMethods> = {
  'supervision.verifyChain': (s) => s.verifyChain(),
};
