import type { ClientStore } from '../../db/index.js';
import type { ChainCheck } from '../../shared/api/chain.js';
import { CentralRefusal, type CentralClient } from './sync/client.js';
import { NetworkError } from './sync/http.js';

// The audit chain check behind the supervision tab and `npm run cli -- verify`: recomputes every
// event hash in the local log, then asks the central service to check its copy of this device's
// chain. The central part is skipped (with the reason) when it cannot be asked.

export interface ChainCheckDeps {
  store: ClientStore;
  now: () => number;
  /** Null when no central address is set. May throw an AppError (e.g. an unreadable CA file). */
  client: () => CentralClient | null;
  /** The device holds a device token from an enrolment. */
  enrolled: () => Promise<boolean>;
}

export async function checkChain(deps: ChainCheckDeps): Promise<ChainCheck> {
  const local = await deps.store.events.verifyChains();
  const localView: ChainCheck['local'] = {
    checked: local.checked,
    firstBroken: local.firstBroken && { seq: local.firstBroken.seq, eventId: local.firstBroken.id },
    message: local.firstBroken
      ? `本机事件链在第 ${local.firstBroken.seq} 号事件（事件编号 ${local.firstBroken.id}）处断开：该事件或其前一事件保存后被改动、删除或插入。此前 ${local.checked} 个事件完好。请保留本机数据目录原样，并报告系统管理员。`
      : `本机 ${local.checked} 个事件已校验，事件链完整。`,
  };
  const central = await checkCentral(deps);
  return {
    checkedAt: new Date(deps.now()).toISOString(),
    intact: local.firstBroken === null && (central.state !== 'checked' || central.firstBroken === null),
    local: localView,
    central,
  };
}

async function checkCentral(deps: ChainCheckDeps): Promise<ChainCheck['central']> {
  let client: CentralClient | null;
  try {
    client = deps.client();
  } catch (err) {
    return { state: 'skipped', reason: 'unreachable', message: `未能连接中心服务：${(err as Error).message}` };
  }
  if (!client) return { state: 'skipped', reason: 'not_configured', message: '本机未设置中心服务地址，只校验了本机事件链。' };
  if (!(await deps.enrolled())) return { state: 'skipped', reason: 'not_enrolled', message: '本机尚未在中心服务登记，只校验了本机事件链。' };
  try {
    const r = await client.verifyChain();
    return { state: 'checked', checked: r.checked, firstBroken: r.firstBroken, message: r.message };
  } catch (err) {
    if (err instanceof NetworkError) return { state: 'skipped', reason: 'unreachable', message: `无法连接中心服务（${err.code}），中心的事件链未能校验；联网后请再校验一次。` };
    if (err instanceof CentralRefusal) return { state: 'skipped', reason: 'refused', message: `中心服务未完成校验：${err.message}` };
    throw err;
  }
}
