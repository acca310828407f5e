import { Alert, Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import type { HallQueueSettings as Settings } from '../../shared/hall-queue';
import { api, errorText } from '../api';
import { formError } from '../common/FieldErrors';
import { t } from '../i18n';

/** 设置 → 叫号与预约 (admin): the queue system's address and this window's number; where appointments come from. */
export function HallQueueSettings() {
  const [form, setForm] = useState<Settings | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.admin
      .hallQueueSettings()
      .then(setForm)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setError(null);
    try {
      setForm(await api.admin.hallQueueConfigure(form));
      setFields({});
      notifications.show({ color: 'green', message: t('叫号与预约设置已保存。') });
    } catch (err) {
      const { fields: f, summary } = formError(err);
      setFields(f);
      setError(summary);
    }
  }

  if (!form) return error ? <Alert color="red">{error}</Alert> : null;
  const text = (v: string) => (v.trim() ? v.trim() : null);
  return (
    <Card withBorder>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack>
          <Title order={4}>{t('叫号与预约')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('叫号系统地址')}
              description={t('如 http://10.1.2.3:8080/queue；不填则本窗口手工叫号')}
              value={form.queue.url ?? ''}
              error={fields['queue.url']}
              onChange={(e) => setForm({ ...form, queue: { ...form.queue, url: text(e.currentTarget.value) } })}
            />
            <TextInput
              label={t('本窗口在叫号系统中的窗口号')}
              value={form.queue.windowNo}
              error={fields['queue.windowNo']}
              onChange={(e) => setForm({ ...form, queue: { ...form.queue, windowNo: e.currentTarget.value } })}
            />
            <NumberInput
              label={t('叫号系统超时（毫秒）')}
              min={500}
              max={30000}
              step={500}
              allowDecimal={false}
              value={form.queue.timeoutMs}
              error={fields['queue.timeoutMs']}
              onChange={(v) => setForm({ ...form, queue: { ...form.queue, timeoutMs: typeof v === 'number' ? v : Number(v) || 5000 } })}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('预约文件夹')}
              description={t('预约系统导出的 CSV 或 JSON 文件放入此文件夹，导入后移到其中的“已导入”文件夹')}
              value={form.appointments.dropDir ?? ''}
              error={fields['appointments.dropDir']}
              onChange={(e) => setForm({ ...form, appointments: { ...form.appointments, dropDir: text(e.currentTarget.value) } })}
            />
            <TextInput
              label={t('预约系统接口地址')}
              description={t('按日期查询当天预约（GET 地址?date=年-月-日），不接入则不填')}
              value={form.appointments.pullUrl ?? ''}
              error={fields['appointments.pullUrl']}
              onChange={(e) => setForm({ ...form, appointments: { ...form.appointments, pullUrl: text(e.currentTarget.value) } })}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('CSV 文件第一行为列名：预约号、姓名、手机号码、证件号码（可不填）、一件事（名称或编号）、日期、时段（如 09:00-09:30）。')}
          </Text>
          {error && <Alert color="red">{error}</Alert>}
          <Group>
            <Button type="submit">{t('保存')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
