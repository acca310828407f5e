import type { hallQueueMethods } from '../../shared/api/hall-queue.js';
import type { Handlers } from './handlers.js';

export const hallQueueHandlers: Handlers<keyof typeof hallQueueMethods> = {
  'hallQueue.current': (s) => s.hallQueue.current(),
  'hallQueue.callNext': (s) => s.hallQueue.callNext(),
  'hallQueue.recall': (s) => s.hallQueue.recall(),
  'hallQueue.noShow': (s) => s.hallQueue.noShow(),
  'hallQueue.transfer': (s, _ctx, input) => s.hallQueue.transfer(input.toWindow),
  'hallQueue.appointments': (s, _ctx, input) => s.hallQueue.appointments(input.date),
  'hallQueue.importNow': (s) => s.hallQueue.importNow(),
  'admin.hallQueueSettings': (s) => s.hallQueue.settings(),
  'admin.hallQueueConfigure': (s, _ctx, input) => s.hallQueue.configure(input),
};
