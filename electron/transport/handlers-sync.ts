import type { syncMethods } from '../../shared/api/sync.js';
import type { Handlers } from './handlers.js';

export const syncHandlers: Handlers<keyof typeof syncMethods> = {
  'sync.status': (s) => s.sync.status(),
  'sync.now': (s) => s.sync.syncNow(),
  'sync.details': (s) => s.sync.details(),
  'admin.syncConfigure': (s, _ctx, input) => s.sync.configure(input),
  'admin.syncEnrol': (s, _ctx, input) => s.sync.enrol(input.code),
};
