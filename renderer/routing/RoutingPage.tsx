import { Alert, Button, Card, Center, Group, Loader, Pagination, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import type { QueueRow } from '../../shared/api/routing';
import { ITEM_STATE_LABELS, ITEM_STATES, type ItemState } from '../../shared/case-machine';
import { api, errorText } from '../api';
import { useSession } from '../common/session';
import { STAGE_INFO } from '../common/stages';
import { ItemDetail, ItemStateBadge } from './ItemDetail';
import { caseNo, DeadlineBadges, fmt, PriorityBadge } from './ui';
import { t } from '../i18n';
import { PendingTransfers } from '../intake/TransferPanel';

type Queue = MethodOutput<'review.queue'>;
type StateFilter = 'active' | ItemState;

export interface QueueFilters {
  state: StateFilter;
  itemId: string | null;
  departmentId: string | null;
  page: number;
}

const PAGE_SIZE = 50;
const STATE_OPTIONS = [{ value: 'active', label: t('待办（待接件、审批中）') }, ...ITEM_STATES.map((s) => ({ value: s, label: ITEM_STATE_LABELS[s] }))];

function QueueTable({ rows, onOpen }: { rows: QueueRow[]; onOpen(r: QueueRow): void }) {
  return (
    <Table highlightOnHover striped data-testid="review-queue">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('办件编号')}</Table.Th>
          <Table.Th>{t('一件事')}</Table.Th>
          <Table.Th>{t('事项')}</Table.Th>
          <Table.Th>{t('部门')}</Table.Th>
          <Table.Th>{t('申请人')}</Table.Th>
          <Table.Th>{t('状态')}</Table.Th>
          <Table.Th>{t('优先')}</Table.Th>
          <Table.Th>{t('承诺办结日')}</Table.Th>
          <Table.Th>{t('剩余工作日')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={`${r.caseId}/${r.itemId}`} style={{ cursor: 'pointer' }} onClick={() => onOpen(r)} data-item={r.itemId} data-case={r.caseId}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{caseNo(r.caseNumber)}</Table.Td>
            <Table.Td>{r.bundleName}</Table.Td>
            <Table.Td>{r.itemName}</Table.Td>
            <Table.Td>{r.department}</Table.Td>
            <Table.Td>
              {r.applicant || '—'}
              {r.proxy && (
                <Text size="xs" c="grape" data-testid="queue-taken-in">
                  {t('{{takenIn}}（代收）', { takenIn: r.proxy.takenInName })}
                </Text>
              )}
            </Table.Td>
            <Table.Td>
              <ItemStateBadge state={r.state} />
            </Table.Td>
            <Table.Td>
              <PriorityBadge priority={r.priority} />
            </Table.Td>
            <Table.Td>
              <Stack gap={2}>
                <Text size="sm">{r.deadline ? (r.deadline.dueDate ?? t('不限时')) : '—'}</Text>
                {r.deadline && <DeadlineBadges deadline={r.deadline} />}
              </Stack>
            </Table.Td>
            <Table.Td>{r.deadline?.remainingWorkdays ?? '—'}</Table.Td>
            <Table.Td>
              <Button
                size="compact-sm"
                variant="subtle"
                aria-label={t('查看 {{itemName}}', { itemName: r.itemName })}
                onClick={(e) => {
                  e.stopPropagation();
                  onOpen(r);
                }}
              >
                {t('查看')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function QueueView({ filters, onFilters, onOpen }: { filters: QueueFilters; onFilters(f: QueueFilters): void; onOpen(r: QueueRow): void }) {
  const { clerk } = useSession().session;
  const [data, setData] = useState<Queue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [loadedAt, setLoadedAt] = useState<Date | null>(null);

  useEffect(() => {
    let alive = true;
    api.review
      .queue({
        state: filters.state,
        itemId: filters.itemId ?? undefined,
        departmentIds: filters.departmentId ? [filters.departmentId] : undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      })
      .then((r) => {
        if (!alive) return;
        setData(r);
        setError(null);
        setLoadedAt(new Date());
      })
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [filters, tick]);

  const set = (patch: Partial<QueueFilters>) => onFilters({ ...filters, page: 1, ...patch });
  const showDepartments = clerk.departments.length > 1 || clerk.roles.includes('supervisor');
  const items = data?.items ?? [];
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="md" maw={1400}>
      <Group justify="space-between">
        <Title order={2}>{STAGE_INFO.routing.title}</Title>
        <Group gap="xs">
          {loadedAt && (
            <Text size="xs" c="dimmed">
              {t('更新于')} {fmt(loadedAt.toISOString())}
            </Text>
          )}
          <Button variant="default" size="xs" onClick={() => setTick((t) => t + 1)}>
            {t('刷新')}
          </Button>
        </Group>
      </Group>
      {data?.calendarWarning && (
        <Alert color="yellow" title={t('工作日历提醒')} data-testid="calendar-warning">
          {data.calendarWarning}
        </Alert>
      )}
      <Card withBorder>
        <Group align="flex-end" gap="sm">
          <Select label={t('状态')} data={STATE_OPTIONS} value={filters.state} onChange={(v) => v && set({ state: v as StateFilter })} allowDeselect={false} w={220} />
          <Select
            label={t('事项')}
            placeholder={t('全部事项')}
            data={items.map((i) => ({ value: i.id, label: i.name }))}
            value={filters.itemId}
            onChange={(v) => set({ itemId: v })}
            searchable
            clearable
            nothingFoundMessage={t('没有这个事项')}
            w={320}
          />
          {showDepartments && (
            <Select
              label={t('部门')}
              placeholder={t('全部部门')}
              data={(data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
              value={filters.departmentId}
              onChange={(v) => set({ departmentId: v })}
              searchable
              clearable
              nothingFoundMessage={t('没有这个部门')}
              w={260}
            />
          )}
          {data && (
            <Text size="sm" c="dimmed" data-testid="queue-total">
              {t('共')} {data.total}{data.totalCapped ? t(' 件以上（请用筛选缩小范围）') : t(' 件')}
            </Text>
          )}
        </Group>
      </Card>
      <PendingTransfers refreshKey={tick} />
      {error && (
        <Alert color="red" title={t('无法载入待办')}>
          {error}
        </Alert>
      )}
      {!data && !error && (
        <Center h={200}>
          <Loader />
        </Center>
      )}
      {data &&
        (data.rows.length === 0 ? (
          <Text c="dimmed" data-testid="queue-empty">
            {filters.state === 'active' ? t('没有待办的子件') : t('没有符合条件的子件')}
          </Text>
        ) : (
          <QueueTable rows={data.rows} onOpen={onOpen} />
        ))}
      {data && pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={filters.page} onChange={(p) => onFilters({ ...filters, page: p })} aria-label={t('分页')} />
        </Group>
      )}
    </Stack>
  );
}

/** 后台流转 · 分类审批: the department's work queue and the sub-application it opens. */
export function RoutingPage() {
  const [filters, setFilters] = useState<QueueFilters>({ state: 'active', itemId: null, departmentId: null, page: 1 });
  const [open, setOpen] = useState<{ caseId: string; itemId: string } | null>(null);
  if (open) return <ItemDetail key={`${open.caseId}/${open.itemId}`} caseId={open.caseId} itemId={open.itemId} onBack={() => setOpen(null)} />;
  return (
    <QueueView
      filters={filters}
      onFilters={setFilters}
      onOpen={(r) => {
        setOpen({ caseId: r.caseId, itemId: r.itemId });
        window.scrollTo(0, 0);
      }}
    />
  );
}
