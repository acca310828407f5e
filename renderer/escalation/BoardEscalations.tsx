import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { Board } from '../../shared/api/board';
import { t } from '../i18n';

/** 办不成事 on the supervision board: the figures and the overdue records, each opening its record. */
export function BoardEscalations({ data }: { data: Board['escalations'] }) {
  return (
    <>
      <Text size="sm" data-testid="board-escalation-counts">
        {t('办理中 {{open}} 件，其中已超期 {{overdue}} 件；今日办结 {{resolved}} 件。', { open: data.open, overdue: data.overdue, resolved: data.resolvedToday })}
      </Text>
      {data.overdueRows.length > 0 ? (
        <Table highlightOnHover aria-label={t('已超期的办不成事')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('编号')}</Table.Th>
              <Table.Th>{t('反映的问题')}</Table.Th>
              <Table.Th>{t('牵头承办人')}</Table.Th>
              <Table.Th>{t('办理时限')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.overdueRows.map((r) => (
              <Table.Tr key={r.id} data-escalation={r.id} style={{ background: 'var(--mantine-color-red-0)' }}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Anchor component={Link} to={`/escalation/${r.id}`}>
                    {r.number}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.problem}</Table.Td>
                <Table.Td>{r.leadStaff ?? t('（待分派）')}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {r.deadline}{' '}
                  <Badge color="red" variant="filled">
                    {t('已超期')}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Text size="sm" c="dimmed">
          {t('没有超过办理时限的办不成事。')}
        </Text>
      )}
      {data.overdue > data.overdueRows.length && (
        <Text size="xs" c="dimmed">
          {t('共 {{total}} 件，此处列出时限最早的 {{n}} 件。', { total: data.overdue, n: data.overdueRows.length })}
        </Text>
      )}
    </>
  );
}
