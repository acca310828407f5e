import { Alert, Badge, Button, Checkbox, Group, Paper, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { CaseAssists } from '../../shared/api/assist';
import {
  ASSIST_ACTION_LABELS,
  ASSIST_ACTIONS,
  ASSIST_MODE_HINTS,
  ASSIST_MODE_LABELS,
  CONFIRM_METHOD_LABELS,
  CONFIRM_METHODS,
  CONFIRMER_LABELS,
  HOME_STAGE_LABELS,
  type AssistAction,
  type AssistMode,
  type ConfirmMethod,
  type Confirmer,
} from '../../shared/assist';
import { PRIORITY_LABELS } from '../../shared/intake';
import { api, errorText } from '../api';
import { t } from '../i18n';

// 帮办代办 on a case: the records so far (who helped, what was done, authorisation, who confirmed)
// and a form to add one. Scans and signatures come from the case screen's own scan/sign tools
// through `pickBlobs`, so this panel never touches a device.

export interface AssistPanelProps {
  caseId: string;
  /** The signed-in clerk: the default staff member. */
  clerkName: string;
  /** Roles that may record: intake, review, delivery, supervisor. Others see the list only. */
  canRecord: boolean;
  /**
   * Scans the 授权委托书 pages, or gets the confirmation (signature on the applicant screen, or the
   * signed / fingerprinted paper scanned). Resolves to stored blob hashes; an empty list when cancelled.
   */
  pickBlobs(purpose: 'authorization' | ConfirmMethod): Promise<string[]>;
  /** Called after each change, e.g. to refresh the case view. */
  onChanged?(value: CaseAssists): void;
}

interface Draft {
  mode: AssistMode;
  staffName: string;
  actions: AssistAction[];
  note: string;
  letter: string[];
  by: Confirmer;
  name: string;
  idNumber: string;
  relation: string;
  method: ConfirmMethod;
  confirmation: string | null;
}

const emptyDraft = (clerkName: string): Draft => ({
  mode: 'help',
  staffName: clerkName,
  actions: [],
  note: '',
  letter: [],
  by: 'applicant',
  name: '',
  idNumber: '',
  relation: '',
  method: 'screen_signature',
  confirmation: null,
});

export function AssistPanel({ caseId, clerkName, canRecord, pickBlobs, onChanged }: AssistPanelProps) {
  const [data, setData] = useState<CaseAssists | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.assist.list({ caseId }).then(
      (v) => live && setData(v),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [caseId]);

  const set = (patch: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patch } : d));

  async function pick(purpose: 'authorization' | ConfirmMethod) {
    setError(null);
    try {
      const blobs = await pickBlobs(purpose);
      if (purpose === 'authorization') set({ letter: blobs });
      else set({ confirmation: blobs[0] ?? null });
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function save() {
    if (!draft) return;
    if (!draft.confirmation) {
      setError(t('请先取得确认：申请人或监护人签名，或扫描签字、按手印的确认页。'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const guardian = draft.by === 'guardian';
      const v = await api.assist.record({
        caseId,
        record: {
          mode: draft.mode,
          staff: { clerkId: null, name: draft.staffName },
          actions: draft.actions,
          note: draft.note.trim() || null,
          authorization: draft.letter.length ? { kind: 'letter', authorizationBlobs: draft.letter } : { kind: 'present' },
          confirmation: {
            by: draft.by,
            name: draft.name,
            idNumber: guardian ? draft.idNumber : null,
            relation: guardian ? draft.relation : null,
            method: draft.method,
            confirmationBlob: draft.confirmation,
          },
        },
      });
      setData(v);
      setDraft(null);
      onChanged?.(v);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="sm" data-testid="assist-panel">
      <Group justify="space-between">
        <Title order={4}>{t('帮办代办记录')}</Title>
        {data?.priority && (
          <Badge color="orange" variant="filled">
            {t('绿色通道 · {{reason}}', { reason: PRIORITY_LABELS[data.priority] })}
          </Badge>
        )}
      </Group>
      {error && (
        <Alert color="red" role="alert" withCloseButton closeButtonLabel={t('关闭')} onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {data && data.records.length === 0 && <Text c="dimmed">{t('本办件还没有帮办代办或上门服务记录。')}</Text>}
      {data?.records.map((r) => (
        <Paper key={r.id} withBorder p="sm">
          <Group gap="xs">
            <Badge variant="light">{r.mode ? ASSIST_MODE_LABELS[r.mode] : HOME_STAGE_LABELS[r.kind === 'delivery' ? 'delivery' : 'intake']}</Badge>
            <Text size="sm">{r.summary}</Text>
          </Group>
          {r.home && <Text size="sm">{t('地址：{{address}}', { address: r.home.address })}</Text>}
          {r.confirmation?.idNumberMasked && <Text size="sm">{t('监护人证件号码：{{id}}', { id: r.confirmation.idNumberMasked })}</Text>}
          {r.note && <Text size="sm">{t('说明：{{note}}', { note: r.note })}</Text>}
          <Text size="xs" c="dimmed">
            {t('{{at}} · 记录人 {{who}}', { at: new Date(r.at).toLocaleString('zh-CN'), who: r.recordedBy })}
          </Text>
        </Paper>
      ))}

      {canRecord && !draft && (
        <Button variant="light" onClick={() => setDraft(emptyDraft(clerkName))}>
          {t('记录一次帮办代办')}
        </Button>
      )}

      {draft && (
        <Paper withBorder p="md" component="form" onSubmit={(e) => (e.preventDefault(), void save())} aria-label={t('记录帮办代办')}>
          <Stack gap="sm">
            <Radio.Group label={t('方式')} required value={draft.mode} onChange={(v) => set({ mode: v as AssistMode })}>
              <Group mt={4}>
                {(['help', 'proxy'] as const).map((m) => (
                  <Radio key={m} value={m} label={ASSIST_MODE_LABELS[m]} description={ASSIST_MODE_HINTS[m]} />
                ))}
              </Group>
            </Radio.Group>
            <TextInput label={t('提供帮办代办的工作人员')} required value={draft.staffName} onChange={(e) => set({ staffName: e.currentTarget.value })} />
            <Checkbox.Group label={t('帮办代办内容')} required value={draft.actions} onChange={(v) => set({ actions: v as AssistAction[] })}>
              <Group mt={4}>
                {ASSIST_ACTIONS.map((a) => (
                  <Checkbox key={a} value={a} label={ASSIST_ACTION_LABELS[a]} />
                ))}
              </Group>
            </Checkbox.Group>
            <Textarea label={t('说明')} autosize minRows={2} value={draft.note} onChange={(e) => set({ note: e.currentTarget.value })} />
            <Group>
              <Button variant="default" onClick={() => void pick('authorization')}>
                {draft.letter.length ? t('重新扫描授权委托书（已有 {{n}} 页）', { n: draft.letter.length }) : t('扫描授权委托书')}
              </Button>
              <Text size="sm" c="dimmed">
                {draft.mode === 'proxy' ? t('代办必须有授权委托书') : t('帮办时申请人在场，可不扫描')}
              </Text>
            </Group>
            <Radio.Group label={t('确认人')} required value={draft.by} onChange={(v) => set({ by: v as Confirmer })}>
              <Group mt={4}>
                {(['applicant', 'guardian'] as const).map((c) => (
                  <Radio key={c} value={c} label={CONFIRMER_LABELS[c]} />
                ))}
              </Group>
            </Radio.Group>
            <TextInput label={t('确认人姓名')} required value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} />
            {draft.by === 'guardian' && (
              <Group grow>
                <TextInput label={t('监护人证件号码')} required value={draft.idNumber} onChange={(e) => set({ idNumber: e.currentTarget.value })} />
                <TextInput label={t('与申请人关系')} required value={draft.relation} onChange={(e) => set({ relation: e.currentTarget.value })} />
              </Group>
            )}
            <Radio.Group label={t('确认方式')} required value={draft.method} onChange={(v) => set({ method: v as ConfirmMethod, confirmation: null })}>
              <Group mt={4}>
                {CONFIRM_METHODS.map((m) => (
                  <Radio key={m} value={m} label={CONFIRM_METHOD_LABELS[m]} />
                ))}
              </Group>
            </Radio.Group>
            <Group>
              <Button variant="default" onClick={() => void pick(draft.method)}>
                {draft.method === 'screen_signature' ? t('请确认人在签字屏上签名') : t('扫描确认页')}
              </Button>
              <Text size="sm" c={draft.confirmation ? 'green' : 'dimmed'}>
                {draft.confirmation ? t('已取得确认') : t('尚未取得确认')}
              </Text>
            </Group>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDraft(null)}>
                {t('取消')}
              </Button>
              <Button type="submit" loading={busy}>
                {t('保存记录')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
