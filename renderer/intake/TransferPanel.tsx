import { ActionIcon, Alert, Badge, Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import type { CaseTransfers, TransferView } from '../../shared/api/proxy';
import { PROXY_SCOPE_LABELS, TRANSFER_LINE_KIND_LABELS, TRANSFER_LINE_KINDS, TRANSFER_STATUS_LABELS, type TransferLineKind, type TransferStatus } from '../../shared/proxy';
import { api, errorText } from '../api';
import { t } from '../i18n';

// 材料流转 of a 代收代办 case: the packing lists sent to the deciding side with courier, tracking
// number and promised arrival, their status, and — at the deciding side — the receipt. Shown on the
// case screen (taking-in hall) and on the sub-application (deciding side).

export interface TransferPanelProps {
  caseId: string;
  /** The clerk's role allows sending (intake, supervisor); the panel also asks whether the case may. */
  canSendRole: boolean;
  /** The clerk's role allows confirming arrivals (intake, review). */
  canReceiveRole: boolean;
  /** Packing-list rows to start from (the originals received at intake). */
  prefill?: { name: string; copies: number; kind: TransferLineKind }[];
}

const STATUS_COLORS: Record<TransferStatus, string> = { in_transit: 'blue', received: 'green', overdue: 'red' };

interface Line {
  name: string;
  copies: number;
  kind: TransferLineKind;
}

function TransferCard({ tr, canReceive, onReceive }: { tr: TransferView; canReceive: boolean; onReceive(id: string, discrepancy: string): Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Card withBorder padding="sm" data-transfer={tr.id}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Badge color={STATUS_COLORS[tr.status]} variant="light" data-testid="transfer-status">
              {TRANSFER_STATUS_LABELS[tr.status]}
            </Badge>
            <Text size="sm">
              {tr.courier} {t('运单号')} {tr.trackingNo}
            </Text>
          </Group>
          <Text size="sm" c="dimmed">
            {t('{{sentOn}} 寄出（{{sentBy}}），应到日期 {{dueOn}}', { sentOn: tr.sentOn, sentBy: tr.sentBy, dueOn: tr.dueOn })}
          </Text>
        </Group>
        <Table withColumnBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('材料')}</Table.Th>
              <Table.Th w={80}>{t('份数')}</Table.Th>
              <Table.Th w={90}>{t('原件/复印件')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tr.lines.map((l, i) => (
              <Table.Tr key={i}>
                <Table.Td>{l.name}</Table.Td>
                <Table.Td>{l.copies}</Table.Td>
                <Table.Td>{TRANSFER_LINE_KIND_LABELS[l.kind]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {tr.receivedOn && (
          <Text size="sm">
            {t('{{receivedOn}} 由 {{receivedBy}} 签收', { receivedOn: tr.receivedOn, receivedBy: tr.receivedBy ?? '—' })}
            {tr.late ? t('（晚于应到日期）') : ''}
            {tr.discrepancy ? t('；差异：{{discrepancy}}', { discrepancy: tr.discrepancy }) : ''}
          </Text>
        )}
        {canReceive && tr.status !== 'received' && !open && (
          <Group>
            <Button size="xs" onClick={() => setOpen(true)}>
              {t('确认收到原件')}
            </Button>
          </Group>
        )}
        {canReceive && open && (
          <Stack gap="xs">
            <Textarea
              label={t('与清单不符之处（无则留空）')}
              placeholder={t('例如：出生医学证明原件未随件寄到')}
              value={note}
              maxLength={500}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
            <Group>
              <Button
                size="xs"
                loading={busy}
                onClick={() => {
                  setBusy(true);
                  void onReceive(tr.id, note).finally(() => setBusy(false));
                }}
              >
                {t('确认签收')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setOpen(false)}>
                {t('取消')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export function TransferPanel({ caseId, canSendRole, canReceiveRole, prefill }: TransferPanelProps) {
  const [data, setData] = useState<CaseTransfers | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<{ lines: Line[]; courier: string; trackingNo: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.transfer.list({ caseId }).then(
      (v) => live && setData(v),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [caseId]);

  if (!data) return error ? <Alert color="red">{error}</Alert> : null;
  if (!data.proxy) return null;
  const proxy = data.proxy;

  async function send() {
    if (!form) return;
    setBusy(true);
    setError(null);
    try {
      setData(await api.transfer.send({ caseId, lines: form.lines.filter((l) => l.name.trim()), courier: form.courier, trackingNo: form.trackingNo }));
      setForm(null);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function receive(transferId: string, discrepancy: string) {
    setError(null);
    try {
      setData(await api.transfer.receive({ caseId, transferId, discrepancy: discrepancy.trim() || null }));
    } catch (err) {
      setError(errorText(err));
    }
  }

  const setLine = (i: number, l: Partial<Line>) => setForm((f) => f && { ...f, lines: f.lines.map((x, k) => (k === i ? { ...x, ...l } : x)) });

  return (
    <Card withBorder data-testid="transfer-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('材料流转')}</Title>
          <Group gap="xs">
            <Badge variant="light" color={proxy.scope === 'province' ? 'teal' : 'grape'}>
              {PROXY_SCOPE_LABELS[proxy.scope]}
            </Badge>
            <Text size="sm">
              {t('代收地：{{takenIn}} → 作出决定地：{{deciding}}', { takenIn: proxy.takenInName, deciding: proxy.decidingName })}
            </Text>
          </Group>
        </Group>
        {data.transfers.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('还没有寄出材料。纸质原件须寄往作出决定地，应在寄出后的下一个工作日送达。')}
          </Text>
        )}
        {data.transfers.map((tr) => (
          <TransferCard key={tr.id} tr={tr} canReceive={data.canReceive && canReceiveRole} onReceive={receive} />
        ))}
        {data.canSend && canSendRole && !form && (
          <Group>
            <Button
              variant="light"
              onClick={() => setForm({ lines: prefill?.length ? prefill.map((p) => ({ ...p })) : [{ name: '', copies: 1, kind: 'original' }], courier: '', trackingNo: '' })}
            >
              {t('登记寄出原件')}
            </Button>
          </Group>
        )}
        {form && (
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('寄送清单')}
            </Text>
            {form.lines.map((l, i) => (
              <Group key={i} gap="xs" align="flex-end">
                <TextInput style={{ flex: 1 }} label={i === 0 ? t('材料名称') : undefined} aria-label={t('材料名称')} value={l.name} onChange={(e) => setLine(i, { name: e.currentTarget.value })} />
                <NumberInput w={90} label={i === 0 ? t('份数') : undefined} aria-label={t('份数')} min={1} max={99} value={l.copies} onChange={(v) => setLine(i, { copies: Number(v) || 1 })} />
                <Select
                  w={110}
                  label={i === 0 ? t('原件/复印件') : undefined}
                  aria-label={t('原件/复印件')}
                  data={TRANSFER_LINE_KINDS.map((k) => ({ value: k, label: TRANSFER_LINE_KIND_LABELS[k] }))}
                  value={l.kind}
                  allowDeselect={false}
                  onChange={(v) => v && setLine(i, { kind: v as TransferLineKind })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('删除这一行')}
                  disabled={form.lines.length === 1}
                  onClick={() => setForm({ ...form, lines: form.lines.filter((_, k) => k !== i) })}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button size="xs" variant="subtle" onClick={() => setForm({ ...form, lines: [...form.lines, { name: '', copies: 1, kind: 'original' }] })}>
                {t('添加一行')}
              </Button>
            </Group>
            <Group grow>
              <TextInput label={t('快递公司或寄送方式')} value={form.courier} maxLength={30} onChange={(e) => setForm({ ...form, courier: e.currentTarget.value })} />
              <TextInput label={t('运单号')} value={form.trackingNo} maxLength={40} onChange={(e) => setForm({ ...form, trackingNo: e.currentTarget.value })} />
            </Group>
            <Group>
              <Button loading={busy} onClick={() => void send()}>
                {t('寄出')}
              </Button>
              <Button variant="default" onClick={() => setForm(null)}>
                {t('取消')}
              </Button>
            </Group>
          </Stack>
        )}
        {error && <Alert color="red">{error}</Alert>}
      </Stack>
    </Card>
  );
}

/** Open transfers of this hall: originals to be received here, and those sent from here not yet confirmed. */
export function PendingTransfers({ refreshKey = 0 }: { refreshKey?: number }) {
  const [data, setData] = useState<MethodOutput<'transfer.pending'> | null>(null);
  useEffect(() => {
    let live = true;
    // Only for the roles that may list them; anyone else simply sees nothing here.
    api.transfer.pending({}).then(
      (v) => live && setData(v),
      () => live && setData(null),
    );
    return () => {
      live = false;
    };
  }, [refreshKey]);
  if (!data || data.incoming.length + data.outgoing.length === 0) return null;
  const rows = [...data.incoming, ...data.outgoing];
  return (
    <Card withBorder data-testid="pending-transfers">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={4}>{t('在途的代收代办材料')}</Title>
          {data.overdue > 0 && (
            <Badge color="red" variant="light">
              {t('逾期 {{n}} 批', { n: data.overdue })}
            </Badge>
          )}
        </Group>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('办件编号')}</Table.Th>
              <Table.Th>{t('一件事')}</Table.Th>
              <Table.Th>{t('方向')}</Table.Th>
              <Table.Th>{t('运单')}</Table.Th>
              <Table.Th>{t('应到日期')}</Table.Th>
              <Table.Th>{t('状态')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.caseNumber ?? '—'}</Table.Td>
                <Table.Td>{r.bundleName}</Table.Td>
                <Table.Td>
                  {r.direction === 'incoming' ? t('{{from}} 寄来（待本地签收）', { from: r.takenInName }) : t('寄往 {{to}}', { to: r.decidingName })}
                </Table.Td>
                <Table.Td>
                  {r.courier} {r.trackingNo}
                </Table.Td>
                <Table.Td>{r.dueOn}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[r.status]} variant="light">
                    {TRANSFER_STATUS_LABELS[r.status]}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
