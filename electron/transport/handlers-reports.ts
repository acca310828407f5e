import type { reportMethods } from '../../shared/api/reports.js';
import type { Handlers } from './handlers.js';

export const reportHandlers: Handlers<keyof typeof reportMethods> = {
  'supervision.report': (s, ctx, input) => s.reports.report(ctx.clerk!, input),
  'supervision.reportExport': (s, ctx, input) => s.reports.exportFile(ctx.clerk!, input),
};
