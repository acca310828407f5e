import type { boardMethods } from '../../shared/api/board.js';
import type { Handlers } from './handlers.js';

export const boardHandlers: Handlers<keyof typeof boardMethods> = {
  'supervision.board': (s) => s.board.board(),
};
