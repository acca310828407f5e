import { Alert, Badge, Button, Card, Center, Group, Loader, Modal, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type ReactNode } from 'react';
import type { SubApplication } from '../../shared/api/routing';
import { CASE_STATE_LABELS, ITEM_STATE_LABELS, type ItemState } from '../../shared/case-machine';
import { api, errorCode, errorText } from '../api';
import { ApproveForm, CancelForm, CorrectionForm, PauseForm, RejectForm, type DialogProps } from './ActionDialogs';
import { PageThumbs } from './PageViewer';
import { caseNo, DeadlineBadges, fmt, PriorityBadge, TimelineTable } from './ui';
import { t } from '../i18n';
import { TransferPanel } from '../intake/TransferPanel';
import { useSession } from '../common/session';
import { hasAnyRole } from '../../shared/roles';

type Dialog = 'approve' | 'reject' | 'correction' | 'pause' | 'cancel';
type Failure = { text: string; conflict: boolean };

const DIALOG_TITLES: Record<Dialog, string> = {
  approve: t('批准'),
  reject: t('不予批准'),
  correction: t('要求补正'),
  pause: t('停表'),
  cancel: t('终止办理'),
};

const STATE_COLORS: Record<ItemState, string> = {
  blocked: 'gray',
  queued: 'blue',
  received: 'indigo',
  approved: 'green',
  rejected: 'red',
  needs_correction: 'orange',
  cancelled: 'dark',
};

export function ItemStateBadge({ state, testId }: { state: ItemState | null; testId?: string }) {
  if (!state) return <Text size="sm">—</Text>;
  return (
    <Badge color={STATE_COLORS[state]} variant="light" data-testid={testId}>
      {ITEM_STATE_LABELS[state]}
    </Badge>
  );
}

function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder data-testid={testId}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

function DeadlineSection({ view }: { view: SubApplication }) {
  const d = view.deadline;
  return (
    <Section title={t('办理时限')} testId="deadline">
      {!d ? (
        <Text size="sm" c="dimmed">
          {t('该子件尚未开始计时（等待前置事项或尚未受理）。')}
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Info label={t('承诺办结日')}>{d.dueDate ?? t('不限时')}</Info>
          <Info label={t('法定办结日')}>{d.statutoryDueDate ?? '—'}</Info>
          <Info label={t('计时起点')}>{d.start ?? '—'}</Info>
          <Info label={t('时限')}>{d.limitDays !== null ? t('{{limitDays}} 个工作日', { limitDays: d.limitDays }) : t('不限时')}</Info>
          <Info label={t('已用')}>{d.usedWorkdays} {t('个工作日')}</Info>
          <Info label={t('剩余')}>{d.remainingWorkdays !== null ? t('{{remainingWorkdays}} 个工作日', { remainingWorkdays: d.remainingWorkdays }) : '—'}</Info>
          <Info label={t('状态')}>
            <DeadlineBadges deadline={d} testId="deadline-level" />
          </Info>
        </SimpleGrid>
      )}
      {view.pauses.length > 0 && (
        <Table striped data-testid="pauses">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('停表原因')}</Table.Th>
              <Table.Th>{t('开始')}</Table.Th>
              <Table.Th>{t('结束')}</Table.Th>
              <Table.Th>{t('说明')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.pauses.map((p, i) => (
              <Table.Tr key={`${p.from}-${i}`}>
                <Table.Td>{p.reason}</Table.Td>
                <Table.Td>{fmt(p.from)}</Table.Td>
                <Table.Td>{p.to ? fmt(p.to) : t('停表中')}</Table.Td>
                <Table.Td>{p.note ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

type Result = NonNullable<SubApplication['result']>;

function ResultView({ result, label }: { result: Result; label: string }) {
  return (
    <Stack gap={4}>
      {result.number && <Text size="sm">{t('证照（文书）编号：')}{result.number}</Text>}
      {result.elicenseId && <Text size="sm">{t('电子证照标识：')}{result.elicenseId}</Text>}
      {result.note && <Text size="sm">{t('结果说明：')}{result.note}</Text>}
      {result.documentBlobs.length > 0 && <PageThumbs pages={result.documentBlobs} label={label} />}
    </Stack>
  );
}

const PROBLEM_LABELS = { missing: t('缺少'), wrong: t('有误') } as const;
const KIND_LABELS = { material: t('材料'), field: t('表单内容') } as const;

function DecisionSection({ view }: { view: SubApplication }) {
  if (!view.result && !view.reason && !view.corrections?.length) return null;
  return (
    <Section title={t('办理结果')} testId="decision">
      <Group gap="xs">
        <ItemStateBadge state={view.state} />
        <Text size="sm">{view.resultName}</Text>
      </Group>
      {view.result && <ResultView result={view.result} label={t('{{itemName}}结果文书', { itemName: view.itemName })} />}
      {view.reason && <Text size="sm">{t('理由：')}{view.reason}</Text>}
      {view.legalBasis && <Text size="sm">{t('法律依据：')}{view.legalBasis}</Text>}
      {!!view.corrections?.length && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('类别')}</Table.Th>
              <Table.Th>{t('需补正的材料或内容')}</Table.Th>
              <Table.Th>{t('问题')}</Table.Th>
              <Table.Th>{t('补正要求')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.corrections.map((c, i) => (
              <Table.Tr key={`${c.key}-${i}`}>
                <Table.Td>{KIND_LABELS[c.kind]}</Table.Td>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td>{PROBLEM_LABELS[c.problem]}</Table.Td>
                <Table.Td>{c.detail || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function NotesSection({ view, onChange }: { view: SubApplication; onChange(v: SubApplication): void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canNote = view.actions.includes('note');

  async function add() {
    if (!text.trim()) return setError(t('请填写备注内容。'));
    setBusy(true);
    setError(null);
    try {
      onChange(await api.review.note({ caseId: view.caseId, itemId: view.itemId, text: text.trim() }));
      setText('');
      notifications.show({ color: 'green', message: t('已添加备注') });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title={t('内部备注')} testId="notes">
      <Text size="xs" c="dimmed">
        {t('仅部门内部及电子监察可见，不告知申请人。')}
      </Text>
      {view.notes.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('暂无备注。')}
        </Text>
      )}
      {view.notes.map((n, i) => (
        <Stack key={`${n.at}-${i}`} gap={0}>
          <Text size="xs" c="dimmed">
            {fmt(n.at)} · {n.actor}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {n.text}
          </Text>
        </Stack>
      ))}
      {canNote && (
        <Stack gap="xs">
          <Textarea label={t('备注内容')} value={text} onChange={(e) => setText(e.currentTarget.value)} maxLength={1000} autosize minRows={2} />
          <Group>
            <Button size="xs" variant="default" loading={busy} onClick={() => void add()}>
              {t('添加备注')}
            </Button>
          </Group>
          {error && <Alert color="red">{error}</Alert>}
        </Stack>
      )}
    </Section>
  );
}

function ActionBar({
  view,
  busy,
  onDialog,
  onDirect,
}: {
  view: SubApplication;
  busy: 'receive' | 'resume' | null;
  onDialog(d: Dialog): void;
  onDirect(kind: 'receive' | 'resume'): void;
}) {
  const has = (a: SubApplication['actions'][number]) => view.actions.includes(a);
  const decisive = view.actions.filter((a) => a !== 'note');
  if (decisive.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="read-only">
        {t('当前没有您可以办理的操作（仅供查看）。')}
      </Text>
    );
  }
  return (
    <Group gap="xs">
      {has('receive') && (
        <Button loading={busy === 'receive'} onClick={() => onDirect('receive')}>
          {t('签收')}
        </Button>
      )}
      {has('approve') && (
        <Button color="green" onClick={() => onDialog('approve')}>
          {t('批准')}
        </Button>
      )}
      {has('reject') && (
        <Button color="red" variant="light" onClick={() => onDialog('reject')}>
          {t('不予批准')}
        </Button>
      )}
      {has('correction') && (
        <Button color="orange" variant="light" onClick={() => onDialog('correction')}>
          {t('要求补正')}
        </Button>
      )}
      {has('pause') && (
        <Button variant="default" onClick={() => onDialog('pause')}>
          {t('停表')}
        </Button>
      )}
      {has('resume') && (
        <Button variant="default" loading={busy === 'resume'} onClick={() => onDirect('resume')}>
          {t('恢复计时')}
        </Button>
      )}
      {has('cancel') && (
        <Button color="red" onClick={() => onDialog('cancel')}>
          {t('终止办理')}
        </Button>
      )}
    </Group>
  );
}

function DialogBody({ dialog, props }: { dialog: Dialog; props: DialogProps }) {
  const { view } = props;
  switch (dialog) {
    case 'approve':
      return <ApproveForm {...props} />;
    case 'reject':
      return <RejectForm {...props} />;
    case 'correction':
      return <CorrectionForm {...props} />;
    case 'pause':
      return <PauseForm {...props} />;
    case 'cancel':
      return (
        <CancelForm
          target={{ caseId: view.caseId, itemId: view.itemId, version: view.version, itemName: view.itemName, blockedBy: view.prerequisites.filter((p) => p.state !== 'approved').map((p) => p.name) }}
          onClose={props.onClose}
          onDone={props.onDone}
          onRefresh={props.onRefresh}
        />
      );
  }
}

function Body({ view, onView, onRefresh }: { view: SubApplication; onView(v: SubApplication): void; onRefresh(): Promise<SubApplication | null> }) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState<'receive' | 'resume' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const { session } = useSession();

  function done(v: SubApplication, message: string) {
    onView(v);
    setDialog(null);
    setFailure(null);
    notifications.show({ color: 'green', message });
  }

  async function refresh(): Promise<SubApplication | null> {
    const v = await onRefresh();
    // The action may be gone after someone else's change: then there is nothing left to submit.
    if (v && dialog && !v.actions.includes(dialog)) setDialog(null);
    if (v) setFailure(null);
    return v;
  }

  async function direct(kind: 'receive' | 'resume') {
    setBusy(kind);
    setFailure(null);
    const input = { caseId: view.caseId, itemId: view.itemId, expectedVersion: view.version };
    try {
      const v = kind === 'receive' ? await api.review.receive(input) : await api.review.resume(input);
      done(v, kind === 'receive' ? t('已签收：{{itemName}}', { itemName: view.itemName }) : t('已恢复计时：{{itemName}}', { itemName: view.itemName }));
    } catch (err) {
      setFailure({ text: errorText(err), conflict: errorCode(err) === 'CONFLICT' });
    } finally {
      setBusy(null);
    }
  }

  const dialogProps: DialogProps = { view, onClose: () => setDialog(null), onDone: done, onRefresh: refresh };

  return (
    <>
      <Card withBorder>
        <Stack gap="sm">
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={2}>{view.itemName}</Title>
              <Group gap="xs">
                <ItemStateBadge state={view.state} testId="item-state" />
                <PriorityBadge priority={view.priority} />
              </Group>
            </Stack>
            <DeadlineBadges deadline={view.deadline} />
          </Group>
          <SimpleGrid cols={{ base: 2, md: 4 }}>
            <Info label={t('办件编号')}>{caseNo(view.caseNumber)}</Info>
            <Info label={t('一件事')}>{view.bundleName}</Info>
            <Info label={t('事项')}>{view.itemName}</Info>
            <Info label={t('部门')}>{view.department}</Info>
            <Info label={t('状态')}>{ITEM_STATE_LABELS[view.state]}</Info>
            <Info label={t('办件状态')}>{CASE_STATE_LABELS[view.caseState]}</Info>
            <Info label={t('优先')}>{view.priority ? <PriorityBadge priority={view.priority} /> : '—'}</Info>
            <Info label={t('受理时间')}>{fmt(view.acceptedAt)}</Info>
            {view.proxy && (
              <Info label={t('代收地')}>
                <Text size="sm" data-testid="taken-in">
                  {t('{{takenIn}}（代收）', { takenIn: view.proxy.takenInName })}
                </Text>
              </Info>
            )}
          </SimpleGrid>
          <ActionBar view={view} busy={busy} onDialog={setDialog} onDirect={(k) => void direct(k)} />
          {failure && (
            <Alert color="red" title={t('未能完成')} withCloseButton onClose={() => setFailure(null)}>
              <Stack gap="xs">
                <Text size="sm">{failure.text}</Text>
                {failure.conflict && (
                  <Group>
                    <Button size="xs" variant="white" color="red" onClick={() => void refresh()}>
                      {t('刷新')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Alert>
          )}
        </Stack>
      </Card>

      {view.proxy && (
        <TransferPanel caseId={view.caseId} canSendRole={false} canReceiveRole={hasAnyRole(session.clerk.roles, ['intake', 'review'])} />
      )}

      <DeadlineSection view={view} />

      <Section title={t('申请信息')} testId="fields">
        {view.fields.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('无。')}
          </Text>
        ) : (
          <Table striped withColumnBorders>
            <Table.Tbody>
              {view.fields.map((f) => (
                <Table.Tr key={f.key}>
                  <Table.Th w={200}>{f.label}</Table.Th>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{f.value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <Section title={t('申请材料')} testId="materials">
        {view.materials.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('该事项不需要提交材料。')}
          </Text>
        )}
        {view.materials.map((m) => (
          <Stack key={m.key} gap={4} data-material={m.key}>
            <Group gap="xs">
              <Text fw={600} size="sm">
                {m.name}
              </Text>
              <Badge variant="light" color={m.status === t('缺') ? 'red' : 'gray'}>
                {m.status}
              </Badge>
              {m.licenceNo && (
                <Text size="xs" c="dimmed">
                  {t('电子证照：')}{m.licenceNo}
                </Text>
              )}
            </Group>
            <PageThumbs pages={m.pageBlobs} label={m.name} />
          </Stack>
        ))}
      </Section>

      {view.prerequisites.length > 0 && (
        <Section title={t('前置事项结果')} testId="prerequisites">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('前置事项')}</Table.Th>
                <Table.Th>{t('部门')}</Table.Th>
                <Table.Th>{t('状态')}</Table.Th>
                <Table.Th>{t('结果')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.prerequisites.map((p) => (
                <Table.Tr key={p.itemId}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{p.department}</Table.Td>
                  <Table.Td>
                    <ItemStateBadge state={p.state} />
                  </Table.Td>
                  <Table.Td>{p.result ? <ResultView result={p.result} label={t('{{name}}结果文书', { name: p.name })} /> : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Section>
      )}

      <DecisionSection view={view} />

      <NotesSection view={view} onChange={onView} />

      <Section title={t('办理过程')} testId="timeline">
        <TimelineTable entries={view.timeline} />
      </Section>

      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog ? t('{{v0}}：{{itemName}}', { v0: DIALOG_TITLES[dialog], itemName: view.itemName }) : ''}
        size={dialog === 'correction' ? 'xl' : 'lg'}
        closeOnClickOutside={false}
      >
        {dialog && <DialogBody dialog={dialog} props={dialogProps} />}
      </Modal>
    </>
  );
}

/** One sub-application as the department sees it, with what the clerk may do now. */
export function ItemDetail({ caseId, itemId, onBack }: { caseId: string; itemId: string; onBack(): void }) {
  const [view, setView] = useState<SubApplication | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api.review
      .open({ caseId, itemId })
      .then((v) => alive && setView(v))
      .catch((err: unknown) => alive && setLoadError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [caseId, itemId]);

  async function refresh(): Promise<SubApplication | null> {
    try {
      const v = await api.review.open({ caseId, itemId });
      setView(v);
      setLoadError(null);
      return v;
    } catch (err) {
      setLoadError(errorText(err));
      return null;
    }
  }

  return (
    <Stack gap="md" maw={1200}>
      <Group>
        <Button variant="default" onClick={onBack}>
          {t('返回待办')}
        </Button>
      </Group>
      {loadError && (
        <Alert color="red" title={t('无法打开子件')}>
          <Stack gap="xs">
            <Text size="sm">{loadError}</Text>
            <Group>
              <Button size="xs" variant="white" color="red" onClick={() => void refresh()}>
                {t('重试')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {!view && !loadError && (
        <Center h={200}>
          <Loader />
        </Center>
      )}
      {view && <Body view={view} onView={setView} onRefresh={refresh} />}
    </Stack>
  );
}
