import { Alert, Button, Divider, Group, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../shared/api/contract';
import { api } from '../api';
import { formError } from '../common/FieldErrors';
import { AuthFrame } from './AuthFrame';
import { PasswordRule } from './PasswordRule';
import { t } from '../i18n';

const EMPTY = { hallName: '', hallCode: '', counterName: '', adminStaffNo: '', adminName: '', password: '', confirm: '' };

/** First start on an empty database: name the hall and counter, create the first admin. */
export function FirstRun({ onDone }: { onDone(s: SessionView): void }) {
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bind = (k: keyof typeof EMPTY) => ({
    value: form[k],
    error: errors[k],
    onChange: (e: { currentTarget: { value: string } }) => setForm({ ...form, [k]: e.currentTarget.value }),
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (form.password !== form.confirm) {
      setErrors({ confirm: t('两次输入的密码不一致') });
      return;
    }
    setBusy(true);
    try {
      const { confirm: _confirm, ...input } = form;
      onDone(await api.setup.create(input));
    } catch (err) {
      const { fields, summary } = formError(err);
      setErrors(fields);
      setError(summary);
    } finally {
      setBusy(false);
    }
  }

  return (
    <AuthFrame subtitle={t('首次使用：请设置本机所属大厅与窗口，并创建管理员账号。')} width={640}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Divider label={t('本机所属')} labelPosition="left" />
          <SimpleGrid cols={2}>
            <TextInput label={t('服务大厅名称')} placeholder={t('如：漠河市政务服务中心')} required {...bind('hallName')} />
            <TextInput label={t('行政区划代码')} placeholder={t('如：232701（可不填）')} {...bind('hallCode')} />
          </SimpleGrid>
          <TextInput label={t('窗口名称')} placeholder={t('如：综合受理 3 号窗口')} required {...bind('counterName')} />
          <Divider label={t('管理员账号')} labelPosition="left" />
          <SimpleGrid cols={2}>
            <TextInput label={t('工号')} required autoComplete="username" {...bind('adminStaffNo')} />
            <TextInput label={t('姓名')} required {...bind('adminName')} />
            <PasswordInput label={t('密码')} required autoComplete="new-password" description={<PasswordRule />} {...bind('password')} />
            <PasswordInput label={t('再次输入密码')} required autoComplete="new-password" {...bind('confirm')} />
          </SimpleGrid>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('大厅与窗口名称以后可由管理员在“设置”中修改。')}
            </Text>
            <Button type="submit" loading={busy}>
              {t('完成设置并登录')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AuthFrame>
  );
}
