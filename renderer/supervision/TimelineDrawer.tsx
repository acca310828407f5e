import { Alert, Badge, Center, Drawer, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import { api, errorText } from '../api';
import { ItemStateBadge } from '../routing/ItemDetail';
import { caseNo, fmt, TimelineTable } from '../routing/ui';
import { t } from '../i18n';

type CaseTimeline = MethodOutput<'supervision.timeline'>;

export interface TimelineTarget {
  caseId: string;
  caseNumber: string | null;
}

function TimelineBody({ caseId }: { caseId: string }) {
  const [data, setData] = useState<CaseTimeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    api.supervision
      .timeline({ caseId })
      .then((t) => alive && setData(t))
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [caseId]);

  if (error) return <Alert color="red">{error}</Alert>;
  if (!data)
    return (
      <Center h={200}>
        <Loader />
      </Center>
    );
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Text fw={600}>{data.bundleName}</Text>
        <Badge variant="light">{CASE_STATE_LABELS[data.state]}</Badge>
      </Group>
      <Stack gap="xs" data-testid="timeline-waiting">
        <Title order={4}>{t('当前等待')}</Title>
        {data.waiting.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('当前没有等待中的环节。')}
          </Text>
        ) : (
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('事项')}</Table.Th>
                <Table.Th>{t('部门')}</Table.Th>
                <Table.Th>{t('状态')}</Table.Th>
                <Table.Th>{t('等待')}</Table.Th>
                <Table.Th>{t('自')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.waiting.map((w, i) => (
                <Table.Tr key={`${w.item}-${i}`}>
                  <Table.Td>{w.item}</Table.Td>
                  <Table.Td>{w.department}</Table.Td>
                  <Table.Td>
                    <ItemStateBadge state={w.state} />
                  </Table.Td>
                  <Table.Td>{w.on}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(w.since)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
      <Stack gap="xs">
        <Title order={4}>{t('办理记录')}</Title>
        <TimelineTable entries={data.entries} testId="timeline-entries" />
      </Stack>
    </Stack>
  );
}

/** Every step of one case and whom it waits on now. */
export function TimelineDrawer({ target, onClose }: { target: TimelineTarget | null; onClose(): void }) {
  return (
    <Drawer opened={target !== null} onClose={onClose} position="right" size="xl" title={target ? t('办理过程 {{v0}}', { v0: caseNo(target.caseNumber) }) : ''}>
      {target && <TimelineBody key={target.caseId} caseId={target.caseId} />}
    </Drawer>
  );
}
