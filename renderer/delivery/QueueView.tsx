import { Alert, Badge, Button, Card, Center, Group, Loader, Pagination, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import { DELIVERY_SEARCH_KEYS, type DeliveryQueueRow } from '../../shared/api/delivery';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import { api, errorText } from '../api';
import { caseNo, fmt } from '../routing/ui';
import { NOTIFIED_COLORS, NOTIFIED_LABELS, PriorityLane } from './ui';
import { t } from '../i18n';

type Queue = MethodOutput<'delivery.queue'>;
type SearchKey = (typeof DELIVERY_SEARCH_KEYS)[number];

const PAGE_SIZE = 50;
const SEARCH_LABELS: Record<SearchKey, string> = { caseNumber: t('办件编号'), idNumber: t('身份证号'), name: t('姓名'), phone: t('手机号') };
const SEARCH_HINTS: Record<SearchKey, string> = {
  caseNumber: t('输入办件编号，或用扫码枪扫描受理通知书上的条码'),
  idNumber: t('输入申请人或代办人的身份证号码'),
  name: t('输入申请人姓名或企业名称'),
  phone: t('输入登记的手机号码'),
};

export interface QueueState {
  key: SearchKey;
  /** What is typed; `applied` is what the list shows. */
  value: string;
  applied: { key: SearchKey; value: string } | null;
  page: number;
}

export const initialQueueState: QueueState = { key: 'caseNumber', value: '', applied: null, page: 1 };

function Waiting({ row }: { row: DeliveryQueueRow }) {
  const text =
    row.waiting === 0 && row.undecided === 0
      ? CASE_STATE_LABELS[row.state]
      : row.undecided > 0
        ? t('{{waiting}} 项可领，{{undecided}} 项审批中', { waiting: row.waiting, undecided: row.undecided })
        : t('{{waiting}} 项', { waiting: row.waiting });
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm">{text}</Text>
      {row.preferred === 'mail' && (
        <Badge size="sm" variant="outline" color="grape">
          {t('选择邮寄')}
        </Badge>
      )}
    </Group>
  );
}

/** Cases with results waiting (priority first), or whatever a search by notice barcode, ID, name or phone finds. */
export function QueueView({ state, onState, onOpen }: { state: QueueState; onState(s: QueueState): void; onOpen(caseId: string): void }) {
  const [data, setData] = useState<Queue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const { applied, page } = state;

  useEffect(() => {
    let alive = true;
    api.delivery
      .queue({ search: applied ?? undefined, page, pageSize: PAGE_SIZE })
      .then((q) => {
        if (!alive) return;
        setData(q);
        setError(null);
      })
      .catch((err: unknown) => alive && setError(errorText(err)))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [applied, page, tick]);

  function search() {
    const value = state.value.trim();
    setLoading(true);
    onState({ ...state, applied: value ? { key: state.key, value } : null, page: 1 });
    setTick((t) => t + 1); // the same search again reloads (a scanned notice twice)
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <Stack gap="sm">
      <Card withBorder>
        <Group align="flex-end" gap="sm">
          <Select
            label={t('查询方式')}
            data={DELIVERY_SEARCH_KEYS.map((k) => ({ value: k, label: SEARCH_LABELS[k] }))}
            value={state.key}
            onChange={(v) => v && onState({ ...state, key: v as SearchKey })}
            allowDeselect={false}
            w={140}
          />
          <TextInput
            label={t('查询内容')}
            placeholder={SEARCH_HINTS[state.key]}
            value={state.value}
            onChange={(e) => onState({ ...state, value: e.currentTarget.value })}
            onKeyDown={(e) => {
              // A barcode scanner types the case number and presses Enter.
              if (e.key === 'Enter') {
                e.preventDefault();
                search();
              }
            }}
            data-autofocus
            autoFocus
            w={380}
          />
          <Button onClick={search}>{t('查询')}</Button>
          {applied && (
            <Button
              variant="default"
              onClick={() => {
                setLoading(true);
                onState({ ...state, value: '', applied: null, page: 1 });
              }}
            >
              {t('显示全部待出件')}
            </Button>
          )}
          <Button variant="subtle" onClick={() => setTick((t) => t + 1)}>
            {t('刷新')}
          </Button>
          {data && (
            <Text size="sm" c="dimmed" data-testid="delivery-total">
              {applied ? t('查到 {{total}} 件', { total: data.total }) : t('共 {{total}} 件待出件', { total: data.total })}
            </Text>
          )}
        </Group>
      </Card>
      {error && (
        <Alert color="red" title={applied ? t('查询未成功') : t('无法载入待出件')}>
          {error}
        </Alert>
      )}
      {loading && !data && (
        <Center h={160}>
          <Loader />
        </Center>
      )}
      {data &&
        (data.rows.length === 0 ? (
          <Text c="dimmed" data-testid="delivery-empty">
            {applied ? t('没有查到符合条件的办件，请核对查询内容。') : t('目前没有待出件的办件。')}
          </Text>
        ) : (
          <Table highlightOnHover striped data-testid="delivery-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('办件编号')}</Table.Th>
                <Table.Th>{t('一件事')}</Table.Th>
                <Table.Th>{t('申请人')}</Table.Th>
                <Table.Th>{t('证件号')}</Table.Th>
                <Table.Th>{t('待领结果')}</Table.Th>
                <Table.Th>{t('通知')}</Table.Th>
                <Table.Th>{t('成为待出件时间')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((r) => (
                <Table.Tr
                  key={r.caseId}
                  data-case={r.caseId}
                  data-priority={r.priority ?? undefined}
                  style={{ cursor: 'pointer', background: r.priority ? 'var(--mantine-color-orange-0)' : undefined }}
                  onClick={() => onOpen(r.caseId)}
                >
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Stack gap={2}>
                      <Text size="sm">{caseNo(r.caseNumber)}</Text>
                      <PriorityLane priority={r.priority} />
                    </Stack>
                  </Table.Td>
                  <Table.Td>{r.bundleName}</Table.Td>
                  <Table.Td>{r.applicant}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.idNumberMasked ?? '—'}</Table.Td>
                  <Table.Td>
                    <Waiting row={r} />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={NOTIFIED_COLORS[r.notified]} variant="light">
                      {NOTIFIED_LABELS[r.notified]}
                    </Badge>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(r.readyAt)}</Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      aria-label={t('出件 {{v0}}', { v0: caseNo(r.caseNumber) })}
                      onClick={(e) => {
                        e.stopPropagation();
                        onOpen(r.caseId);
                      }}
                    >
                      {t('出件')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
      {data && pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={page} onChange={(p) => onState({ ...state, page: p })} aria-label={t('分页')} />
        </Group>
      )}
    </Stack>
  );
}
