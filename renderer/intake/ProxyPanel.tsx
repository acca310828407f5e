import { Alert, Badge, Card, Checkbox, Group, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import type { CaseView } from '../../shared/api/intake';
import { JURISDICTION_LEVEL_LABELS, PROXY_SCOPE_LABELS } from '../../shared/proxy';
import { REGION_LABELS } from '../../shared/catalog';
import { api, errorText } from '../api';
import { t } from '../i18n';

// 代收代办（通办）on the case's first step: the clerk picks the division whose departments decide
// the case; 全省通办 or 跨省通办 follows from the two codes. Only a draft can be marked.

type Choices = MethodOutput<'proxy.jurisdictions'>;

export interface ProxyPanelProps {
  view: CaseView;
  /** The case screen's decision runner: flushes pending edits, then applies the returned view. */
  decide(fn: (v: CaseView) => Promise<CaseView>): Promise<CaseView>;
}

export function ProxyPanel({ view, decide }: ProxyPanelProps) {
  const [choices, setChoices] = useState<Choices | null>(null);
  const [checked, setChecked] = useState(view.proxy !== null);
  const [error, setError] = useState<string | null>(null);
  const editable = view.state === 'draft';

  useEffect(() => {
    let live = true;
    api.proxy.jurisdictions({}).then(
      (c) => live && setChoices(c),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, []);

  async function set(decidingCode: string | null) {
    setError(null);
    try {
      await decide((v) => api.proxy.set({ caseId: v.id, expectedSeq: v.lastEventSeq, decidingCode }));
    } catch (err) {
      setError(errorText(err));
    }
  }

  const chosen = choices?.choices.find((c) => c.code === view.proxy?.decidingCode);
  return (
    <Card withBorder data-testid="proxy-panel">
      <Stack gap="xs">
        <Checkbox
          label={t('代收代办（通办）：本大厅收件，由外地部门审批')}
          checked={checked}
          disabled={!editable}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setChecked(on);
            if (!on && view.proxy) void set(null);
          }}
        />
        {checked && (
          <Group align="flex-end">
            <Select
              w={320}
              label={t('作出决定地')}
              placeholder={t('选择办件审批所在的地区')}
              searchable
              disabled={!editable || !choices}
              data={(choices?.choices ?? []).map((c) => ({
                value: c.code,
                label: t('{{name}}（{{province}} · {{level}} · {{code}}）', { name: c.name, province: REGION_LABELS[c.province], level: JURISDICTION_LEVEL_LABELS[c.level], code: c.code }),
              }))}
              value={view.proxy?.decidingCode ?? null}
              onChange={(v) => v && void set(v)}
              allowDeselect={false}
            />
            {view.proxy && (
              <Badge size="lg" variant="light" color={view.proxy.scope === 'province' ? 'teal' : 'grape'} data-testid="proxy-scope">
                {PROXY_SCOPE_LABELS[view.proxy.scope]}
              </Badge>
            )}
          </Group>
        )}
        {view.proxy && (
          <Text size="sm" c="dimmed">
            {t('办件将分送{{deciding}}的部门审批；纸质原件受理后寄往作出决定地，结果回到本大厅出件（或邮寄）。', { deciding: chosen?.name ?? view.proxy.decidingName })}
          </Text>
        )}
        {error && <Alert color="red">{error}</Alert>}
      </Stack>
    </Card>
  );
}
