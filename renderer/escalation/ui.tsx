import { ActionIcon, Autocomplete, Badge, Button, Group, MultiSelect, Stack, TextInput } from '@mantine/core';
import { ESCALATION_STATE_LABELS, type EscalationStaff, type EscalationState } from '../../shared/escalation';
import { t } from '../i18n';

// Pieces shared by the 办不成事 list, the form that opens one and the detail's actions.

const STATE_COLORS: Record<EscalationState, string> = { open: 'orange', in_progress: 'blue', resolved: 'teal', closed: 'gray' };

export function StateBadge({ state }: { state: EscalationState }) {
  return (
    <Badge color={STATE_COLORS[state]} variant="light" data-testid="escalation-state">
      {ESCALATION_STATE_LABELS[state]}
    </Badge>
  );
}

export function OverdueBadge({ overdue }: { overdue: boolean }) {
  if (!overdue) return null;
  return (
    <Badge color="red" variant="filled" data-testid="escalation-overdue">
      {t('已超期')}
    </Badge>
  );
}

export interface Option {
  id: string;
  name: string;
}

/** What the clerk types for an assignment: staff by name (an account is found by its exact name). */
export interface AssignmentDraft {
  staff: { key: number; name: string }[];
  departments: string[];
  deadline: string;
}

export function assignmentDraft(staff: readonly { name: string }[], departments: readonly string[], deadline: string): AssignmentDraft {
  return { staff: (staff.length ? staff : [{ name: '' }]).map((s, i) => ({ key: i + 1, name: s.name })), departments: [...departments], deadline };
}

/** Names as typed; a name that is exactly one account's name is linked to it (so that clerk may resolve). */
export function toStaff(rows: AssignmentDraft['staff'], clerks: readonly Option[]): EscalationStaff[] {
  return rows
    .map((r) => r.name.trim())
    .filter((n) => n !== '')
    .map((name) => {
      const matches = clerks.filter((c) => c.name === name);
      return { clerkId: matches.length === 1 ? matches[0]!.id : null, name };
    });
}

/** 承办人 (the lead first), 协调部门 and 办理时限; `errors` are keyed by 'assignment.…' paths. */
export function AssignmentFields({
  value,
  onChange,
  clerks,
  departments,
  today,
  hint,
  errors,
}: {
  value: AssignmentDraft;
  onChange(v: AssignmentDraft): void;
  clerks: readonly Option[];
  departments: readonly Option[];
  today: string;
  hint?: string;
  errors: Record<string, string>;
}) {
  const patchStaff = (key: number, name: string) => onChange({ ...value, staff: value.staff.map((s) => (s.key === key ? { ...s, name } : s)) });
  const names = [...new Set(clerks.map((c) => c.name))];
  return (
    <Stack gap="xs">
      {value.staff.map((s, i) => (
        <Group key={s.key} align="flex-end" wrap="nowrap" gap="xs">
          <Autocomplete
            label={i === 0 ? t('牵头承办人') : t('承办人 {{n}}', { n: i + 1 })}
            required={i === 0}
            description={i === 0 ? t('选择本机工作人员账号的，该工作人员可登记办理结果') : undefined}
            data={names}
            value={s.name}
            onChange={(v) => patchStaff(s.key, v)}
            maxLength={30}
            error={i === 0 ? errors['assignment.staff'] ?? errors['assignment.staff.0.name'] : errors[`assignment.staff.${i}.name`]}
            style={{ flex: 1 }}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            mb={2}
            aria-label={t('删除承办人 {{n}}', { n: i + 1 })}
            disabled={value.staff.length === 1}
            onClick={() => onChange({ ...value, staff: value.staff.filter((x) => x.key !== s.key) })}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="default"
          disabled={value.staff.length >= 10}
          onClick={() => onChange({ ...value, staff: [...value.staff, { key: Math.max(0, ...value.staff.map((x) => x.key)) + 1, name: '' }] })}
        >
          {t('添加承办人')}
        </Button>
      </Group>
      <MultiSelect
        label={t('协调部门')}
        description={t('需要其他部门配合的，选择这些部门（可不选）')}
        data={departments.map((d) => ({ value: d.id, label: d.name }))}
        value={value.departments}
        onChange={(v) => onChange({ ...value, departments: v })}
        searchable
        clearable
        maxValues={20}
        error={errors['assignment.departments']}
      />
      <TextInput
        type="date"
        label={t('办理时限')}
        required
        description={hint}
        min={today}
        value={value.deadline}
        onChange={(e) => onChange({ ...value, deadline: e.currentTarget.value })}
        error={errors['assignment.deadline']}
        w={260}
      />
    </Stack>
  );
}
