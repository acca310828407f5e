import { hostApi, type MethodName } from '../../shared/api/contract.js';
import { fieldLabel } from '../../shared/api/fields.js';
import { isStorageFailure, storageError } from '../../db/sqlite.js';
import { AppError, type WireError } from '../../shared/errors.js';
import { hasAnyRole, ROLE_LABELS } from '../../shared/roles.js';
import type { CallContext } from '../services/auth.js';
import type { Services } from '../host/services.js';
import { log } from '../host/log.js';
import { handlers } from './handlers.js';

export type CallResult = { ok: true; value: unknown } | { ok: false; error: WireError };

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(hostApi, name);
}

function invalidInput(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const list = issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const first = list[0];
  const message = first ? `输入有误：${first.path ? `${fieldLabel(first.path)}：` : ''}${first.message}` : '输入有误。';
  return new AppError('INVALID_INPUT', message, { issues: list });
}

/**
 * The single entry of every call from either transport: validate the input,
 * check the session and role, run the handler, check the output, map errors.
 */
export async function dispatch(services: Services, call: CallContext, method: string, rawInput: unknown): Promise<CallResult> {
  try {
    if (!isMethodName(method)) throw new AppError('UNKNOWN_METHOD', '程序版本不一致：请求了不存在的功能，请重新启动程序。', { method });
    const spec = hostApi[method];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) throw invalidInput(parsed.error.issues);

    let clerk = null;
    if (spec.access !== 'public') {
      clerk = await services.auth.require(call, method);
      if (spec.access !== 'signedIn' && !hasAnyRole(clerk.roles, spec.access)) {
        const need = spec.access.map((r) => ROLE_LABELS[r]).join('、');
        throw new AppError('FORBIDDEN', `您的角色无权执行此操作（需要：${need}）。`, { method });
      }
    }
    const handler = handlers[method] as (s: Services, ctx: unknown, input: unknown) => unknown;
    const value = await handler(services, { call, clerk }, parsed.data);
    const out = spec.output.safeParse(value);
    if (!out.success) {
      log.error('handler output violates contract', { method, paths: out.error.issues.map((i) => i.path.join('.')) });
      throw new AppError('INTERNAL', '系统内部错误，本次操作结果无法确认，请重试。');
    }
    return { ok: true, value: out.data };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toWire() };
    // A full or read-only disk met by any write path: say so instead of 系统内部错误.
    if (isStorageFailure(err)) return { ok: false, error: storageError(err, 'host').toWire() };
    // Unknown failures are logged by kind only: inputs may hold personal data.
    log.error('unhandled error in handler', { method, error: (err as Error)?.name, code: (err as { code?: string })?.code });
    return { ok: false, error: { code: 'INTERNAL', message: '系统内部错误，本次操作未完成。请重试，仍不成功请联系管理员。' } };
  }
}
