import type { idcardMethods } from '../../shared/api/idcard.js';
import type { Handlers } from './handlers.js';

export const idcardHandlers: Handlers<keyof typeof idcardMethods> = {
  'idcard.read': (s, _ctx, input) => s.idcard.read(input),
  'idcard.cancel': (s) => s.idcard.cancel(),
  'idcard.status': (s, _ctx, input) => s.idcard.status(input),
  'idcard.test': (s) => s.idcard.test(),
  'idcard.simulate': (s, _ctx, input) => s.idcard.simulate(input),
  'admin.getIdcardSettings': (s) => s.idcard.settingsView(),
  'admin.updateIdcardSettings': (s, _ctx, input) => s.idcard.updateSettings(input),
};
