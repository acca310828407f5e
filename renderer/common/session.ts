import { createContext, useContext } from 'react';
import type { SessionView } from '../../shared/api/contract';

export interface SessionState {
  session: SessionView;
  setSession(s: SessionView | null): void;
  lock(): void;
  signOut(): void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in screen');
  return s;
}
