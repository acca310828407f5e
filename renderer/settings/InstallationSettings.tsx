import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText } from '../api';
import { formError } from '../common/FieldErrors';
import { useSession } from '../common/session';
import { t } from '../i18n';

export function InstallationSettings() {
  const { session, setSession } = useSession();
  const [form, setForm] = useState<{ hallName: string; hallCode: string; counterName: string; idleMinutes: number | string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.admin
      .getSettings()
      .then((s) => setForm({ ...s.installation, idleMinutes: Math.max(1, Math.round(s.idleLockSeconds / 60)) }))
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setError(null);
    const minutes = Number(form.idleMinutes);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 480) return setErrors({ idleMinutes: t('请填写 1 到 480 之间的整数') });
    try {
      const s = await api.admin.updateSettings({ hallName: form.hallName, hallCode: form.hallCode, counterName: form.counterName, idleLockSeconds: minutes * 60 });
      setErrors({});
      setSession({ ...session, installation: s.installation, idleLockSeconds: s.idleLockSeconds });
      notifications.show({ color: 'green', message: t('本机设置已保存。') });
    } catch (err) {
      const { fields, summary } = formError(err);
      setErrors(fields);
      setError(summary);
    }
  }

  if (!form) return error ? <Alert color="red">{error}</Alert> : null;
  return (
    <Card withBorder>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Title order={4}>{t('本机信息与锁屏')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('服务大厅名称')} value={form.hallName} error={errors.hallName} onChange={(e) => setForm({ ...form, hallName: e.currentTarget.value })} />
            <TextInput label={t('行政区划代码')} value={form.hallCode} error={errors.hallCode} onChange={(e) => setForm({ ...form, hallCode: e.currentTarget.value })} />
            <TextInput label={t('窗口名称')} value={form.counterName} error={errors.counterName} onChange={(e) => setForm({ ...form, counterName: e.currentTarget.value })} />
            <NumberInput
              label={t('无操作自动锁屏（分钟）')}
              min={1}
              max={480}
              allowDecimal={false}
              value={form.idleMinutes}
              error={errors.idleMinutes}
              onChange={(v) => setForm({ ...form, idleMinutes: v })}
            />
          </SimpleGrid>
          <TextInput label={t('本机设备编号')} value={session.installation.deviceId} readOnly variant="filled" />
          {error && <Alert color="red">{error}</Alert>}
          <Group>
            <Button type="submit">{t('保存')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
