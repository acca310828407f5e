import type { archiveMethods } from '../../shared/api/archive.js';
import type { Handlers } from './handlers.js';

export const archiveHandlers: Handlers<keyof typeof archiveMethods> = {
  'archive.build': (s, _ctx, input) => s.archive.build(input),
  'archive.export': (s, _ctx, input) => s.archive.export(input),
  'archive.verify': (s, _ctx, input) => s.archive.verify(input),
  'archive.status': (s, _ctx, input) => s.archive.status(input),
};
