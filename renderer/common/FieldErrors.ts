import { isWireError } from '../../shared/errors';

/** Maps an INVALID_INPUT error's issues to { field: message } for inline display. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!isWireError(err) || err.code !== 'INVALID_INPUT') return {};
  const issues = (err.details?.issues ?? []) as { path: string; message: string }[];
  const out: Record<string, string> = {};
  for (const i of issues) if (i.path && !out[i.path]) out[i.path] = i.message;
  const field = err.details?.field;
  if (typeof field === 'string' && !out[field]) out[field] = err.message;
  return out;
}
