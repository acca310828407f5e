import { ActionIcon, Alert, Anchor, Button, Card, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { MethodOutput } from '../../shared/api/contract';
import { ESCALATION_CATEGORIES, ESCALATION_CATEGORY_LABELS, type EscalationCategory } from '../../shared/escalation';
import { checkIdNumber } from '../../shared/validators';
import { api, errorText } from '../api';
import { formError } from '../common/FieldErrors';
import { useSession } from '../common/session';
import { t } from '../i18n';
import { AssignmentFields, assignmentDraft, toStaff, type AssignmentDraft, type Option } from './ui';

// Opening a 办不成事 record: the applicant, the problem, where they already tried (one row per place),
// and who takes it on with which departments by when. What was typed stays when the host refuses.

type Defaults = MethodOutput<'escalation.defaults'>;

interface Tried {
  key: number;
  place: string;
  when: string;
  result: string;
}

interface Draft {
  name: string;
  phone: string;
  idNumber: string;
  category: EscalationCategory | null;
  problem: string;
  tried: Tried[];
  assignment: AssignmentDraft;
}

const emptyTried = (key: number): Tried => ({ key, place: '', when: '', result: '' });

export function OpenEscalation() {
  const navigate = useNavigate();
  const { session } = useSession();
  const [defaults, setDefaults] = useState<Defaults | null>(null);
  const [departments, setDepartments] = useState<Option[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([api.escalation.defaults({}), api.catalog.departments({})]).then(
      ([d, deps]) => {
        if (!live) return;
        setDefaults(d);
        setDepartments(deps);
        // The clerk who takes the request in leads it unless someone else is named.
        setDraft((x) => x ?? { name: '', phone: '', idNumber: '', category: null, problem: '', tried: [emptyTried(1)], assignment: assignmentDraft([{ name: session.clerk.name }], [], d.defaultDeadline) });
      },
      (err: unknown) => live && setSummary(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [session.clerk.name]);

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));
  const patchTried = (key: number, p: Partial<Tried>) => setDraft((d) => (d ? { ...d, tried: d.tried.map((r) => (r.key === key ? { ...r, ...p } : r)) } : d));

  async function submit() {
    if (!draft || !defaults) return;
    const id = draft.idNumber.trim();
    if (id) {
      const check = checkIdNumber(id, defaults.today);
      if (!check.ok) {
        setErrors({ 'applicant.idNumber': check.message });
        setSummary(t('请按提示修改标红的内容。'));
        return;
      }
    }
    setBusy(true);
    setErrors({});
    setSummary(null);
    try {
      const v = await api.escalation.open({
        applicant: { name: draft.name, phone: draft.phone, idNumber: id || null },
        problem: draft.problem,
        category: draft.category,
        triedWhere: draft.tried.map((r) => ({ place: r.place, when: r.when || null, result: r.result.trim() || null })),
        assignment: { staff: toStaff(draft.assignment.staff, defaults.clerks), departments: draft.assignment.departments, deadline: draft.assignment.deadline },
      });
      navigate(`../${v.id}`, { replace: true });
    } catch (err) {
      const e = formError(err);
      setErrors(e.fields);
      setSummary(e.summary);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md" maw={1000}>
      <Group justify="space-between">
        <Title order={2}>{t('登记办不成事')}</Title>
        <Anchor component={Link} to="..">
          {t('返回列表')}
        </Anchor>
      </Group>
      {summary && (
        <Alert color="red" role="alert" title={t('未能登记')}>
          {summary}
        </Alert>
      )}
      {draft && defaults && (
        <form onSubmit={(e) => (e.preventDefault(), void submit())} aria-label={t('登记办不成事')}>
          <Stack gap="md">
            <Card withBorder>
              <Stack gap="sm">
                <Title order={3} size="h4">
                  {t('申请人')}
                </Title>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput label={t('申请人姓名')} required value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} maxLength={50} error={errors['applicant.name']} />
                  <TextInput label={t('联系电话')} required value={draft.phone} onChange={(e) => set({ phone: e.currentTarget.value })} maxLength={30} error={errors['applicant.phone']} />
                  <TextInput
                    label={t('证件号码')}
                    description={t('选填；填写的须为有效的 18 位号码')}
                    value={draft.idNumber}
                    onChange={(e) => set({ idNumber: e.currentTarget.value })}
                    maxLength={18}
                    error={errors['applicant.idNumber']}
                  />
                </SimpleGrid>
              </Stack>
            </Card>

            <Card withBorder>
              <Stack gap="sm">
                <Title order={3} size="h4">
                  {t('反映的问题')}
                </Title>
                <Select
                  label={t('问题类别')}
                  placeholder={t('请选择（可不选）')}
                  data={ESCALATION_CATEGORIES.map((c) => ({ value: c, label: ESCALATION_CATEGORY_LABELS[c] }))}
                  value={draft.category}
                  onChange={(v) => set({ category: v as EscalationCategory | null })}
                  clearable
                  w={320}
                />
                <Textarea
                  label={t('申请人要办的事和遇到的问题')}
                  required
                  autosize
                  minRows={3}
                  maxLength={1000}
                  value={draft.problem}
                  onChange={(e) => set({ problem: e.currentTarget.value })}
                  error={errors.problem}
                />
                <Text size="sm" fw={500}>
                  {t('已去办理过的地方')}
                </Text>
                {errors.triedWhere && (
                  <Text size="sm" c="red">
                    {errors.triedWhere}
                  </Text>
                )}
                {draft.tried.map((r, i) => (
                  <Paper key={r.key} withBorder p="xs" data-testid="tried-row">
                    <Group align="flex-end" wrap="nowrap" gap="xs">
                      <TextInput
                        label={t('第 {{n}} 处：部门、窗口或渠道', { n: i + 1 })}
                        required
                        value={r.place}
                        onChange={(e) => patchTried(r.key, { place: e.currentTarget.value })}
                        maxLength={100}
                        error={errors[`triedWhere.${i}.place`]}
                        style={{ flex: 2 }}
                      />
                      <TextInput
                        type="date"
                        label={t('第 {{n}} 处：去的日期', { n: i + 1 })}
                        max={defaults.today}
                        value={r.when}
                        onChange={(e) => patchTried(r.key, { when: e.currentTarget.value })}
                        error={errors[`triedWhere.${i}.when`]}
                        w={180}
                      />
                      <TextInput
                        label={t('第 {{n}} 处：当时的答复', { n: i + 1 })}
                        value={r.result}
                        onChange={(e) => patchTried(r.key, { result: e.currentTarget.value })}
                        maxLength={300}
                        error={errors[`triedWhere.${i}.result`]}
                        style={{ flex: 3 }}
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="lg"
                        mb={2}
                        aria-label={t('删除第 {{n}} 处', { n: i + 1 })}
                        disabled={draft.tried.length === 1}
                        onClick={() => set({ tried: draft.tried.filter((x) => x.key !== r.key) })}
                      >
                        ✕
                      </ActionIcon>
                    </Group>
                  </Paper>
                ))}
                <Group>
                  <Button
                    size="xs"
                    variant="default"
                    disabled={draft.tried.length >= 10}
                    onClick={() => set({ tried: [...draft.tried, emptyTried(Math.max(0, ...draft.tried.map((x) => x.key)) + 1)] })}
                  >
                    {t('再添加一处')}
                  </Button>
                </Group>
              </Stack>
            </Card>

            <Card withBorder>
              <Stack gap="sm">
                <Title order={3} size="h4">
                  {t('承办')}
                </Title>
                <AssignmentFields
                  value={draft.assignment}
                  onChange={(a) => set({ assignment: a })}
                  clerks={defaults.clerks}
                  departments={departments}
                  today={defaults.today}
                  hint={t('默认为 {{n}} 个工作日后（按本大厅工作日历），可另选日期，不能早于今天', { n: defaults.workdays })}
                  errors={errors}
                />
                {defaults.calendarWarning && (
                  <Text size="xs" c="orange">
                    {defaults.calendarWarning}
                  </Text>
                )}
              </Stack>
            </Card>

            <Group>
              <Button type="submit" loading={busy}>
                {t('登记')}
              </Button>
              <Button variant="default" onClick={() => navigate('..')}>
                {t('取消')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
