import { Alert, Badge, Button, Card, Center, Drawer, Group, Loader, Radio, SimpleGrid, Stack, Switch, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import type { RectificationRowView } from '../../shared/api/delivery';
import { RECTIFICATION_DAYS, type RectificationStepInput } from '../../shared/delivery';
import { api, errorCode, errorText } from '../api';
import { caseNo, fmt } from '../routing/ui';
import { t } from '../i18n';

// 差评整改: every 不满意 / 非常不满意 is verified, rectified when justified, called back (100%)
// and closed within the working days allowed; a clerk's appeal is decided first.

type Data = MethodOutput<'supervision.rectifications'>;
type Row = RectificationRowView;
type Action = 'verify' | 'rectify' | 'callback' | 'close' | 'appeal';

const ACTION_LABELS: Record<Action, string> = { verify: t('核实'), rectify: t('整改'), callback: t('回访'), close: t('办结'), appeal: t('裁定申诉') };
const TEXT_LABELS: Record<Action, string> = { verify: t('核实说明'), rectify: t('整改措施'), callback: t('回访记录'), close: t('办结结果'), appeal: t('裁定理由') };

function DueBadge({ row }: { row: Row }) {
  if (row.overdueWorkdays > 0)
    return (
      <Badge color="red" variant="filled">
        {t('超期')} {row.overdueWorkdays} {t('个工作日')}
      </Badge>
    );
  if (row.remainingWorkdays === null) return <Text size="sm">—</Text>;
  return (
    <Badge color={row.remainingWorkdays <= 3 ? 'yellow' : 'gray'} variant="light">
      {row.remainingWorkdays === 0 ? t('今日到期') : t('剩余 {{remainingWorkdays}} 个工作日', { remainingWorkdays: row.remainingWorkdays })}
    </Badge>
  );
}

function StateBadges({ row }: { row: Row }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Badge color={row.state === 'closed' ? 'green' : 'blue'} variant="light">
        {row.stateLabel}
      </Badge>
      {row.appealPending && (
        <Badge color="orange" variant="filled">
          {t('申诉待裁定')}
        </Badge>
      )}
    </Group>
  );
}

/** One small form per step; what was typed stays when the host refuses it. */
function ActionForm({ row, action, onDone, onCancel, onRefresh }: { row: Row; action: Action; onDone(r: Row): void; onCancel(): void; onRefresh(): void }) {
  const [choice, setChoice] = useState<string | null>(null);
  const [satisfied, setSatisfied] = useState<string>('unknown');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; conflict: boolean } | null>(null);

  function entry(): RectificationStepInput | string {
    const said = text.trim();
    if ((action === 'verify' || action === 'callback' || action === 'appeal') && choice === null) {
      return action === 'verify' ? t('请选择核实结论（属实或不属实）。') : action === 'callback' ? t('请选择是否联系上申请人。') : t('请选择裁定结果。');
    }
    if (!said) return t('请填写{{v0}}。', { v0: TEXT_LABELS[action] });
    switch (action) {
      case 'verify':
        return { step: 'verify', justified: choice === 'yes', text: said };
      case 'rectify':
        return { step: 'rectify', text: said };
      case 'callback':
        return { step: 'callback', reached: choice === 'yes', satisfied: choice === 'yes' && satisfied !== 'unknown' ? satisfied === 'yes' : null, text: said };
      default:
        return { step: 'close', text: said };
    }
  }

  async function submit() {
    const e = entry();
    if (typeof e === 'string') return setError({ text: e, conflict: false });
    setBusy(true);
    setError(null);
    try {
      const r =
        action === 'appeal'
          ? await api.supervision.decideAppeal({ visitId: row.visitId, expectedVersion: row.version, upheld: choice === 'yes', note: text.trim() })
          : await api.supervision.rectify({ visitId: row.visitId, expectedVersion: row.version, entry: e });
      onDone(r);
    } catch (err) {
      setError({ text: errorText(err), conflict: errorCode(err) === 'CONFLICT' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder bg="gray.0" data-testid={`rectify-form-${action}`}>
      <Stack gap="xs">
        <Text fw={600}>{ACTION_LABELS[action]}</Text>
        {action === 'verify' && (
          <Radio.Group label={t('核实结论')} value={choice} onChange={setChoice}>
            <Group mt={4}>
              <Radio value="yes" label={t('属实')} />
              <Radio value="no" label={t('不属实')} />
            </Group>
          </Radio.Group>
        )}
        {action === 'callback' && (
          <>
            <Radio.Group label={t('是否联系上申请人')} value={choice} onChange={setChoice}>
              <Group mt={4}>
                <Radio value="yes" label={t('联系上')} />
                <Radio value="no" label={t('未联系上')} />
              </Group>
            </Radio.Group>
            {choice === 'yes' && (
              <Radio.Group label={t('申请人对处理结果')} value={satisfied} onChange={setSatisfied}>
                <Group mt={4}>
                  <Radio value="yes" label={t('满意')} />
                  <Radio value="no" label={t('不满意')} />
                  <Radio value="unknown" label={t('未表态')} />
                </Group>
              </Radio.Group>
            )}
          </>
        )}
        {action === 'appeal' && (
          <Radio.Group label={t('裁定结果')} value={choice} onChange={setChoice}>
            <Group mt={4}>
              <Radio value="yes" label={t('申诉成立（评价作废）')} />
              <Radio value="no" label={t('申诉不成立')} />
            </Group>
          </Radio.Group>
        )}
        <Textarea label={TEXT_LABELS[action]} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} maxLength={action === 'appeal' ? 500 : 1000} />
        {error && (
          <Alert color="red" title={t('未能提交')} data-testid="rectify-error">
            <Text size="sm">{error.text}</Text>
            {error.conflict && (
              <Group gap="xs" mt={4}>
                <Button
                  size="xs"
                  variant="white"
                  color="red"
                  onClick={() => {
                    onRefresh();
                    setError(null);
                  }}
                >
                  {t('载入最新内容')}
                </Button>
                <Text size="xs">{t('（已填写的内容会保留，核对后再提交）')}</Text>
              </Group>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            {t('取消')}
          </Button>
          <Button loading={busy} onClick={() => void submit()}>
            {t('提交')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Detail({ row, onRow, onRefresh }: { row: Row; onRow(r: Row): void; onRefresh(): void }) {
  const [action, setAction] = useState<Action | null>(null);
  const actions: Action[] = row.state === 'closed' ? [] : ['verify', 'rectify', 'callback', 'close'];
  if (row.appealPending) actions.push('appeal');
  return (
    <Stack gap="md">
      <SimpleGrid cols={2}>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('评价')}
          </Text>
          <Group gap={4}>
            <Badge color="red">{row.levelLabel}</Badge>
            <StateBadges row={row} />
          </Group>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('被评价人 · 评价时间')}
          </Text>
          <Text size="sm">
            {row.ratedClerk} · {fmt(row.ratedAt)}
          </Text>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('原因')}
          </Text>
          <Text size="sm">{row.reasons.join(t('、')) || '—'}</Text>
        </Stack>
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('整改期限')}
          </Text>
          <Group gap={4}>
            <Text size="sm">{row.dueDate}</Text>
            <DueBadge row={row} />
          </Group>
        </Stack>
      </SimpleGrid>
      {row.comment && (
        <Alert color="gray" title={t('申请人意见')}>
          {row.comment}
        </Alert>
      )}
      <Stack gap="xs">
        <Title order={4}>{t('处理过程')}</Title>
        {row.steps.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('尚未处理。')}
          </Text>
        ) : (
          <Timeline active={row.steps.length - 1} bulletSize={16} lineWidth={2} data-testid="rectify-steps">
            {row.steps.map((s, i) => (
              <Timeline.Item key={`${s.at}-${i}`} title={s.outcome ? `${s.label} · ${s.outcome}` : s.label}>
                <Text size="sm">{s.text}</Text>
                <Text size="xs" c="dimmed">
                  {s.actor} · {fmt(s.at)}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        )}
      </Stack>
      {actions.length > 0 && (
        <Group gap="xs">
          {actions.map((a) => (
            <Button key={a} variant={action === a ? 'filled' : a === 'appeal' ? 'light' : 'default'} color={a === 'appeal' ? 'orange' : undefined} onClick={() => setAction(a)}>
              {ACTION_LABELS[a]}
            </Button>
          ))}
        </Group>
      )}
      {row.appealPending && (
        <Text size="sm" c="orange.8">
          {t('被评价的工作人员提出了申诉，请先裁定申诉再继续整改。')}
        </Text>
      )}
      {action && (
        <ActionForm
          key={`${action}`}
          row={row}
          action={action}
          onCancel={() => setAction(null)}
          onRefresh={onRefresh}
          onDone={(r) => {
            setAction(null);
            onRow(r);
            notifications.show({ color: 'green', message: t('已记录{{v0}}。', { v0: ACTION_LABELS[action] }) });
          }}
        />
      )}
    </Stack>
  );
}

/** 差评整改: the bad ratings and where each one stands, with the supervisor's steps. */
export function Rectifications() {
  const [openOnly, setOpenOnly] = useState(true);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [detail, setDetail] = useState<Row | null>(null);

  useEffect(() => {
    let alive = true;
    api.supervision
      .rectifications({ open: openOnly })
      .then((d) => {
        if (!alive) return;
        setData(d);
        setError(null);
        // An open drawer shows the row's latest version after a refresh.
        setDetail((cur) => (cur ? (d.rows.find((r) => r.visitId === cur.visitId) ?? cur) : cur));
      })
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [openOnly, tick]);

  function onRow(r: Row) {
    setDetail(r);
    setData((d) => (d ? { ...d, rows: d.rows.map((x) => (x.visitId === r.visitId ? r : x)) } : d));
  }

  const rows = data?.rows ?? [];
  return (
    <Card withBorder data-testid="rectifications" style={{ borderLeft: '4px solid var(--mantine-color-grape-6)' }}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} size="h4">
            {t('差评整改')}{data ? t('（{{length}}）', { length: rows.length }) : ''}
          </Title>
          <Group gap="sm">
            <Switch label={t('仅未办结')} checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} />
            <Button variant="default" size="xs" onClick={() => setTick((t) => t + 1)}>
              {t('刷新')}
            </Button>
          </Group>
        </Group>
        {error && (
          <Alert color="red" title={t('无法载入差评整改')}>
            {error}
          </Alert>
        )}
        {!data && !error && (
          <Center h={100}>
            <Loader />
          </Center>
        )}
        {data &&
          (rows.length === 0 ? (
            <Text size="sm" c="dimmed">
              {openOnly ? t('没有未办结的差评整改。') : t('没有差评整改记录。')}
            </Text>
          ) : (
            <Table highlightOnHover data-testid="rectification-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('办件编号')}</Table.Th>
                  <Table.Th>{t('评价')}</Table.Th>
                  <Table.Th>{t('原因')}</Table.Th>
                  <Table.Th>{t('意见')}</Table.Th>
                  <Table.Th>{t('被评价人')}</Table.Th>
                  <Table.Th>{t('整改期限')}</Table.Th>
                  <Table.Th>{t('状态')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr
                    key={r.visitId}
                    data-visit={r.visitId}
                    style={{ cursor: 'pointer', background: r.overdueWorkdays > 0 ? 'var(--mantine-color-red-0)' : undefined }}
                    onClick={() => setDetail(r)}
                  >
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{caseNo(r.caseNumber)}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c="red.8" fw={600}>
                        {r.levelLabel}
                      </Text>
                    </Table.Td>
                    <Table.Td>{r.reasons.join(t('、')) || '—'}</Table.Td>
                    <Table.Td maw={260}>
                      <Text size="sm" lineClamp={2}>
                        {r.comment ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{r.ratedClerk}</Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Text size="sm" c={r.overdueWorkdays > 0 ? 'red' : undefined}>
                          {r.dueDate}
                        </Text>
                        <DueBadge row={r} />
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <StateBadges row={r} />
                    </Table.Td>
                    <Table.Td onClick={(e) => e.stopPropagation()}>
                      <Button size="compact-sm" variant="subtle" aria-label={t('查看 {{v0}}', { v0: caseNo(r.caseNumber) })} onClick={() => setDetail(r)}>
                        {t('查看')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
        {data && (
          <Text size="xs" c="dimmed">
            {t('今天：')}{data.today}{t('；差评须在')} {RECTIFICATION_DAYS} {t('个工作日内核实、整改、回访并办结。')}
          </Text>
        )}
      </Stack>
      <Drawer opened={detail !== null} onClose={() => setDetail(null)} position="right" size="xl" title={detail ? t('差评整改 {{v0}}', { v0: caseNo(detail.caseNumber) }) : ''}>
        {detail && <Detail key={detail.visitId} row={detail} onRow={onRow} onRefresh={() => setTick((t) => t + 1)} />}
      </Drawer>
    </Card>
  );
}
