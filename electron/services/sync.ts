import type { MethodOutput } from '../../shared/api/contract.js';
import type { Deps } from './auth.js';

// Placeholder until the sync issue lands: reports the backlog honestly as not connected.
export function createSyncService({ store }: Deps) {
  return {
    async status(): Promise<MethodOutput<'sync.status'>> {
      return { state: 'not_configured', label: '未连接中心', pendingEvents: await store.events.count(), lastSuccessAt: null };
    },
  };
}
