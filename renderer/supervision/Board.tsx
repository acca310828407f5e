import { Alert, Badge, Button, Card, Center, Group, Loader, Modal, Paper, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type ReactNode } from 'react';
import { BOARD_REFRESH_MS, type Board } from '../../shared/api/board';
import type { QueueRow } from '../../shared/api/routing';
import { PRIORITY_LABELS, PRIORITY_REASONS } from '../../shared/intake';
import { api, errorText } from '../api';
import { CancelForm } from '../routing/ActionDialogs';
import { caseNo, fmt } from '../routing/ui';
import { Rectifications } from './Rectifications';
import { TimelineDrawer, type TimelineTarget } from './TimelineDrawer';
import { Section, WarningTable, type StrandedRow, type Warnings } from './Warnings';
import { t } from '../i18n';
import { BoardEscalations } from '../escalation/BoardEscalations';
import { QueueWaits } from '../hall/QueueWaits';

// 今日看板: today's figures of the hall, the deadline warnings and the rectifications, reloaded
// every 30 s and whenever the window gets focus again. Every row that names a case opens it.

const EVENT_LABELS: Record<string, string> = {
  'case.drafted': t('新建办件'),
  'case.draft_updated': t('修改草稿'),
  'case.accepted': t('受理'),
  'case.refused': t('不予受理'),
  'case.withdrawn': t('撤回'),
  'case.routed': t('分送部门'),
  'case.correction_notified': t('一次告知补正'),
  'case.material_supplied': t('补交材料'),
  'case.delivered': t('出件'),
  'case.closed': t('办结'),
  'item.state_changed': t('事项办理'),
  'duplicate.decided': t('重复办件处理'),
  'transfer.sent': t('寄出原件'),
  'transfer.received': t('签收原件'),
};

type Tone = 'red' | 'yellow' | 'gray' | 'blue' | 'green' | 'orange';

/** One figure; it jumps to (and focuses) the section with its detail when there is one. */
function Figure({ label, value, unit, hint, tone = 'blue', target, testId }: { label: string; value: number | string; unit?: string; hint?: string; tone?: Tone; target?: string; testId: string }) {
  const alert = tone === 'red' || tone === 'orange' || tone === 'yellow';
  const body = (
    <Paper withBorder p="sm" radius="md" style={{ borderTop: `3px solid var(--mantine-color-${tone}-6)`, height: '100%' }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Group gap={4} align="baseline">
        <Text fz={28} fw={700} c={alert && value !== 0 ? `${tone}.8` : undefined} data-testid={testId}>
          {value}
        </Text>
        {unit && <Text size="sm">{unit}</Text>}
      </Group>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
  if (!target) return body;
  return (
    <UnstyledButton
      aria-label={t('{{label}} {{value}}{{v2}}{{v3}}：查看明细', { label, value, v2: unit ?? '', v3: hint ? t('，{{hint}}', { hint }) : '' })}
      onClick={() => {
        const el = document.getElementById(target);
        el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
        el?.focus({ preventScroll: true });
      }}
    >
      {body}
    </UnstyledButton>
  );
}

function Block({ title, testId, children, color = 'gray' }: { title: string; testId: string; children: ReactNode; color?: Tone }) {
  return (
    <Card withBorder data-testid={testId} id={testId} tabIndex={-1} style={{ borderLeft: `4px solid var(--mantine-color-${color}-6)` }}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

function Lanes({ board }: { board: Board }) {
  const { intake, delivery } = board.waiting;
  const reasons = PRIORITY_REASONS.filter((r) => intake.byReason[r] + delivery.byReason[r] > 0);
  return (
    <Table withTableBorder data-testid="board-lanes" aria-label={t('等候中的申请人（按通道）')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('通道')}</Table.Th>
          <Table.Th>{t('受理窗口（今日开始填写、尚未受理）')}</Table.Th>
          <Table.Th>{t('出件窗口（结果待领取）')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        <Table.Tr style={{ background: intake.priority + delivery.priority > 0 ? 'var(--mantine-color-orange-0)' : undefined }}>
          <Table.Td>
            <Badge color="orange" variant="filled">
              {t('绿色通道')}
            </Badge>
          </Table.Td>
          <Table.Td>{intake.priority} {t('人')}</Table.Td>
          <Table.Td>{delivery.priority} {t('件')}</Table.Td>
        </Table.Tr>
        {reasons.map((r) => (
          <Table.Tr key={r}>
            <Table.Td pl="xl">
              <Text size="sm" c="dimmed">
                {t('其中：')}{PRIORITY_LABELS[r]}
              </Text>
            </Table.Td>
            <Table.Td>{intake.byReason[r]} {t('人')}</Table.Td>
            <Table.Td>{delivery.byReason[r]} {t('件')}</Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td>{t('普通通道')}</Table.Td>
          <Table.Td>{intake.total - intake.priority} {t('人')}</Table.Td>
          <Table.Td>{delivery.total - delivery.priority} {t('件')}</Table.Td>
        </Table.Tr>
        <Table.Tr fw={600}>
          <Table.Td>{t('合计')}</Table.Td>
          <Table.Td>{intake.total} {t('人')}</Table.Td>
          <Table.Td>{delivery.total} {t('件')}</Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

function Commitments({ board, onOpen }: { board: Board; onOpen(t: TimelineTarget): void }) {
  const { rows, total } = board.overdueCommitments;
  if (total === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('没有逾期未补齐材料的容缺受理办件。')}
      </Text>
    );
  return (
    <>
      <Table highlightOnHover aria-label={t('容缺受理逾期未补齐的办件')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('办件编号')}</Table.Th>
            <Table.Th>{t('一件事')}</Table.Th>
            <Table.Th>{t('申请人')}</Table.Th>
            <Table.Th>{t('待补材料')}</Table.Th>
            <Table.Th>{t('承诺补齐日')}</Table.Th>
            <Table.Th>{t('逾期')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.caseId} data-case={r.caseId} style={{ cursor: 'pointer', background: 'var(--mantine-color-red-0)' }} onClick={() => onOpen({ caseId: r.caseId, caseNumber: r.caseNumber })}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{caseNo(r.caseNumber)}</Table.Td>
              <Table.Td>{r.bundleName}</Table.Td>
              <Table.Td>{r.applicant}</Table.Td>
              <Table.Td>{r.materials.join(t('、'))}</Table.Td>
              <Table.Td>{r.commitmentDeadline}</Table.Td>
              <Table.Td>
                <Badge color="red" variant="filled">
                  {r.overdueWorkdays > 0 ? t('逾期 {{overdueWorkdays}} 个工作日', { overdueWorkdays: r.overdueWorkdays }) : t('已过承诺日')}
                </Badge>
              </Table.Td>
              <Table.Td onClick={(e) => e.stopPropagation()}>
                <Button size="compact-sm" variant="subtle" aria-label={t('办理过程 {{v0}}', { v0: caseNo(r.caseNumber) })} onClick={() => onOpen({ caseId: r.caseId, caseNumber: r.caseNumber })}>
                  {t('办理过程')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {total > rows.length && (
        <Text size="xs" c="dimmed">
          {t('共')} {total} {t('件，此处列出承诺日最早的')} {rows.length} {t('件。')}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {t('请联系申请人补交材料；补齐后由受理窗口在办件中登记“补交材料”。')}
      </Text>
    </>
  );
}

function SyncProblems({ board, onOpen }: { board: Board; onOpen(t: TimelineTarget): void }) {
  const { rejected, conflicts, latestRejected } = board.sync;
  return (
    <Stack gap="xs">
      <Text size="sm">
        {t('中心拒收')} <b>{rejected}</b> {t('条，与本机状态冲突')} <b>{conflicts}</b> {t('条。')}
        {rejected + conflicts > 0 ? t('被拒收的记录不会自动丢弃，请在“同步”页查看原因并处理。') : ''}
      </Text>
      {latestRejected.length > 0 && (
        <Table aria-label={t('最近被中心拒收的记录')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('办件编号')}</Table.Th>
              <Table.Th>{t('操作')}</Table.Th>
              <Table.Th>{t('原因')}</Table.Th>
              <Table.Th>{t('时间')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {latestRejected.map((e) => (
              <Table.Tr key={e.eventId}>
                <Table.Td>
                  {e.caseId ? (
                    <Button size="compact-sm" variant="subtle" aria-label={t('办理过程 {{v0}}', { v0: caseNo(e.caseNumber) })} onClick={() => onOpen({ caseId: e.caseId!, caseNumber: e.caseNumber })}>
                      {caseNo(e.caseNumber)}
                    </Button>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>{EVENT_LABELS[e.type] ?? e.type}</Table.Td>
                <Table.Td>{e.reason ?? e.code ?? '—'}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(e.at)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Devices({ board }: { board: Board }) {
  const { self, hall } = board.devices;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text size="sm">{t('本机：')}</Text>
        <Badge color={self.offline ? 'red' : self.state === 'not_configured' || self.state === 'not_enrolled' ? 'gray' : 'green'} variant="light" data-testid="board-self-sync">
          {self.label}
        </Badge>
        {self.lastSuccessAt && (
          <Text size="xs" c="dimmed">
            {t('上次同步成功')} {fmt(self.lastSuccessAt)}
          </Text>
        )}
      </Group>
      {hall.reachable ? (
        <Table aria-label={t('大厅设备')} data-testid="board-hall-devices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('设备')}</Table.Th>
              <Table.Th>{t('状态')}</Table.Th>
              <Table.Th>{t('中心最后收到其请求')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {hall.devices.map((d) => (
              <Table.Tr key={d.id} style={{ background: d.offline ? 'var(--mantine-color-red-0)' : undefined }}>
                <Table.Td>
                  {d.label}
                  {d.self ? t('（本机）') : ''}
                </Table.Td>
                <Table.Td>
                  <Badge color={d.offline ? 'red' : 'green'} variant="light">
                    {d.offline ? t('离线') : t('在线')}
                  </Badge>
                </Table.Td>
                <Table.Td>{d.lastSeenAt ? fmt(d.lastSeenAt) : t('从未联系')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Alert color="gray" title={t('无法查看大厅其他设备')} data-testid="board-hall-unreachable">
          {hall.reason}
        </Alert>
      )}
      <Text size="xs" c="dimmed">
        {t('超过 5 分钟未与中心联系的设备记为离线。')}
      </Text>
    </Stack>
  );
}

/** 今日看板 with the warnings and the rectifications: the first tab of 电子监察. */
export function BoardPanel() {
  const [board, setBoard] = useState<Board | null>(null);
  const [warnings, setWarnings] = useState<Warnings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [loadedAt, setLoadedAt] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<TimelineTarget | null>(null);
  const [cancel, setCancel] = useState<StrandedRow | null>(null);

  useEffect(() => {
    let alive = true;
    // Each half shows on its own: the warnings stay useful when a board figure cannot be read.
    void Promise.allSettled([api.supervision.board({}), api.supervision.warnings({})]).then(([b, w]) => {
      if (!alive) return;
      if (b.status === 'fulfilled') setBoard(b.value);
      if (w.status === 'fulfilled') setWarnings(w.value);
      const failed = [b, w].find((r) => r.status === 'rejected');
      setError(failed ? errorText(failed.reason) : null);
      if (!failed) setLoadedAt(new Date().toISOString());
    });
    return () => {
      alive = false;
    };
  }, [tick]);

  useEffect(() => {
    const again = () => setTick((t) => t + 1);
    const timer = window.setInterval(again, BOARD_REFRESH_MS);
    const onVisible = () => document.visibilityState === 'visible' && again();
    window.addEventListener('focus', again);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', again);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  /** After a conflict: the row's latest version, or closing the dialog when it is gone. */
  async function refreshCancel(): Promise<StrandedRow | null> {
    try {
      const w = await api.supervision.warnings({});
      setWarnings(w);
      setError(null);
      const row = cancel ? (w.stranded.find((s) => s.caseId === cancel.caseId && s.itemId === cancel.itemId) ?? null) : null;
      setCancel(row);
      return row;
    } catch (err) {
      setError(errorText(err));
      return null;
    }
  }

  const openRow = (r: QueueRow) => setTimeline({ caseId: r.caseId, caseNumber: r.caseNumber });
  const hall = board?.devices.hall;
  // This device counts once: from the service's list when it answered, else from its own sync state.
  const offlineDevices = !board ? 0 : hall?.reachable ? hall.offline + (board.devices.self.offline && !hall.devices.some((d) => d.self && d.offline) ? 1 : 0) : board.devices.self.offline ? 1 : 0;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" data-testid="supervision-today">
          {board ? t('今天：{{today}}', { today: board.today }) : warnings ? t('今天：{{today}}', { today: warnings.today }) : ''}
        </Text>
        <Group gap="sm">
          <Text size="xs" c="dimmed" aria-live="polite">
            {loadedAt ? t('更新于 {{v0}}，每 30 秒自动刷新', { v0: fmt(loadedAt) }) : ''}
          </Text>
          <Button variant="default" size="xs" onClick={() => setTick((t) => t + 1)}>
            {t('刷新')}
          </Button>
        </Group>
      </Group>
      {(board?.calendarWarning ?? warnings?.calendarWarning) && (
        <Alert color="yellow" title={t('工作日历提醒')} data-testid="calendar-warning">
          {board?.calendarWarning ?? warnings?.calendarWarning}
        </Alert>
      )}
      {error && (
        <Alert color="red" title={t('无法载入看板')}>
          {error}{t('（稍后会自动重试，也可点“刷新”。）')}
        </Alert>
      )}
      {!board && !error && (
        <Center h={200}>
          <Loader aria-label={t('正在载入看板')} />
        </Center>
      )}
      {board && (
        <section aria-label={t('今日数字')} data-testid="board-figures">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm">
            <Figure label={t('今日受理')} value={board.cases.acceptedToday} unit={t('件')} testId="figure-accepted" />
            <Figure label={t('审批中')} value={board.cases.inReview} unit={t('件')} hint={board.cases.correction ? t('另有待补正 {{correction}} 件', { correction: board.cases.correction }) : undefined} testId="figure-in-review" />
            <Figure label={t('待出件')} value={board.cases.ready} unit={t('件')} testId="figure-ready" />
            <Figure label={t('今日出件')} value={board.cases.deliveredToday} unit={t('件')} tone="green" testId="figure-delivered" />
            <Figure
              label={t('等候中的申请人')}
              value={board.waiting.intake.total + board.waiting.delivery.total}
              hint={t('其中绿色通道 {{v0}}', { v0: board.waiting.intake.priority + board.waiting.delivery.priority })}
              tone="orange"
              target="board-waiting"
              testId="figure-waiting"
            />
            <Figure label={t('已超期')} value={board.deadlines.capped ? `${board.deadlines.red}+` : board.deadlines.red} unit={t('项')} tone="red" target="warnings-red" testId="figure-red" />
            <Figure label={t('即将到期')} value={board.deadlines.capped ? `${board.deadlines.yellow}+` : board.deadlines.yellow} unit={t('项')} tone="yellow" target="warnings-yellow" testId="figure-yellow" />
            <Figure label={t('容缺逾期未补齐')} value={board.overdueCommitments.total} unit={t('件')} tone="red" target="board-commitments" testId="figure-commitments" />
            <Figure
              label={t('办不成事办理中')}
              value={board.escalations.open}
              unit={t('件')}
              tone={board.escalations.overdue ? 'red' : 'blue'}
              hint={t('其中已超期 {{overdue}}，今日办结 {{resolved}}', { overdue: board.escalations.overdue, resolved: board.escalations.resolvedToday })}
              target="board-escalations"
              testId="figure-escalations"
            />
            <Figure
              label={t('重复办件待决定')}
              value={board.duplicatesAwaiting}
              unit={t('对')}
              tone="orange"
              hint={board.duplicatesAwaiting ? t('请在“重复办件”页处理') : undefined}
              testId="figure-duplicates"
            />
            <Figure
              label={t('材料流转逾期')}
              value={board.transfersOverdue}
              unit={t('批')}
              tone="red"
              hint={board.transfersOverdue ? t('代收代办原件超过应到日期未签收') : undefined}
              testId="figure-transfers-overdue"
            />
            <Figure label={t('同步被拒收')} value={board.sync.rejected} unit={t('条')} tone="red" hint={board.sync.conflicts ? t('另有冲突 {{conflicts}} 条', { conflicts: board.sync.conflicts }) : undefined} target="board-sync" testId="figure-rejected" />
            <Figure
              label={t('离线设备')}
              value={offlineDevices}
              unit={t('台')}
              tone="red"
              hint={board.devices.hall.reachable ? undefined : t('大厅其他设备暂不可知')}
              target="board-devices"
              testId="figure-offline"
            />
          </SimpleGrid>
        </section>
      )}

      {warnings && (
        <>
          <Section title={t('已超期')} color="red" count={warnings.red.length} empty={t('没有超期的子件。')} testId="warnings-red">
            <WarningTable rows={warnings.red} kind="red" onTimeline={openRow} />
          </Section>
          <Section title={t('即将到期')} color="yellow" count={warnings.yellow.length} empty={t('没有即将到期的子件。')} testId="warnings-yellow">
            <WarningTable rows={warnings.yellow} kind="yellow" onTimeline={openRow} />
          </Section>
          <Section title={t('无法继续办理的子件')} color="gray" count={warnings.stranded.length} empty={t('没有因前置事项未获批准而无法继续办理的子件。')} testId="warnings-stranded">
            <Text size="xs" c="dimmed">
              {t('这些子件的前置事项已不予批准或已终止，无法继续办理；请核实后终止办理。')}
            </Text>
            <WarningTable rows={warnings.stranded} kind="stranded" onTimeline={openRow} onCancel={setCancel} />
          </Section>
        </>
      )}

      {board && (
        <>
          <Block title={t('容缺受理逾期未补齐（{{total}}）', { total: board.overdueCommitments.total })} testId="board-commitments" color={board.overdueCommitments.total ? 'red' : 'gray'}>
            <Commitments board={board} onOpen={setTimeline} />
          </Block>
          <Block title={t('办不成事（已超期 {{overdue}}）', { overdue: board.escalations.overdue })} testId="board-escalations" color={board.escalations.overdue ? 'red' : 'gray'}>
            <BoardEscalations data={board.escalations} />
          </Block>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <Block title={t('等候中的申请人')} testId="board-waiting" color="orange">
              <Lanes board={board} />
              <QueueWaits waits={board.queueWaits} />
            </Block>
            <Block title={t('同步')} testId="board-sync" color={board.sync.rejected ? 'red' : 'gray'}>
              <SyncProblems board={board} onOpen={setTimeline} />
            </Block>
          </SimpleGrid>
          <Block title={t('设备在线情况')} testId="board-devices" color={offlineDevices ? 'red' : 'gray'}>
            <Devices board={board} />
          </Block>
        </>
      )}
      <Text size="xs" c="dimmed">
        {t('点击一行查看该办件的办理过程。')}
      </Text>

      <Rectifications />

      <TimelineDrawer target={timeline} onClose={() => setTimeline(null)} />

      <Modal opened={cancel !== null} onClose={() => setCancel(null)} title={cancel ? t('终止办理：{{itemName}}', { itemName: cancel.itemName }) : ''} size="lg" closeOnClickOutside={false}>
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
