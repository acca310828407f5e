import { Alert, Button, Card, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { formError } from '../common/FieldErrors';
import { t } from '../i18n';
import { PasswordRule } from '../auth/PasswordRule';

/** `onChanged` replaces the notice (the forced change moves on at once); `bare` drops the card and heading. */
export function ChangePassword({ onChanged, bare = false }: { onChanged?: () => void; bare?: boolean } = {}) {
  const [form, setForm] = useState({ oldPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (form.newPassword !== form.confirm) return setErrors({ confirm: t('两次输入的新密码不一致') });
    try {
      await api.auth.changePassword({ oldPassword: form.oldPassword, newPassword: form.newPassword });
      setForm({ oldPassword: '', newPassword: '', confirm: '' });
      setErrors({});
      if (onChanged) onChanged();
      else notifications.show({ color: 'green', message: t('密码已修改，下次登录请使用新密码。') });
    } catch (err) {
      const { fields, summary } = formError(err);
      setErrors(fields);
      setError(summary);
    }
  }

  const bind = (k: keyof typeof form) => ({ value: form[k], error: errors[k], onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value }) });
  const body = (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack maw={420}>
        {!bare && <Title order={4}>{t('修改我的密码')}</Title>}
        <PasswordInput label={t('原密码')} autoComplete="current-password" {...bind('oldPassword')} />
        <PasswordInput label={t('新密码')} description={<PasswordRule />} autoComplete="new-password" {...bind('newPassword')} />
        <PasswordInput label={t('再次输入新密码')} autoComplete="new-password" {...bind('confirm')} />
        {error && <Alert color="red">{error}</Alert>}
        <Group>
          <Button type="submit">{t('修改密码')}</Button>
        </Group>
      </Stack>
    </form>
  );
  return bare ? body : <Card withBorder>{body}</Card>;
}
