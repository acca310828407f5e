import { Alert, Anchor, Badge, Button, Card, Center, Group, Loader, Paper, Radio, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { MethodOutput } from '../../shared/api/contract';
import type { EscalationDetail } from '../../shared/api/escalation';
import {
  ESCALATION_CATEGORY_LABELS,
  ESCALATION_OUTCOME_LABELS,
  ESCALATION_OUTCOMES,
  FEEDBACK_LABELS,
  FEEDBACK_VALUES,
  type EscalationOutcome,
  type FeedbackValue,
} from '../../shared/escalation';
import { api, errorText } from '../api';
import { formError } from '../common/FieldErrors';
import { t } from '../i18n';
import { fmt } from '../routing/ui';
import { AssignmentFields, assignmentDraft, OverdueBadge, StateBadge, toStaff, type AssignmentDraft, type Option } from './ui';

// One 办不成事 record: the applicant, the problem and where they tried, who handles it by when, the
// outcome and the feedback, the timeline, and the actions the signed-in clerk may take now. Each
// action's form keeps what was typed when the host refuses.

type Defaults = MethodOutput<'escalation.defaults'>;
type Action = 'assign' | 'progress' | 'resolve' | 'feedback' | 'reopen';

const STEP_LABELS: Record<EscalationDetail['timeline'][number]['kind'], string> = {
  opened: t('登记'),
  assigned: t('分派承办'),
  progressed: t('进展'),
  resolved: t('办理结果'),
  feedback: t('申请人评价'),
  reopened: t('重新办理'),
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function EscalationDetailView() {
  const { id = '' } = useParams();
  const [view, setView] = useState<EscalationDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.escalation.get({ id }).then(
      (v) => live && setView(v),
      (err: unknown) => live && setLoadError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [id]);

  if (loadError) {
    return (
      <Stack maw={900}>
        <Alert color="red" role="alert" title={t('无法打开记录')}>
          {loadError}
        </Alert>
        <Anchor component={Link} to="..">
          {t('返回列表')}
        </Anchor>
      </Stack>
    );
  }
  if (!view) {
    return (
      <Center h={200}>
        <Loader aria-label={t('正在载入')} />
      </Center>
    );
  }

  const onDone = (v: EscalationDetail, message: string) => {
    setView(v);
    setAction(null);
    setDone(message);
  };
  const buttons: { key: Action; label: string; show: boolean }[] = [
    { key: 'assign', label: view.staff.length ? t('调整承办') : t('分派承办人'), show: view.allowed.assign },
    { key: 'progress', label: t('登记进展'), show: view.allowed.progress },
    { key: 'resolve', label: t('登记办理结果'), show: view.allowed.resolve },
    { key: 'feedback', label: t('登记申请人评价'), show: view.allowed.feedback },
    { key: 'reopen', label: t('重新办理'), show: view.allowed.reopen },
  ];

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2} data-testid="escalation-number">
            {view.number}
          </Title>
          <StateBadge state={view.state} />
          <OverdueBadge overdue={view.overdue} />
        </Group>
        <Anchor component={Link} to="..">
          {t('返回列表')}
        </Anchor>
      </Group>
      {done && (
        <Alert color="green" withCloseButton closeButtonLabel={t('关闭')} onClose={() => setDone(null)}>
          {done}
        </Alert>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('申请人与问题')}
            </Title>
            <Group gap="xl">
              <Field label={t('申请人')}>{view.applicant.name}</Field>
              <Field label={t('联系电话')}>{view.applicant.phone}</Field>
              <Field label={t('证件号码')}>{view.applicant.idNumberMasked ?? t('未提供')}</Field>
            </Group>
            {view.category && <Field label={t('问题类别')}>{ESCALATION_CATEGORY_LABELS[view.category]}</Field>}
            <Field label={t('反映的问题')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{view.problem}</span>
            </Field>
            <Text size="xs" c="dimmed">
              {t('{{at}} 由 {{who}} 登记', { at: fmt(view.openedAt), who: view.openedBy })}
            </Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('承办')}
            </Title>
            {view.staff.length === 0 ? (
              <Text size="sm" c="orange">
                {t('尚未分派承办人。')}
              </Text>
            ) : (
              <>
                <Field label={t('承办人')}>{view.staff.map((s, i) => (i === 0 ? t('{{name}}（牵头）', { name: s.name }) : s.name)).join(t('、'))}</Field>
                <Field label={t('协调部门')}>{view.departments.length ? view.departments.map((d) => d.name).join(t('、')) : t('无')}</Field>
                <Field label={t('办理时限')}>
                  <Group gap={4}>
                    {view.deadline}
                    <OverdueBadge overdue={view.overdue} />
                  </Group>
                </Field>
              </>
            )}
            {view.outcome && (
              <Field label={t('办理结果')}>
                <Badge variant="light" color={view.outcome === 'solved' ? 'green' : view.outcome === 'partly' ? 'yellow' : 'gray'} mr="xs">
                  {ESCALATION_OUTCOME_LABELS[view.outcome]}
                </Badge>
                {t('{{on}}：{{detail}}', { on: view.resolvedOn ?? '', detail: view.outcomeDetail ?? '' })}
              </Field>
            )}
            {view.feedback && (
              <Field label={t('申请人评价')}>
                {FEEDBACK_LABELS[view.feedback]}
                {view.feedbackComment ? t('：{{c}}', { c: view.feedbackComment }) : ''}
              </Field>
            )}
          </Stack>
        </Card>
      </SimpleGrid>

      <Card withBorder>
        <Stack gap="xs">
          <Title order={3} size="h4">
            {t('已去办理过的地方')}
          </Title>
          <Table aria-label={t('已去办理过的地方')} data-testid="escalation-tried">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('部门、窗口或渠道')}</Table.Th>
                <Table.Th>{t('日期')}</Table.Th>
                <Table.Th>{t('当时的答复')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {view.triedWhere.map((p, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{p.place}</Table.Td>
                  <Table.Td>{p.when ?? '—'}</Table.Td>
                  <Table.Td>{p.result ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('办理')}
          </Title>
          {buttons.some((b) => b.show) ? (
            <Group>
              {buttons
                .filter((b) => b.show)
                .map((b) => (
                  <Button key={b.key} variant={action === b.key ? 'filled' : 'light'} onClick={() => setAction(action === b.key ? null : b.key)}>
                    {b.label}
                  </Button>
                ))}
            </Group>
          ) : (
            <Text size="sm" c="dimmed">
              {view.state === 'closed' ? t('已回访结束。') : t('您现在不能办理此记录；请联系承办人或值班长。')}
            </Text>
          )}
          {action === 'assign' && <AssignForm view={view} onDone={onDone} onCancel={() => setAction(null)} />}
          {action === 'progress' && <ProgressForm view={view} onDone={onDone} onCancel={() => setAction(null)} />}
          {action === 'resolve' && <ResolveForm view={view} onDone={onDone} onCancel={() => setAction(null)} />}
          {action === 'feedback' && <FeedbackForm view={view} onDone={onDone} onCancel={() => setAction(null)} />}
          {action === 'reopen' && <ReopenForm view={view} onDone={onDone} onCancel={() => setAction(null)} />}
        </Stack>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('办理过程')}
          </Title>
          <Timeline bulletSize={14} lineWidth={2} active={view.timeline.length - 1} data-testid="escalation-timeline">
            {view.timeline.map((s) => (
              <Timeline.Item key={s.id} title={STEP_LABELS[s.kind]}>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {s.summary}
                </Text>
                <Text size="xs" c="dimmed">
                  {t('{{at}} · {{who}}', { at: fmt(s.at), who: s.by })}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      </Card>
    </Stack>
  );
}

interface FormProps {
  view: EscalationDetail;
  onDone(v: EscalationDetail, message: string): void;
  onCancel(): void;
}

/** Runs a host call for a form: errors beside the fields or in the summary; nothing typed is lost. */
function useSubmit() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(call: () => Promise<EscalationDetail>): Promise<EscalationDetail | null> {
    setBusy(true);
    setErrors({});
    setSummary(null);
    try {
      return await call();
    } catch (err) {
      const e = formError(err);
      setErrors(e.fields);
      setSummary(e.summary);
      return null;
    } finally {
      setBusy(false);
    }
  }
  return { errors, summary, busy, run };
}

function FormFrame({ label, summary, busy, submitLabel, onSubmit, onCancel, children }: { label: string; summary: string | null; busy: boolean; submitLabel: string; onSubmit(): void; onCancel(): void; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="form" aria-label={label} onSubmit={(e) => (e.preventDefault(), onSubmit())}>
      <Stack gap="sm">
        {summary && (
          <Alert color="red" role="alert">
            {summary}
          </Alert>
        )}
        {children}
        <Group>
          <Button type="submit" loading={busy}>
            {submitLabel}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('取消')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function AssignForm({ view, onDone, onCancel }: FormProps) {
  const s = useSubmit();
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  const [departments, setDepartments] = useState<Option[]>([]);
  const [draft, setDraft] = useState<AssignmentDraft | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.all([api.escalation.defaults({}), api.catalog.departments({})]).then(([d, deps]) => {
      if (!live) return;
      setDefaults(d);
      setDepartments(deps);
      setDraft((x) => x ?? assignmentDraft(view.staff, view.departments.map((x) => x.id), view.deadline ?? d.defaultDeadline));
    });
    return () => {
      live = false;
    };
  }, [view]);
  if (!defaults || !draft) return <Loader size="sm" aria-label={t('正在载入')} />;
  const submit = async () => {
    const v = await s.run(() => api.escalation.assign({ id: view.id, assignment: { staff: toStaff(draft.staff, defaults.clerks), departments: draft.departments, deadline: draft.deadline } }));
    if (v) onDone(v, t('已保存承办安排。'));
  };
  return (
    <FormFrame label={t('分派承办')} summary={s.summary} busy={s.busy} submitLabel={t('保存承办安排')} onSubmit={() => void submit()} onCancel={onCancel}>
      <AssignmentFields
        value={draft}
        onChange={setDraft}
        clerks={defaults.clerks}
        departments={departments}
        today={defaults.today}
        hint={t('默认为 {{n}} 个工作日后（按本大厅工作日历），可另选日期，不能早于今天', { n: defaults.workdays })}
        errors={s.errors}
      />
    </FormFrame>
  );
}

function ProgressForm({ view, onDone, onCancel }: FormProps) {
  const s = useSubmit();
  const [note, setNote] = useState('');
  const submit = async () => {
    const v = await s.run(() => api.escalation.progress({ id: view.id, note }));
    if (v) onDone(v, t('已登记进展。'));
  };
  return (
    <FormFrame label={t('登记进展')} summary={s.summary} busy={s.busy} submitLabel={t('保存进展')} onSubmit={() => void submit()} onCancel={onCancel}>
      <Textarea label={t('进展情况')} required autosize minRows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={s.errors.note} />
    </FormFrame>
  );
}

function ResolveForm({ view, onDone, onCancel }: FormProps) {
  const s = useSubmit();
  const [outcome, setOutcome] = useState<EscalationOutcome>('solved');
  const [detail, setDetail] = useState('');
  const [on, setOn] = useState(view.today);
  const submit = async () => {
    const v = await s.run(() => api.escalation.resolve({ id: view.id, resolution: { outcome, detail, resolvedOn: on } }));
    if (v) onDone(v, t('已登记办理结果，请回访申请人并登记评价。'));
  };
  return (
    <FormFrame label={t('登记办理结果')} summary={s.summary} busy={s.busy} submitLabel={t('保存办理结果')} onSubmit={() => void submit()} onCancel={onCancel}>
      <Radio.Group label={t('结果')} required value={outcome} onChange={(v) => setOutcome(v as EscalationOutcome)}>
        <Group mt={4}>
          {ESCALATION_OUTCOMES.map((o) => (
            <Radio key={o} value={o} label={ESCALATION_OUTCOME_LABELS[o]} />
          ))}
        </Group>
      </Radio.Group>
      <Textarea
        label={outcome === 'unsolvable' ? t('无法解决的原因和已向申请人作的解释') : t('办理情况')}
        required
        autosize
        minRows={3}
        maxLength={1000}
        value={detail}
        onChange={(e) => setDetail(e.currentTarget.value)}
        error={s.errors['resolution.detail']}
      />
      <TextInput type="date" label={t('办结日期')} required max={view.today} value={on} onChange={(e) => setOn(e.currentTarget.value)} error={s.errors['resolution.resolvedOn']} w={220} />
    </FormFrame>
  );
}

function FeedbackForm({ view, onDone, onCancel }: FormProps) {
  const s = useSubmit();
  const [satisfied, setSatisfied] = useState<FeedbackValue>('satisfied');
  const [comment, setComment] = useState('');
  const submit = async () => {
    const v = await s.run(() => api.escalation.feedback({ id: view.id, feedback: { satisfied, comment: comment.trim() || null } }));
    if (v) onDone(v, t('已登记申请人评价。'));
  };
  return (
    <FormFrame label={t('登记申请人评价')} summary={s.summary} busy={s.busy} submitLabel={t('保存评价')} onSubmit={() => void submit()} onCancel={onCancel}>
      <Radio.Group label={t('申请人对办理结果的评价')} required value={satisfied} onChange={(v) => setSatisfied(v as FeedbackValue)}>
        <Group mt={4}>
          {FEEDBACK_VALUES.map((f) => (
            <Radio key={f} value={f} label={FEEDBACK_LABELS[f]} />
          ))}
        </Group>
      </Radio.Group>
      <Textarea
        label={t('申请人的意见')}
        description={satisfied === 'unsatisfied' ? t('不满意的，请记录其意见') : t('选填')}
        required={satisfied === 'unsatisfied'}
        autosize
        minRows={2}
        maxLength={300}
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        error={s.errors['feedback.comment']}
      />
    </FormFrame>
  );
}

function ReopenForm({ view, onDone, onCancel }: FormProps) {
  const s = useSubmit();
  const [reason, setReason] = useState('');
  const [deadline, setDeadline] = useState('');
  useEffect(() => {
    let live = true;
    void api.escalation.defaults({}).then((d) => live && setDeadline((x) => x || d.defaultDeadline));
    return () => {
      live = false;
    };
  }, []);
  const submit = async () => {
    const v = await s.run(() => api.escalation.reopen({ id: view.id, reopen: { reason, deadline } }));
    if (v) onDone(v, t('已重新办理。'));
  };
  return (
    <FormFrame label={t('重新办理')} summary={s.summary} busy={s.busy} submitLabel={t('重新办理')} onSubmit={() => void submit()} onCancel={onCancel}>
      <Textarea label={t('重新办理的原因')} required autosize minRows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={s.errors['reopen.reason']} />
      <TextInput type="date" label={t('新的办理时限')} required min={view.today} value={deadline} onChange={(e) => setDeadline(e.currentTarget.value)} error={s.errors['reopen.deadline']} w={220} />
    </FormFrame>
  );
}
