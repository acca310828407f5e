import { Alert, Badge, Button, Card, Center, Group, Loader, Modal, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { DuplicatePair, DuplicatesView, PairSide } from '../../shared/api/duplicates';
import { CASE_STATE_LABELS, nextCaseState } from '../../shared/case-machine';
import { PAIR_STATUS_LABELS } from '../../shared/duplicates';
import { api, errorText } from '../api';
import { caseNo, fmt } from '../routing/ui';
import { TimelineDrawer, type TimelineTarget } from './TimelineDrawer';
import { t } from '../i18n';

// 重复办件: pairs of open cases of one applicant taken in at two counters that could not see each
// other (offline), found after sync. The supervisor compares them side by side and keeps one (the
// other is withdrawn) or marks them as not duplicates; a note is required and the decision syncs.

type Choice = { pair: DuplicatePair; keep: 'left' | 'right' | null };

const STATUS_COLORS = { awaiting: 'orange', lapsed: 'gray', decided: 'green' } as const;

const withdrawable = (s: PairSide) => s.known && s.state !== null && nextCaseState(s.state, 'case.withdrawn') !== null;

function SideTable({ side, title, kept, onTimeline }: { side: PairSide; title: string; kept: boolean | null; onTimeline(t: TimelineTarget): void }) {
  const rows: [string, string][] = side.known
    ? [
        [t('办件编号'), caseNo(side.caseNumber)],
        [t('状态'), side.state ? CASE_STATE_LABELS[side.state] : '—'],
        [t('一件事'), side.bundleName],
        [t('事项'), side.items.join(t('、')) || '—'],
        [t('申请人'), side.enterpriseName ? t('{{name}}（{{code}}）', { name: side.enterpriseName, code: side.creditCode ?? '—' }) : side.applicantName],
        [t('证件号码'), side.idMasked ?? '—'],
        [t('收件窗口'), side.counter],
        [t('经办人'), side.clerkName],
        [t('开始收件'), fmt(side.createdAt)],
        [t('已收材料'), t('{{n}} 项', { n: side.materials })],
      ]
    : [[t('办件'), t('本机没有该办件的记录，请先同步。')]];
  return (
    <Card withBorder padding="sm" style={kept === null ? undefined : { borderColor: `var(--mantine-color-${kept ? 'green' : 'gray'}-5)` }}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{title}</Text>
          {kept !== null && (
            <Badge color={kept ? 'green' : 'gray'} variant="light">
              {kept ? t('保留') : t('已撤回')}
            </Badge>
          )}
        </Group>
        <Table withRowBorders={false} verticalSpacing={2} aria-label={title}>
          <Table.Tbody>
            {rows.map(([k, v]) => (
              <Table.Tr key={k}>
                <Table.Td w={90}>
                  <Text size="sm" c="dimmed">
                    {k}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{v}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {side.known && (
          <Group justify="flex-end">
            <Button size="compact-sm" variant="subtle" aria-label={t('办理过程 {{v0}}', { v0: caseNo(side.caseNumber) })} onClick={() => onTimeline({ caseId: side.caseId, caseNumber: side.caseNumber })}>
              {t('办理过程')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function PairCard({ pair, onChoose, onTimeline }: { pair: DuplicatePair; onChoose(c: Choice): void; onTimeline(t: TimelineTarget): void }) {
  const kept = (side: PairSide) => (pair.decision === 'merge' ? side.caseId === pair.keepCaseId : null);
  const awaiting = pair.status === 'awaiting';
  return (
    <Card withBorder data-testid="duplicate-pair" style={{ borderLeft: `4px solid var(--mantine-color-${STATUS_COLORS[pair.status]}-6)` }}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Badge color={STATUS_COLORS[pair.status]} variant={awaiting ? 'filled' : 'light'}>
                {PAIR_STATUS_LABELS[pair.status]}
              </Badge>
              <Text size="sm">
                {pair.subjectKind === 'enterprise' ? t('同一企业') : t('同一申请人')} {pair.subjectMasked}
              </Text>
            </Group>
            <Text size="xs" c="dimmed">
              {pair.sharedItems.length ? t('相同事项：{{v0}}', { v0: pair.sharedItems.join(t('、')) }) : t('同一“一件事”')}
              {t(' · 发现于 {{v0}}', { v0: fmt(pair.detectedAt) })}
            </Text>
          </Stack>
        </Group>
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <SideTable side={pair.left} title={t('左侧办件')} kept={kept(pair.left)} onTimeline={onTimeline} />
          <SideTable side={pair.right} title={t('右侧办件')} kept={kept(pair.right)} onTimeline={onTimeline} />
        </SimpleGrid>
        {pair.status === 'decided' && (
          <Text size="sm">
            {pair.decision === 'merge' ? t('决定：保留一件，撤回另一件') : t('决定：不是重复，两件都继续办理')}
            {t(' · {{by}} · {{at}}', { by: pair.decidedBy ?? '—', at: fmt(pair.decidedAt) })}
            {pair.note ? t('。说明：{{note}}', { note: pair.note }) : ''}
          </Text>
        )}
        {pair.status === 'lapsed' && (
          <Text size="sm" c="dimmed">
            {t('其中一件已撤回、不予受理或已出件，无需再作决定。')}
          </Text>
        )}
        {awaiting && (
          <Group justify="flex-end">
            <Button variant="light" disabled={!withdrawable(pair.right)} title={withdrawable(pair.right) ? undefined : t('右侧办件当前状态不能撤回')} onClick={() => onChoose({ pair, keep: 'left' })}>
              {t('保留左侧')}
            </Button>
            <Button variant="light" disabled={!withdrawable(pair.left)} title={withdrawable(pair.left) ? undefined : t('左侧办件当前状态不能撤回')} onClick={() => onChoose({ pair, keep: 'right' })}>
              {t('保留右侧')}
            </Button>
            <Button variant="default" onClick={() => onChoose({ pair, keep: null })}>
              {t('不是重复')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** The confirmation with the required note; what was typed stays when the host refuses. */
function DecideForm({ choice, onDone, onCancel }: { choice: Choice; onDone(v: DuplicatesView, message: string): void; onCancel(): void }) {
  const { pair, keep } = choice;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const kept = keep === 'left' ? pair.left : keep === 'right' ? pair.right : null;
  const dropped = keep === 'left' ? pair.right : keep === 'right' ? pair.left : null;

  async function submit() {
    if (!note.trim()) return setError(t('请填写处理说明。'));
    setBusy(true);
    setError(null);
    try {
      const v = await api.supervision.decideDuplicate({
        caseA: pair.left.caseId,
        caseB: pair.right.caseId,
        decision: kept ? 'merge' : 'distinct',
        keepCaseId: kept?.caseId ?? null,
        note: note.trim(),
      });
      onDone(v, dropped ? t('已保留 {{keep}}，撤回 {{drop}}。', { keep: caseNo(kept!.caseNumber), drop: caseNo(dropped.caseNumber) }) : t('已记录：这两件不是重复。'));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack>
      {kept && dropped ? (
        <Alert color="orange" title={t('确认撤回 {{v0}}？', { v0: caseNo(dropped.caseNumber) })}>
          {t('保留 {{keep}}（{{keepBundle}}），撤回 {{drop}}（{{dropBundle}}）。撤回后不能恢复，已送部门的子件一并停止办理；撤回原因写明与 {{keep}} 重复。', {
            keep: caseNo(kept.caseNumber),
            keepBundle: kept.bundleName,
            drop: caseNo(dropped.caseNumber),
            dropBundle: dropped.bundleName,
          })}
        </Alert>
      ) : (
        <Alert color="blue" title={t('确认这两件不是重复申请？')}>
          {t('两件都继续办理，这一对不再提示。')}
        </Alert>
      )}
      <Textarea
        label={t('处理说明')}
        description={t('例如：已电话联系申请人，确认只办一件')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={500}
        required
        data-autofocus
      />
      {error && (
        <Alert color="red" title={t('未能记录')} data-testid="duplicate-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={busy}>
          {t('取消')}
        </Button>
        <Button color={dropped ? 'orange' : undefined} loading={busy} onClick={() => void submit()}>
          {dropped ? t('确认撤回') : t('确认不是重复')}
        </Button>
      </Group>
    </Stack>
  );
}

/** 电子监察 · 重复办件. */
export function DuplicatesPanel() {
  const [data, setData] = useState<DuplicatesView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [choice, setChoice] = useState<Choice | null>(null);
  const [timeline, setTimeline] = useState<TimelineTarget | null>(null);

  useEffect(() => {
    let alive = true;
    api.supervision
      .duplicates({})
      .then((v) => {
        if (!alive) return;
        setData(v);
        setError(null);
      })
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [tick]);

  const awaiting = data?.pairs.filter((p) => p.status === 'awaiting') ?? [];
  const history = data?.pairs.filter((p) => p.status !== 'awaiting') ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm">{t('两个窗口离线时为同一申请人分别收件，同步后才能发现。请核实后保留其中一件（另一件撤回），或确认不是重复。')}</Text>
        <Button variant="default" size="xs" onClick={() => setTick((x) => x + 1)}>
          {t('刷新')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" title={t('无法载入重复办件')}>
          {error}
        </Alert>
      )}
      {!data && !error && (
        <Center h={160}>
          <Loader aria-label={t('正在载入重复办件')} />
        </Center>
      )}
      {data && (
        <>
          <Title order={3} size="h4" data-testid="duplicates-awaiting">
            {t('待决定（{{n}}）', { n: data.awaiting })}
          </Title>
          {awaiting.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('没有待决定的重复办件。')}
            </Text>
          )}
          {awaiting.map((p) => (
            <PairCard key={`${p.left.caseId}:${p.right.caseId}`} pair={p} onChoose={setChoice} onTimeline={setTimeline} />
          ))}
          {history.length > 0 && (
            <>
              <Title order={3} size="h4">
                {t('最近处理')}
              </Title>
              {history.map((p) => (
                <PairCard key={`${p.left.caseId}:${p.right.caseId}`} pair={p} onChoose={setChoice} onTimeline={setTimeline} />
              ))}
            </>
          )}
        </>
      )}
      <Modal opened={choice !== null} onClose={() => setChoice(null)} title={choice?.keep ? t('保留一件，撤回另一件') : t('不是重复')} size="lg" closeOnClickOutside={false}>
        {choice && (
          <DecideForm
            choice={choice}
            onCancel={() => setChoice(null)}
            onDone={(v, message) => {
              setChoice(null);
              setData(v);
              notifications.show({ color: 'green', message });
            }}
          />
        )}
      </Modal>
      <TimelineDrawer target={timeline} onClose={() => setTimeline(null)} />
    </Stack>
  );
}
