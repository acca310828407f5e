import { Alert, Badge, Button, Card, Center, Group, Loader, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type ReactNode } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import type { QueueRow } from '../../shared/api/routing';
import { api, errorText } from '../api';
import { STAGE_INFO } from '../common/stages';
import { CancelForm } from '../routing/ActionDialogs';
import { caseNo, fmt, PriorityBadge } from '../routing/ui';
import { Rectifications } from './Rectifications';
import { TimelineDrawer, type TimelineTarget } from './TimelineDrawer';

type Warnings = MethodOutput<'supervision.warnings'>;
type StrandedRow = Warnings['stranded'][number];
type Kind = 'red' | 'yellow' | 'stranded';

function DaysBadge({ row, kind }: { row: QueueRow; kind: Kind }) {
  const d = row.deadline;
  if (!d) return <Text size="sm">—</Text>;
  if (d.overdueWorkdays > 0 || kind === 'red')
    return (
      <Badge color="red" variant="filled">
        超期 {d.overdueWorkdays} 个工作日
      </Badge>
    );
  if (d.remainingWorkdays === null) return <Text size="sm">不限时</Text>;
  return (
    <Badge color={kind === 'yellow' ? 'yellow' : 'gray'} variant={kind === 'yellow' ? 'filled' : 'light'}>
      {d.remainingWorkdays === 0 ? '今日到期' : `剩余 ${d.remainingWorkdays} 个工作日`}
    </Badge>
  );
}

function WarningTable({
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
          <Table.Th>办件编号</Table.Th>
          <Table.Th>事项</Table.Th>
          <Table.Th>部门</Table.Th>
          <Table.Th>申请人</Table.Th>
          <Table.Th>承诺办结日</Table.Th>
          <Table.Th>超期/剩余工作日</Table.Th>
          <Table.Th>优先</Table.Th>
          {kind === 'stranded' && <Table.Th>未获批准的前置事项</Table.Th>}
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
            <Table.Td>{r.deadline ? (r.deadline.dueDate ?? '不限时') : '—'}</Table.Td>
            <Table.Td>
              <DaysBadge row={r} kind={kind} />
            </Table.Td>
            <Table.Td>
              <PriorityBadge priority={r.priority} />
            </Table.Td>
            {kind === 'stranded' && <Table.Td>{r.blockedBy?.join('、') || '—'}</Table.Td>}
            <Table.Td onClick={(e) => e.stopPropagation()}>
              <Group gap={4} wrap="nowrap">
                <Button size="compact-sm" variant="subtle" aria-label={`办理过程 ${caseNo(r.caseNumber)}`} onClick={() => onTimeline(r)}>
                  办理过程
                </Button>
                {onCancel && (
                  <Button
                    size="compact-sm"
                    color="red"
                    variant="light"
                    aria-label={`终止办理 ${r.itemName}`}
                    onClick={() => onCancel({ ...r, blockedBy: r.blockedBy ?? [] })}
                  >
                    终止办理
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

function Section({ title, color, count, empty, testId, children }: { title: string; color: string; count: number; empty: string; testId: string; children: ReactNode }) {
  return (
    <Card withBorder data-testid={testId} style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}>
      <Stack gap="sm">
        <Title order={3} size="h4" c={count > 0 && color !== 'gray' ? `${color}.8` : undefined}>
          {title}（{count}）
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

/** 电子监察: overdue and nearly due sub-applications, items that can no longer go on, and each case's steps. */
export function SupervisionPage() {
  const [data, setData] = useState<Warnings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [timeline, setTimeline] = useState<TimelineTarget | null>(null);
  const [cancel, setCancel] = useState<StrandedRow | null>(null);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api.supervision
      .warnings({})
      .then((w) => {
        if (!alive) return;
        setData(w);
        setError(null);
        setLoadedAt(new Date().toISOString());
      })
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [tick]);

  /** After a conflict: the row's latest version, or closing the dialog when it is gone. */
  async function refreshCancel(): Promise<StrandedRow | null> {
    try {
      const w = await api.supervision.warnings({});
      setData(w);
      setError(null);
      const row = cancel ? (w.stranded.find((s) => s.caseId === cancel.caseId && s.itemId === cancel.itemId) ?? null) : null;
      setCancel(row);
      return row;
    } catch (err) {
      setError(errorText(err));
      return null;
    }
  }

  const openTimeline = (r: QueueRow) => setTimeline({ caseId: r.caseId, caseNumber: r.caseNumber });

  return (
    <Stack gap="md" maw={1400}>
      <Group justify="space-between">
        <Title order={2}>{STAGE_INFO.supervision.title}</Title>
        <Group gap="sm">
          {data && (
            <Text size="sm" data-testid="supervision-today">
              今天：{data.today}
            </Text>
          )}
          <Button variant="default" size="xs" onClick={() => setTick((t) => t + 1)}>
            刷新
          </Button>
        </Group>
      </Group>
      {data?.calendarWarning && (
        <Alert color="yellow" title="工作日历提醒" data-testid="calendar-warning">
          {data.calendarWarning}
        </Alert>
      )}
      {error && (
        <Alert color="red" title="无法载入预警">
          {error}
        </Alert>
      )}
      {!data && !error && (
        <Center h={200}>
          <Loader />
        </Center>
      )}
      {data && (
        <>
          <Section title="已超期" color="red" count={data.red.length} empty="没有超期的子件。" testId="warnings-red">
            <WarningTable rows={data.red} kind="red" onTimeline={openTimeline} />
          </Section>
          <Section title="即将到期" color="yellow" count={data.yellow.length} empty="没有即将到期的子件。" testId="warnings-yellow">
            <WarningTable rows={data.yellow} kind="yellow" onTimeline={openTimeline} />
          </Section>
          <Section title="无法继续办理的子件" color="gray" count={data.stranded.length} empty="没有因前置事项未获批准而无法继续办理的子件。" testId="warnings-stranded">
            <Text size="xs" c="dimmed">
              这些子件的前置事项已不予批准或已终止，无法继续办理；请核实后终止办理。
            </Text>
            <WarningTable rows={data.stranded} kind="stranded" onTimeline={openTimeline} onCancel={setCancel} />
          </Section>
          <Text size="xs" c="dimmed">
            更新于 {fmt(loadedAt)}；点击一行查看该办件的办理过程。
          </Text>
        </>
      )}

      <Rectifications />

      <TimelineDrawer target={timeline} onClose={() => setTimeline(null)} />

      <Modal opened={cancel !== null} onClose={() => setCancel(null)} title={cancel ? `终止办理：${cancel.itemName}` : ''} size="lg" closeOnClickOutside={false}>
        {cancel && (
          <CancelForm
            target={{ caseId: cancel.caseId, itemId: cancel.itemId, version: cancel.version, itemName: cancel.itemName, blockedBy: cancel.blockedBy }}
            onClose={() => setCancel(null)}
            onDone={(_v, message) => {
              setCancel(null);
              notifications.show({ color: 'green', message });
              setTick((t) => t + 1);
            }}
            onRefresh={refreshCancel}
          />
        )}
      </Modal>
    </Stack>
  );
}
