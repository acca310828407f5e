import { Badge, Group, Table, Text } from '@mantine/core';
import type { ItemDeadline, SubApplication } from '../../shared/api/routing';
import { PRIORITY_LABELS, type PriorityReason } from '../../shared/intake';
import { t } from '../i18n';

// Small display pieces shared by the review queue, the sub-application and the supervision screen.

export type TimelineEntry = SubApplication['timeline'][number];

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO timestamp in local time as YYYY-MM-DD HH:mm; a bare date stays as it is. */
export function fmt(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const trimDecimal = (n: number) => String(Math.round(n * 10) / 10);

/** How long a step took, in the unit a clerk would say it in. */
export function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return t('用时 {{v0}} 分钟', { v0: Math.max(0, Math.round(minutes)) });
  if (minutes < 24 * 60) return t('用时 {{v0}} 小时', { v0: trimDecimal(minutes / 60) });
  return t('用时 {{v0}} 天', { v0: trimDecimal(minutes / (24 * 60)) });
}

export const caseNo = (n: string | null) => n ?? t('（未编号）');

export const LEVEL_LABELS = { green: t('正常'), yellow: t('即将到期'), red: t('已超期') } as const;
const LEVEL_COLORS = { green: 'green', yellow: 'yellow', red: 'red' } as const;

/** The level of a clock with the pause and overdue marks next to it. */
export function DeadlineBadges({ deadline, testId }: { deadline: ItemDeadline | null; testId?: string }) {
  if (!deadline) return <Text size="sm" c="dimmed">—</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={LEVEL_COLORS[deadline.level]} variant={deadline.level === 'green' ? 'light' : 'filled'} data-testid={testId}>
        {LEVEL_LABELS[deadline.level]}
      </Badge>
      {deadline.pausedNow && (
        <Badge color="gray" variant="outline">
          {t('停表中')}
        </Badge>
      )}
      {deadline.overdueWorkdays > 0 && (
        <Badge color="red" variant="outline">
          {t('超期')} {deadline.overdueWorkdays} {t('个工作日')}
        </Badge>
      )}
    </Group>
  );
}

export function PriorityBadge({ priority }: { priority: PriorityReason | null }) {
  if (!priority) return null;
  return (
    <Badge color="orange" variant="filled" title={t('绿色通道（优先办理）')}>
      {PRIORITY_LABELS[priority]}
    </Badge>
  );
}

/** Every step of a case or item, oldest first, with how long each took. */
export function TimelineTable({ entries, testId }: { entries: readonly TimelineEntry[]; testId?: string }) {
  if (entries.length === 0) return <Text c="dimmed" size="sm">{t('暂无办理记录。')}</Text>;
  return (
    <Table striped data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('时间')}</Table.Th>
          <Table.Th>{t('办理人')}</Table.Th>
          <Table.Th>{t('操作')}</Table.Th>
          <Table.Th>{t('事项')}</Table.Th>
          <Table.Th>{t('说明')}</Table.Th>
          <Table.Th>{t('用时')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((e, i) => (
          <Table.Tr key={`${e.at}-${i}`}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(e.at)}</Table.Td>
            <Table.Td>{e.actor}</Table.Td>
            <Table.Td>{e.action}</Table.Td>
            <Table.Td>{e.item ?? '—'}</Table.Td>
            <Table.Td>{e.detail ?? '—'}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{duration(e.minutesSincePrevious)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
