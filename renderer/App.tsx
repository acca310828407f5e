import { Center, Loader, Stack, Text, Alert, Button } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { HashRouter } from 'react-router';
import type { MethodOutput, SessionView } from '../shared/api/contract';
import { api, errorText, SESSION_EVENT } from './api';
import { FirstRun } from './auth/FirstRun';
import { ForcedChange } from './auth/ForcedChange';
import { LockScreen } from './auth/LockScreen';
import { SignIn } from './auth/SignIn';
import { useIdleLock } from './auth/useIdleLock';
import { SessionContext } from './common/session';
import { AppLayout } from './shell/AppLayout';
import { applyDisplay } from './display';
import { t } from './i18n';

type Info = MethodOutput<'app.info'>;

export function App() {
  const [info, setInfo] = useState<Info | null>(null);
  const [session, setSession] = useState<SessionView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    api.app
      .info()
      .then(async (i) => ({ i, s: i.setUp ? await api.auth.session() : null }))
      .then(({ i, s }) => {
        if (!alive) return;
        setInfo(i);
        setSession(s);
      })
      .catch((err: unknown) => alive && setLoadError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [attempt]);

  // The clerk's own display modes follow them from sign-in (and unlock) on.
  const display = session?.display;
  useEffect(() => {
    if (display) applyDisplay(display);
  }, [display]);

  const lock = useCallback(() => setSession((s) => (s ? { ...s, locked: true } : s)), []);
  useIdleLock(session, lock);

  useEffect(() => {
    const onSession = (e: Event) => {
      const code = (e as CustomEvent<string>).detail;
      if (code === 'SESSION_LOCKED') lock();
      // An admin reset the password while this clerk was signed in: the change screen takes over.
      else if (code === 'PASSWORD_CHANGE_REQUIRED') setSession((s) => (s ? { ...s, mustChangePassword: true } : s));
      else setSession(null);
    };
    window.addEventListener(SESSION_EVENT, onSession);
    return () => window.removeEventListener(SESSION_EVENT, onSession);
  }, [lock]);

  if (loadError) {
    return (
      <Center h="100vh">
        <Stack maw={480}>
          <Alert color="red" title={t('无法连接本机服务')}>
            {loadError}
          </Alert>
          <Button
            onClick={() => {
              setLoadError(null);
              setAttempt((a) => a + 1);
            }}
          >
            {t('重试')}
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!info) {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Loader />
          <Text c="dimmed">{t('正在启动…')}</Text>
        </Stack>
      </Center>
    );
  }
  if (!info.setUp) {
    return (
      <FirstRun
        onDone={(s) => {
          setInfo({ ...info, setUp: true, installation: s.installation });
          setSession(s);
        }}
      />
    );
  }
  if (!session) return <SignIn installation={info.installation} onSignedIn={setSession} />;
  if (session.mustChangePassword) {
    return (
      <>
        <ForcedChange session={session} onChanged={setSession} onSignedOut={() => setSession(null)} />
        {session.locked && <LockScreen session={session} onUnlocked={setSession} onSignedOut={() => setSession(null)} />}
      </>
    );
  }

  return (
    <SessionContext.Provider value={{ session, setSession, lock, signOut: () => setSession(null) }}>
      <HashRouter>
        <AppLayout />
      </HashRouter>
      {session.locked && <LockScreen session={session} onUnlocked={setSession} onSignedOut={() => setSession(null)} />}
    </SessionContext.Provider>
  );
}
