import { isWireError } from '../../shared/errors';
import { errorText } from '../api';
import { t } from '../i18n';

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

/** Field messages go next to their fields; the summary only points at them, so nothing is said twice. */
export function formError(err: unknown): { fields: Record<string, string>; summary: string } {
  const fields = fieldErrors(err);
  return { fields, summary: Object.keys(fields).length > 0 ? t('请按提示修改标红的内容。') : errorText(err) };
}
