import { Group, Select, SimpleGrid, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import type { CaseView } from '../../shared/api/intake';
import { t } from '../i18n';

type FieldDef = CaseView['evaluation']['fields'][number];
type Issue = CaseView['evaluation']['issues'][number];

/** Group headings of the merged form by field-key prefix. */
const GROUPS: Record<string, string> = {
  applicant: t('申请人'),
  enterprise: t('单位'),
  child: t('新生儿'),
  mother: t('母亲'),
  father: t('父亲'),
  spouse: t('配偶'),
  household: t('户籍'),
  guardian: t('监护人'),
  deceased: t('逝者'),
};

function groupOf(key: string): string {
  const prefix = key.split('.')[0]!;
  return GROUPS[prefix] ?? t('办理信息');
}

export function FieldInput({
  field,
  value,
  issue,
  showErrors,
  onChange,
  autoFocus,
}: {
  field: FieldDef;
  value: string;
  issue: Issue | undefined;
  showErrors: boolean;
  onChange(v: string): void;
  autoFocus?: boolean;
}) {
  // Errors show once something is typed or the clerk asked to check; warnings always.
  const show = issue && (issue.severity === 'warning' || showErrors || value.trim() !== '');
  const error = show && issue.severity === 'error' ? issue.message : undefined;
  const description = show && issue.severity === 'warning' ? <Text size="xs" c="orange.8">{issue.message}</Text> : field.hint;
  const label = (
    <Tooltip label={field.items.length ? t('用于：{{v0}}', { v0: field.items.join(t('、')) }) : t('申请人基本信息')} withArrow openDelay={300} multiline maw={360}>
      <span>{field.label}</span>
    </Tooltip>
  );
  const common = { label, error, description, 'data-field': field.key, autoFocus } as const;
  if (field.type === 'select' && field.options) {
    return <Select {...common} data={field.options} value={value || null} onChange={(v) => onChange(v ?? '')} searchable clearable aria-label={field.label} />;
  }
  return (
    <TextInput
      {...common}
      aria-label={field.label}
      value={value}
      placeholder={field.type === 'date' ? t('年-月-日，如 2026-03-01') : field.type === 'idNumber' ? t('18 位证件号码') : undefined}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** A list of fields, grouped as the form groups them, each once. */
export function FieldGroups({
  fields,
  values,
  issues,
  showErrors,
  onChange,
}: {
  fields: FieldDef[];
  values: Record<string, string>;
  issues: Issue[];
  showErrors: boolean;
  onChange(key: string, value: string): void;
}) {
  const groups = new Map<string, FieldDef[]>();
  for (const f of fields) {
    const g = groupOf(f.key);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(f);
  }
  return (
    <Stack gap="lg">
      {[...groups.entries()].map(([name, list]) => (
        <Stack key={name} gap="xs">
          <Group gap="xs">
            <Title order={5}>{name}</Title>
            <Text size="xs" c="dimmed">
              {list.length} {t('项')}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
            {list.map((f) => (
              <FieldInput
                key={f.key}
                field={f}
                value={values[f.key] ?? ''}
                issue={issues.find((i) => i.key === f.key)}
                showErrors={showErrors}
                onChange={(v) => onChange(f.key, v)}
              />
            ))}
          </SimpleGrid>
        </Stack>
      ))}
    </Stack>
  );
}
