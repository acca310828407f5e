import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import type { QueueRow } from '../../shared/api/routing';
import { caseNo, PriorityBadge } from '../routing/ui';
import { t } from '../i18n';

// The hall's deadline warnings (supervision.warnings): overdue, nearly due, and items that can no
// longer go on. A row opens the case's timeline.

export type Warnings = MethodOutput<'supervision.warnings'>;
export type StrandedRow = Warnings['stranded'][number];
type Kind = 'red' | 'yellow' | 'stranded';

function DaysBadge({ row, kind }: { row: QueueRow; kind: Kind }) {
  const d = row.deadline;
  if (!d) return <Text size="sm">—</Text>;
  if (d.overdueWorkdays > 0 || kind === 'red')
    return (
      <Badge color="red" variant="filled">
        {t('超期')} {d.overdueWorkdays} {t('个工作日')}
      </Badge>
    );
  if (d.remainingWorkdays === null) return <Text size="sm">{t('不限时')}</Text>;
  return (
    <Badge color={kind === 'yellow' ? 'yellow' : 'gray'} variant={kind === 'yellow' ? 'filled' : 'light'}>
      {d.remainingWorkdays === 0 ? t('今日到期') : t('剩余 {{remainingWorkdays}} 个工作日', { remainingWorkdays: d.remainingWorkdays })}
    </Badge>
  );
}

export function WarningTable({
  rows,
  kind,
  onTimeline,
  onCancel,
}: {
  rows: readonly (QueueRow & { blockedBy?: string[] })[];
  kind: Kind;
  onTimeline(r: QueueRow): void;
  onCancel?: (r: StrandedRow) => void;
}) {
  const tint = kind === 'red' ? 'var(--mantine-color-red-0)' : kind === 'yellow' ? 'var(--mantine-color-yellow-0)' : undefined;
  return (
    <Table highlightOnHover>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('办件编号')}</Table.Th>
          <Table.Th>{t('事项')}</Table.Th>
          <Table.Th>{t('部门')}</Table.Th>
          <Table.Th>{t('申请人')}</Table.Th>
          <Table.Th>{t('承诺办结日')}</Table.Th>
          <Table.Th>{t('超期/剩余工作日')}</Table.Th>
          <Table.Th>{t('优先')}</Table.Th>
          {kind === 'stranded' && <Table.Th>{t('未获批准的前置事项')}</Table.Th>}
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr
            key={`${r.caseId}/${r.itemId}`}
            style={{ cursor: 'pointer', background: tint }}
            onClick={() => onTimeline(r)}
            data-case={r.caseId}
            data-item={r.itemId}
          >
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{caseNo(r.caseNumber)}</Table.Td>
            <Table.Td>{r.itemName}</Table.Td>
            <Table.Td>{r.department}</Table.Td>
            <Table.Td>{r.applicant || '—'}</Table.Td>
            <Table.Td>{r.deadline ? (r.deadline.dueDate ?? t('不限时')) : '—'}</Table.Td>
            <Table.Td>
              <DaysBadge row={r} kind={kind} />
            </Table.Td>
            <Table.Td>
              <PriorityBadge priority={r.priority} />
            </Table.Td>
            {kind === 'stranded' && <Table.Td>{r.blockedBy?.join(t('、')) || '—'}</Table.Td>}
            <Table.Td onClick={(e) => e.stopPropagation()}>
              <Group gap={4} wrap="nowrap">
                <Button size="compact-sm" variant="subtle" aria-label={t('办理过程 {{v0}}', { v0: caseNo(r.caseNumber) })} onClick={() => onTimeline(r)}>
                  {t('办理过程')}
                </Button>
                {onCancel && (
                  <Button
                    size="compact-sm"
                    color="red"
                    variant="light"
                    aria-label={t('终止办理 {{itemName}}', { itemName: r.itemName })}
                    onClick={() => onCancel({ ...r, blockedBy: r.blockedBy ?? [] })}
                  >
                    {t('终止办理')}
                  </Button>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function Section({ title, color, count, empty, testId, children }: { title: string; color: string; count: number; empty: string; testId: string; children: ReactNode }) {
  return (
    // The id lets a figure of the board jump here (and take focus) from the keyboard.
    <Card withBorder data-testid={testId} id={testId} tabIndex={-1} style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}>
      <Stack gap="sm">
        <Title order={3} size="h4" c={count > 0 && color !== 'gray' ? `${color}.8` : undefined}>
          {title}{t('（')}{count}{t('）')}
        </Title>
        {count === 0 ? (
          <Text size="sm" c="dimmed">
            {empty}
          </Text>
        ) : (
          children
        )}
      </Stack>
    </Card>
  );
}
