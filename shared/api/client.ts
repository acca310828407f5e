import { METHOD_NAMES, type HostApi, type MethodName } from './contract.js';

/** Sends one call to the host; each transport supplies its own. */
export type Invoker = (method: MethodName, input: unknown) => Promise<unknown>;

/** Builds the nested `window.api` object with exactly one function per contract method (or per given method). */
export function buildHostApi(invoke: Invoker, methods: readonly MethodName[] = METHOD_NAMES): HostApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const name of methods) {
    const [ns, member] = name.split('.') as [string, string];
    api[ns] ??= {};
    api[ns][member] = (input?: unknown) => invoke(name, input ?? {});
  }
  return api as unknown as HostApi;
}
