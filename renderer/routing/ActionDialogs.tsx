import { ActionIcon, Alert, Autocomplete, Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { SubApplication } from '../../shared/api/routing';
import { PAUSE_REASON_LABELS, PAUSE_REASONS, type PauseReason } from '../../shared/deadlines';
import { api, errorCode, errorText } from '../api';
import { ScanSlot } from '../intake/ScanSlot';
import { t } from '../i18n';

// The reviewer's decisions, each in its own dialog. A failed call keeps the dialog and what was
// typed; a version conflict offers to load the latest sub-application and submit again.

type Failure = { text: string; conflict: boolean };

/** Busy flag and the last failure of one dialog's calls. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  async function run<T>(call: () => Promise<T>): Promise<T | null> {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      return await call();
    } catch (err) {
      setFailure({ text: errorText(err), conflict: errorCode(err) === 'CONFLICT' });
      return null;
    } finally {
      setBusy(false);
    }
  }
  const fail = (text: string) => {
    setNotice(null);
    setFailure({ text, conflict: false });
  };
  async function refresh(reload: () => Promise<unknown>) {
    setBusy(true);
    try {
      const ok = await reload();
      setFailure(null);
      setNotice(ok ? t('已载入最新内容，请核对后再次提交。') : null);
    } finally {
      setBusy(false);
    }
  }
  return { busy, failure, notice, run, fail, refresh };
}

export function DialogFooter({
  action,
  submitLabel,
  color,
  onCancel,
  onSubmit,
  onRefresh,
}: {
  action: ReturnType<typeof useAction>;
  submitLabel: string;
  color?: string;
  onCancel(): void;
  onSubmit(): void;
  onRefresh?: () => Promise<unknown>;
}) {
  const { busy, failure, notice, refresh } = action;
  return (
    <Stack gap="sm" mt="sm">
      {failure && (
        <Alert color="red" title={t('未能提交')} data-testid="dialog-error">
          <Stack gap="xs">
            <Text size="sm">{failure.text}</Text>
            {failure.conflict && onRefresh && (
              <Group>
                <Button size="xs" variant="white" color="red" loading={busy} onClick={() => void refresh(onRefresh)}>
                  {t('刷新')}
                </Button>
                <Text size="xs">{t('（已填写的内容会保留）')}</Text>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {notice && <Alert color="blue">{notice}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={busy}>
          {t('取消')}
        </Button>
        <Button color={color} loading={busy} onClick={onSubmit}>
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}

export interface DialogProps {
  view: SubApplication;
  onClose(): void;
  onDone(v: SubApplication, message: string): void;
  /** Loads the latest sub-application; null when it could not. */
  onRefresh(): Promise<SubApplication | null>;
}

const ref = (v: SubApplication) => ({ caseId: v.caseId, itemId: v.itemId, expectedVersion: v.version });

export function ApproveForm({ view, onClose, onDone, onRefresh }: DialogProps) {
  const action = useAction();
  const [number, setNumber] = useState('');
  const [elicense, setElicense] = useState('');
  const [note, setNote] = useState('');
  const [docs, setDocs] = useState<string[]>([]);
  const needs = view.resultNeeds;

  async function submit() {
    const gaps = [
      needs.number && !number.trim() ? t('请填写证照（文书）编号') : null,
      needs.elicense && !elicense.trim() ? t('请填写电子证照标识') : null,
      needs.document && docs.length === 0 ? t('请扫描或附加结果文书') : null,
      !needs.number && !needs.elicense && !needs.document && !note.trim() && docs.length === 0 ? t('请填写办理结果说明或附加结果文书') : null,
    ].filter((g): g is string => g !== null);
    if (gaps.length) return action.fail(t('{{v0}}。', { v0: gaps.join(t('；')) }));
    const v = await action.run(() =>
      api.review.approve({
        ...ref(view),
        result: { number: number.trim() || null, elicenseId: elicense.trim() || null, documentBlobs: docs, note: note.trim() || null },
      }),
    );
    if (v) onDone(v, t('已批准：{{itemName}}', { itemName: view.itemName }));
  }

  return (
    <Stack gap="sm">
      <Text size="sm">
        {t('办理结果：')}<b>{view.resultName}</b>
      </Text>
      <Alert color="blue" p="xs" data-testid="result-hint">
        {view.resultHint}
      </Alert>
      <TextInput label={t('证照（文书）编号')} required={needs.number} value={number} onChange={(e) => setNumber(e.currentTarget.value)} maxLength={64} />
      <TextInput label={t('电子证照标识')} required={needs.elicense} value={elicense} onChange={(e) => setElicense(e.currentTarget.value)} maxLength={64} />
      <Textarea label={t('结果说明')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={500} autosize minRows={2} />
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('结果文书')}
          {needs.document && (
            <Text span c="red">
              {' '}
              *
            </Text>
          )}
        </Text>
        <ScanSlot pages={docs} onChange={setDocs} label={t('结果文书')} />
      </Stack>
      <DialogFooter action={action} submitLabel={t('确认批准')} color="green" onCancel={onClose} onSubmit={() => void submit()} onRefresh={onRefresh} />
    </Stack>
  );
}

export function RejectForm({ view, onClose, onDone, onRefresh }: DialogProps) {
  const action = useAction();
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState('');

  async function submit() {
    const gaps = [!reason.trim() ? t('请填写不予批准的理由') : null, !basis.trim() ? t('请填写不予批准所依据的法律法规') : null].filter((g): g is string => g !== null);
    if (gaps.length) return action.fail(t('{{v0}}。', { v0: gaps.join(t('；')) }));
    const v = await action.run(() => api.review.reject({ ...ref(view), reason: reason.trim(), legalBasis: basis.trim() }));
    if (v) onDone(v, t('已不予批准：{{itemName}}', { itemName: view.itemName }));
  }

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('不予批准的理由和法律依据将写入决定书并告知申请人。')}
      </Text>
      <Textarea label={t('理由')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} autosize minRows={3} />
      <TextInput
        label={t('法律依据')}
        required
        placeholder={t('如：《中华人民共和国行政许可法》第三十八条第二款')}
        value={basis}
        onChange={(e) => setBasis(e.currentTarget.value)}
        maxLength={300}
      />
      <DialogFooter action={action} submitLabel={t('确认不予批准')} color="red" onCancel={onClose} onSubmit={() => void submit()} onRefresh={onRefresh} />
    </Stack>
  );
}

type Kind = 'material' | 'field';
type Row = { id: number; kind: Kind; name: string; detail: string };
const KIND_OPTIONS = [
  { value: 'material', label: t('材料') },
  { value: 'field', label: t('表单内容') },
];

export function CorrectionForm({ view, onClose, onDone, onRefresh }: DialogProps) {
  const action = useAction();
  const [rows, setRows] = useState<Row[]>([{ id: 1, kind: 'material', name: '', detail: '' }]);
  const suggestions: Record<Kind, string[]> = {
    material: [...new Set(view.materials.map((m) => m.name))],
    field: [...new Set(view.fields.map((f) => f.label))],
  };
  const patch = (id: number, p: Partial<Row>) => setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...p } : r)));

  async function submit() {
    const gaps = rows.map((r, i) => (r.name.trim() ? null : t('第 {{v0}} 项：请填写需补正的材料或内容', { v0: i + 1 }))).filter((g): g is string => g !== null);
    if (rows.length === 0) return action.fail(t('请至少列出一项需要补正的材料或内容。'));
    if (gaps.length) return action.fail(t('{{v0}}。', { v0: gaps.join(t('；')) }));
    const entries = rows.map((r) => ({ kind: r.kind, name: r.name.trim(), detail: r.detail.trim() }));
    const v = await action.run(() => api.review.requestCorrection({ ...ref(view), entries }));
    if (v) onDone(v, t('已要求补正：{{itemName}}', { itemName: view.itemName }));
  }

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('子件将退回窗口，由窗口一次告知申请人需补正的全部内容；补正期间不计入办理时限。')}
      </Text>
      {rows.map((r, i) => (
        <Group key={r.id} align="flex-end" wrap="nowrap" gap="xs" data-testid="correction-row">
          <Select
            label={t('第 {{v0}} 项类别', { v0: i + 1 })}
            data={KIND_OPTIONS}
            value={r.kind}
            onChange={(v) => v && patch(r.id, { kind: v as Kind })}
            allowDeselect={false}
            w={120}
          />
          <Autocomplete
            label={t('需补正的材料或内容')}
            required
            data={suggestions[r.kind]}
            value={r.name}
            onChange={(v) => patch(r.id, { name: v })}
            maxLength={120}
            style={{ flex: 1 }}
          />
          <TextInput label={t('补正要求')} placeholder={t('如：缺少签字页')} value={r.detail} onChange={(e) => patch(r.id, { detail: e.currentTarget.value })} maxLength={300} style={{ flex: 1 }} />
          <ActionIcon
            variant="subtle"
            color="red"
            size="lg"
            mb={2}
            aria-label={t('删除第 {{v0}} 项', { v0: i + 1 })}
            disabled={rows.length === 1}
            onClick={() => setRows((rs) => rs.filter((x) => x.id !== r.id))}
          >
            ✕
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="default"
          disabled={rows.length >= 50}
          onClick={() => setRows((rs) => [...rs, { id: Math.max(0, ...rs.map((x) => x.id)) + 1, kind: 'material', name: '', detail: '' }])}
        >
          {t('添加一项')}
        </Button>
      </Group>
      <DialogFooter action={action} submitLabel={t('发出补正要求')} color="orange" onCancel={onClose} onSubmit={() => void submit()} onRefresh={onRefresh} />
    </Stack>
  );
}

const PAUSE_OPTIONS = PAUSE_REASONS.filter((r) => r !== 'correction').map((r) => ({ value: r, label: PAUSE_REASON_LABELS[r] }));

export function PauseForm({ view, onClose, onDone, onRefresh }: DialogProps) {
  const action = useAction();
  const [reason, setReason] = useState<PauseReason | null>(null);
  const [note, setNote] = useState('');

  async function submit() {
    if (!reason) return action.fail(t('请选择停表原因。'));
    if (reason === 'other' && !note.trim()) return action.fail(t('选择“其他”时请填写停表说明。'));
    const v = await action.run(() => api.review.pause({ ...ref(view), reason, note: note.trim() }));
    if (v) onDone(v, t('已停表：{{itemName}}', { itemName: view.itemName }));
  }

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('停表期间不计入办理时限（《行政许可法》第四十五条）；相关程序结束后请点“恢复计时”。')}
      </Text>
      <Select label={t('停表原因')} required data={PAUSE_OPTIONS} value={reason} onChange={(v) => setReason(v as PauseReason | null)} placeholder={t('请选择')} />
      <Textarea label={t('说明')} required={reason === 'other'} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={300} autosize minRows={2} />
      <DialogFooter action={action} submitLabel={t('确认停表')} onCancel={onClose} onSubmit={() => void submit()} onRefresh={onRefresh} />
    </Stack>
  );
}

/** The supervisor ends an item that can no longer go on; used from the review detail and the warnings list. */
export function CancelForm({
  target,
  onClose,
  onDone,
  onRefresh,
}: {
  target: { caseId: string; itemId: string; version: number; itemName: string; blockedBy?: readonly string[] };
  onClose(): void;
  onDone(v: SubApplication, message: string): void;
  onRefresh?: () => Promise<unknown>;
}) {
  const action = useAction();
  const [reason, setReason] = useState('');

  async function submit() {
    if (!reason.trim()) return action.fail(t('请填写终止办理的理由。'));
    const v = await action.run(() =>
      api.routing.cancelItem({ caseId: target.caseId, itemId: target.itemId, expectedVersion: target.version, reason: reason.trim() }),
    );
    if (v) onDone(v, t('已终止办理：{{itemName}}', { itemName: target.itemName }));
  }

  return (
    <Stack gap="sm">
      <Text size="sm">
        “{target.itemName}{t('”的前置事项')}
        {target.blockedBy?.length ? t('（{{v0}}）', { v0: target.blockedBy.join(t('、')) }) : ''}
        {t('未获批准，该子件无法继续办理。终止后不能恢复。')}
      </Text>
      <Textarea label={t('终止办理的理由')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} autosize minRows={3} />
      <DialogFooter action={action} submitLabel={t('确认终止办理')} color="red" onCancel={onClose} onSubmit={() => void submit()} onRefresh={onRefresh} />
    </Stack>
  );
}
