import type { systemMethods } from '../../shared/api/system.js';
import type { Handlers } from './handlers.js';

export const systemHandlers: Handlers<keyof typeof systemMethods> = {
  'system.fonts': (s) => s.fonts.report(),
};
