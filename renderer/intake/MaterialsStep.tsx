import { Badge, Button, Checkbox, Group, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { CaseView } from '../../shared/api/intake';
import { MATERIAL_FORM_LABELS, type MaterialForm } from '../../shared/catalog';
import { MATERIAL_STATUS_LABELS, type MaterialIntake, type MaterialStatus } from '../../shared/intake';
import { api, errorText } from '../api';
import { t } from '../i18n';

type Material = CaseView['evaluation']['materials'][number];

const STATUS_CHOICES: MaterialStatus[] = ['original', 'copy', 'scanned', 'elicense', 'missing'];

export interface ScanSlotProps {
  pages: string[];
  onChange(pages: string[]): void;
  label: string;
}

/**
 * The material set (一套材料): each material once, with how it was received. Scanning is
 * passed in as a slot so the same screen works with whatever device the counter has.
 */
export function MaterialsStep({
  view,
  onChange,
  renderScan,
}: {
  view: CaseView;
  onChange(key: string, value: MaterialIntake | null): void;
  renderScan(p: ScanSlotProps): ReactNode;
}) {
  const [lookup, setLookup] = useState<Record<string, string>>({});
  const { materials } = view.evaluation;
  const set = (m: Material, patch: Partial<MaterialIntake>) =>
    onChange(m.key, { status: 'missing', pageBlobs: [], licenceNo: null, problem: null, ...(m.intake ?? {}), ...patch });

  async function fetchLicence(m: Material) {
    setLookup((l) => ({ ...l, [m.key]: t('正在调取…') }));
    try {
      const r = await api.intake.elicense({ id: view.id, key: m.key });
      setLookup((l) => ({ ...l, [m.key]: r.message }));
      if (r.found && r.licenceNo) set(m, { status: 'elicense', licenceNo: r.licenceNo });
    } catch (err) {
      setLookup((l) => ({ ...l, [m.key]: errorText(err) }));
    }
  }

  const received = materials.filter((m) => m.required && m.received).length;
  const required = materials.filter((m) => m.required).length;
  return (
    <Stack>
      <Text>
        {t('共')} {materials.length} {t('项材料（已合并重复的材料），必需')} {required} {t('项，已收')} {received} {t('项。')}
        {view.evaluation.materials.some((m) => m.tolerable && m.required && !m.received) && t(' 标“可容缺”的材料可在承诺后补交。')}
      </Text>
      <Table verticalSpacing="sm" withRowBorders>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="30%">{t('材料')}</Table.Th>
            <Table.Th>{t('形式')}</Table.Th>
            <Table.Th>{t('收取情况')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {materials.map((m) => {
            const status = m.intake?.status ?? (m.exempt ? null : 'missing');
            const conditional = !m.always && !m.exempt;
            return (
              <Table.Tr key={m.key} data-material={m.key}>
                <Table.Td>
                  <Stack gap={2}>
                    <Group gap={6}>
                      <Tooltip label={t('用于：{{v0}}', { v0: m.items.join(t('、')) })} multiline maw={360} withArrow>
                        <Text fw={600}>{m.name}</Text>
                      </Tooltip>
                      {m.received && (
                        <Badge color="green" size="sm">
                          {t('已收')}
                        </Badge>
                      )}
                      {m.required && !m.received && (
                        <Badge color="red" size="sm">
                          {t('缺')}
                        </Badge>
                      )}
                      {m.tolerable && m.required && !m.received && (
                        <Badge color="yellow" size="sm">
                          {t('可容缺')}
                        </Badge>
                      )}
                    </Group>
                    {conditional && <Text size="xs" c="dimmed">{t('适用情形：')}{m.when.join(t('；'))}</Text>}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {m.exempt ? t('免提交（电子证照）') : t('{{v0}} {{count}} 份', { v0: MATERIAL_FORM_LABELS[m.form as MaterialForm] ?? m.form, count: m.count })}
                </Table.Td>
                <Table.Td>
                  {m.exempt ? (
                    <Text size="sm" c="dimmed">
                      {t('工作人员通过电子证照库调取，申请人无需提交')}
                    </Text>
                  ) : conditional && (!m.intake || m.intake.status === 'not_applicable') ? (
                    <Checkbox label={t('申请人属于此情形，需要提交')} checked={false} onChange={() => set(m, { status: 'missing' })} />
                  ) : (
                    <Stack gap={6}>
                      <Group gap="xs" align="flex-end">
                        <Select
                          aria-label={t('{{name}}收取情况', { name: m.name })}
                          data={STATUS_CHOICES.map((s) => ({ value: s, label: MATERIAL_STATUS_LABELS[s] }))}
                          value={status}
                          onChange={(v) => v && set(m, { status: v as MaterialStatus })}
                          w={170}
                          allowDeselect={false}
                        />
                        {m.eLicense && (
                          <Button size="xs" variant="light" onClick={() => void fetchLicence(m)}>
                            {t('调取电子证照')}
                          </Button>
                        )}
                        {conditional && (
                          <Button size="xs" variant="subtle" onClick={() => set(m, { status: 'not_applicable', pageBlobs: [], licenceNo: null, problem: null })}>
                            {t('不适用')}
                          </Button>
                        )}
                      </Group>
                      {lookup[m.key] && (
                        <Text size="xs" c="dimmed">
                          {lookup[m.key]}
                        </Text>
                      )}
                      {status === 'elicense' && (
                        <TextInput
                          size="xs"
                          label={t('电子证照编号')}
                          value={m.intake?.licenceNo ?? ''}
                          onChange={(e) => set(m, { licenceNo: e.currentTarget.value || null })}
                          maw={320}
                        />
                      )}
                      {status === 'scanned' && renderScan({ pages: m.intake?.pageBlobs ?? [], onChange: (pages) => set(m, { pageBlobs: pages }), label: m.name })}
                      {status !== 'missing' && (
                        <TextInput
                          size="xs"
                          label={t('材料问题（如过期、不清晰；填写后视为未收）')}
                          value={m.intake?.problem ?? ''}
                          onChange={(e) => set(m, { problem: e.currentTarget.value || null })}
                          maw={420}
                        />
                      )}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
