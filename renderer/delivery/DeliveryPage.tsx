import { Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { STAGE_INFO } from '../common/stages';
import { CaseDelivery } from './CaseDelivery';
import { MailQueue } from './MailQueue';
import { initialQueueState, QueueView, type QueueState } from './QueueView';
import { RateByCode } from './RateByCode';
import { t } from '../i18n';

type Tab = 'queue' | 'mail';

/** 综合出件 · 好差评: the pickup queue, results in the post, and the case being handed over. */
export function DeliveryPage() {
  const [tab, setTab] = useState<Tab>('queue');
  const [queue, setQueue] = useState<QueueState>(initialQueueState);
  const [open, setOpen] = useState<string | null>(null);

  const openCase = (caseId: string) => {
    setOpen(caseId);
    window.scrollTo(0, 0);
  };
  if (open) return <CaseDelivery key={open} caseId={open} onBack={() => setOpen(null)} />;

  return (
    <Stack gap="md" maw={1600}>
      <Group justify="space-between">
        <Title order={2}>{STAGE_INFO.delivery.title}</Title>
        <Text size="sm" c="dimmed">
          {t('扫描受理通知书条码或输入身份证号、姓名、手机号查找办件')}
        </Text>
      </Group>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 9 }}>
          <Tabs value={tab} onChange={(v) => v && setTab(v as Tab)} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="queue">{t('待出件')}</Tabs.Tab>
              <Tabs.Tab value="mail">{t('邮寄在途')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="queue" pt="sm">
              <QueueView state={queue} onState={setQueue} onOpen={openCase} />
            </Tabs.Panel>
            <Tabs.Panel value="mail" pt="sm">
              <MailQueue onOpen={openCase} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 3 }}>
          <RateByCode />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
