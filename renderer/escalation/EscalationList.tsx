import { Alert, Anchor, Button, Center, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { EscalationFilter, EscalationList as ListView } from '../../shared/api/escalation';
import { ESCALATION_STATE_LABELS } from '../../shared/escalation';
import { api, errorText } from '../api';
import { STAGE_INFO } from '../common/stages';
import { t } from '../i18n';
import { OverdueBadge, StateBadge } from './ui';

type Filter = EscalationFilter | 'all';

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: t('全部') },
  { value: 'overdue', label: t('已超期') },
  { value: 'open', label: ESCALATION_STATE_LABELS.open },
  { value: 'in_progress', label: ESCALATION_STATE_LABELS.in_progress },
  { value: 'resolved', label: ESCALATION_STATE_LABELS.resolved },
  { value: 'closed', label: ESCALATION_STATE_LABELS.closed },
];

/** The records, most recently changed first (the overdue ones earliest deadline first). */
export function EscalationList() {
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('all');
  const [view, setView] = useState<ListView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.escalation.list(filter === 'all' ? {} : { status: filter }).then(
      (v) => {
        if (!live) return;
        setView(v);
        setError(null);
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [filter]);

  return (
    <Stack gap="md" maw={1400}>
      <Group justify="space-between">
        <div>
          <Title order={2}>{STAGE_INFO.escalation.title}</Title>
          <Text size="sm" c="dimmed">
            {STAGE_INFO.escalation.summary}
          </Text>
        </div>
        <Button onClick={() => navigate('new')}>{t('登记办不成事')}</Button>
      </Group>
      <SegmentedControl aria-label={t('按状态筛选')} data={FILTERS} value={filter} onChange={(v) => setFilter(v as Filter)} />
      {error && (
        <Alert color="red" role="alert" title={t('无法载入列表')}>
          {error}
        </Alert>
      )}
      {!view && !error && (
        <Center h={120}>
          <Loader aria-label={t('正在载入')} />
        </Center>
      )}
      {view && view.rows.length === 0 && <Text c="dimmed">{filter === 'all' ? t('还没有登记过办不成事。') : t('没有符合条件的记录。')}</Text>}
      {view && view.rows.length > 0 && (
        <Table highlightOnHover withTableBorder data-testid="escalation-list" aria-label={t('办不成事记录')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('编号')}</Table.Th>
              <Table.Th>{t('申请人')}</Table.Th>
              <Table.Th>{t('反映的问题')}</Table.Th>
              <Table.Th>{t('牵头承办人')}</Table.Th>
              <Table.Th>{t('办理时限')}</Table.Th>
              <Table.Th>{t('状态')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.rows.map((r) => (
              <Table.Tr
                key={r.id}
                data-escalation={r.id}
                style={{ cursor: 'pointer', background: r.overdue ? 'var(--mantine-color-red-0)' : undefined }}
                onClick={() => navigate(r.id)}
              >
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={r.id} onClick={(e) => e.stopPropagation()}>
                    {r.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.applicantName}</Text>
                  {r.idNumberMasked && (
                    <Text size="xs" c="dimmed">
                      {r.idNumberMasked}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.problem}</Table.Td>
                <Table.Td>{r.leadStaff ?? t('（待分派）')}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm">{r.deadline ?? '—'}</Text>
                    <OverdueBadge overdue={r.overdue} />
                  </Group>
                </Table.Td>
                <Table.Td>
                  <StateBadge state={r.state} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {view?.truncated && (
        <Text size="xs" c="dimmed">
          {t('只列出最近的 {{n}} 条；请用状态筛选缩小范围。', { n: view.rows.length })}
        </Text>
      )}
    </Stack>
  );
}
