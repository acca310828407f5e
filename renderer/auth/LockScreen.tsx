import { Alert, Button, Group, Overlay, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../shared/api/contract';
import { api, errorCode, errorText } from '../api';
import { Brand } from '../common/Brand';
import { t } from '../i18n';

/** Covers the screen opaquely (no personal data shows through) without unmounting it, so nothing typed is lost. */
export function LockScreen({ session, onUnlocked, onSignedOut }: { session: SessionView; onUnlocked(s: SessionView): void; onSignedOut(): void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onUnlocked(await api.auth.unlock({ password }));
    } catch (err) {
      if (errorCode(err) === 'UNAUTHENTICATED') onSignedOut();
      setError(errorText(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  async function switchClerk() {
    await api.auth.signOut().catch(() => undefined);
    onSignedOut();
  }

  return (
    <Overlay fixed backgroundOpacity={1} color="#0f1d33" zIndex={1000} center>
      <Paper p="xl" radius="md" w={400} role="dialog" aria-modal="true" aria-labelledby="lock-title">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Stack>
            <Brand />
            <Title order={3} id="lock-title">
              {t('屏幕已锁定')}
            </Title>
            <Text size="sm" c="dimmed">
              {session.clerk.name}{t('（工号')} {session.clerk.staffNo}{t('），请输入密码解锁。已填写的内容不会丢失。')}
            </Text>
            <PasswordInput label={t('密码')} autoFocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="space-between">
              <Button variant="subtle" onClick={() => void switchClerk()}>
                {t('切换工作人员')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('解锁')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    </Overlay>
  );
}
