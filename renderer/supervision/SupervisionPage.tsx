import { Stack, Tabs, Title } from '@mantine/core';
import { useState } from 'react';
import { STAGE_INFO } from '../common/stages';
import { ArchivePanel } from './ArchivePanel';
import { BoardPanel } from './Board';
import { ChainCheckPanel } from './ChainCheck';
import { DuplicatesPanel } from './Duplicates';
import { ReportsPanel } from './reports/ReportsPanel';
import { t } from '../i18n';

type Tab = 'board' | 'duplicates' | 'reports' | 'archive' | 'chain';

/** 电子监察: today's board (figures, deadline warnings, rectifications), the period reports and the archive. */
export function SupervisionPage() {
  const [tab, setTab] = useState<Tab>('board');
  return (
    <Stack gap="md" maw={1400}>
      <Title order={2}>{STAGE_INFO.supervision.title}</Title>
      {/* Panels mount when shown: the reports are not computed until asked for. */}
      <Tabs value={tab} onChange={(v) => setTab((v as Tab | null) ?? 'board')} keepMounted={false}>
        <Tabs.List aria-label={t('电子监察')}>
          <Tabs.Tab value="board">{t('今日看板')}</Tabs.Tab>
          <Tabs.Tab value="duplicates">{t('重复办件')}</Tabs.Tab>
          <Tabs.Tab value="reports">{t('统计报表')}</Tabs.Tab>
          <Tabs.Tab value="archive">{t('电子归档')}</Tabs.Tab>
          <Tabs.Tab value="chain">{t('事件链校验')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="board" pt="md">
          <BoardPanel />
        </Tabs.Panel>
        <Tabs.Panel value="duplicates" pt="md">
          <DuplicatesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="reports" pt="md">
          <ReportsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="archive" pt="md">
          <ArchivePanel />
        </Tabs.Panel>
        <Tabs.Panel value="chain" pt="md">
          <ChainCheckPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
