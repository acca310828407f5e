import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { MethodOutput, SessionView } from '../../shared/api/contract';
import { api, errorText } from '../api';
import { AuthFrame } from './AuthFrame';
import { t } from '../i18n';

export function SignIn({ installation, onSignedIn }: { installation: MethodOutput<'app.info'>['installation']; onSignedIn(s: SessionView): void }) {
  const [staffNo, setStaffNo] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!staffNo.trim() || !password) {
      setError(t('请输入工号和密码。'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.auth.signIn({ staffNo: staffNo.trim(), password }));
    } catch (err) {
      setError(errorText(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const where = installation ? `${installation.hallName} · ${installation.counterName}` : '';
  return (
    <AuthFrame subtitle={<>{t('工作人员登录')}{where && <><br />{where}</>}</>}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <TextInput label={t('工号')} name="staffNo" autoComplete="username" autoFocus value={staffNo} onChange={(e) => setStaffNo(e.currentTarget.value)} />
          <PasswordInput label={t('密码')} name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {error && (
            <Alert color="red" role="alert" title={t('未能登录')}>
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy} size="md">
            {t('登录')}
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
