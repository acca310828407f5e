import { Table, Text } from '@mantine/core';
import type { Board } from '../../shared/api/board';
import { formatWait } from '../../shared/hall-queue';
import { t } from '../i18n';

/** 电子监察: today's waits of applicants served from a queue ticket (cases accepted today). */
export function QueueWaits({ waits }: { waits: Board['queueWaits'] }) {
  if (waits.cases === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="board-queue-waits">
        {t('今天还没有从叫号开始并已受理的办件。')}
      </Text>
    );
  }
  const row = (label: string, v: { avgSeconds: number; maxSeconds: number } | null) => (
    <Table.Tr>
      <Table.Td>{label}</Table.Td>
      <Table.Td>{v ? formatWait(v.avgSeconds) : '—'}</Table.Td>
      <Table.Td>{v ? formatWait(v.maxSeconds) : '—'}</Table.Td>
    </Table.Tr>
  );
  return (
    <Table withTableBorder data-testid="board-queue-waits" aria-label={t('今日等候时长（叫号）')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('今日已受理 {{n}} 件（叫号）', { n: waits.cases })}</Table.Th>
          <Table.Th>{t('平均')}</Table.Th>
          <Table.Th>{t('最长')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {row(t('取号 → 叫号'), waits.issuedToCalled)}
        {row(t('叫号 → 受理'), waits.calledToAccepted)}
      </Table.Tbody>
    </Table>
  );
}
