import { useEffect, useRef } from 'react';
import type { SessionView } from '../../shared/api/contract';
import { api, errorCode } from '../api';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Locks the screen after the configured idle time. The host enforces the same limit on
 * every call; heartbeats tell it the clerk is still typing even when nothing is saved.
 */
export function useIdleLock(session: SessionView | null, lock: () => void): void {
  const lastActivity = useRef(0);
  const lastBeat = useRef(0);
  const active = session !== null && !session.locked;
  const idleMs = (session?.idleLockSeconds ?? 600) * 1000;

  useEffect(() => {
    if (!active) return;
    lastActivity.current = Date.now();
    lastBeat.current = Date.now();
    const beatEvery = Math.min(30_000, idleMs / 3);
    const onActivity = () => {
      lastActivity.current = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, onActivity, { passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now - lastActivity.current >= idleMs) {
        void api.auth.lock().catch(() => undefined);
        lock();
      } else if (lastActivity.current > lastBeat.current && now - lastBeat.current >= beatEvery) {
        lastBeat.current = now;
        api.auth.heartbeat().catch((err: unknown) => {
          if (errorCode(err) === 'SESSION_LOCKED') lock();
        });
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, onActivity);
    };
  }, [active, idleMs, lock]);
}
