import { useCallback, useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import { api } from '../api';

export type SyncStatus = MethodOutput<'sync.status'>;

/** The sync status, refreshed every 10 s and on demand. */
export function useSyncStatus(): { status: SyncStatus | null; refresh: () => Promise<void>; set: (s: SyncStatus) => void } {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const refresh = useCallback(
    () =>
      api.sync
        .status()
        .then(setStatus)
        // a locked session answers with an error; the next tick tries again
        .catch(() => undefined),
    [],
  );
  useEffect(() => {
    let alive = true;
    const load = () =>
      api.sync
        .status()
        .then((s) => alive && setStatus(s))
        .catch(() => undefined);
    void load();
    const t = window.setInterval(load, 10_000);
    return () => {
      alive = false;
      window.clearInterval(t);
    };
  }, []);
  return { status, refresh, set: setStatus };
}
