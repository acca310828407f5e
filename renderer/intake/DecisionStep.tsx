import { Alert, Button, Card, Group, List, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import type { CaseView, NoticeKind } from '../../shared/api/intake';
import { DOCUMENT_TITLES } from '../../shared/documents/titles';
import { api, errorText } from '../api';
import { downloadPdf } from '../common/pdf';
import type { ScanSlotProps } from './MaterialsStep';
import { t } from '../i18n';


export function PrintNotice({ id, kind }: { id: string; kind: NoticeKind }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function print() {
    setBusy(true);
    setError(null);
    try {
      const { fileName, pdfBase64 } = await api.intake.document({ id, kind });
      downloadPdf(fileName, pdfBase64);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap={4}>
      <Button onClick={() => void print()} loading={busy} variant="light">
        {t('打印')}{DOCUMENT_TITLES[kind]}{t('（PDF）')}
      </Button>
      {error && <Text c="red">{error}</Text>}
    </Stack>
  );
}

/**
 * A case already with its departments came back for a correction: the counter takes the corrected
 * materials (steps 1–3 stay editable) and sends the case back; decisions are the departments'.
 */
function ResubmitCard({ view, run, busy, error }: { view: CaseView; run(name: string, fn: (v: CaseView) => Promise<CaseView>): Promise<void>; busy: string | null; error: string | null }) {
  const waiting = view.state === 'correction_requested';
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{waiting ? t('部门要求补正') : t('已分送部门审批')}</Title>
        {!waiting && <Text size="sm">{t('该办件已受理并分送各部门，审批进度可在“后台”查看。')}</Text>}
        {view.departmentCorrections.map((c) => (
          <Stack key={c.item} gap={2}>
            <Text size="sm" fw={600}>
              {c.department} · {c.item}
            </Text>
            <List size="sm">
              {c.entries.map((e) => (
                <List.Item key={e.key}>
                  {e.name}
                  {e.detail ? t('：{{detail}}', { detail: e.detail }) : ''}
                </List.Item>
              ))}
            </List>
          </Stack>
        ))}
        {waiting && (
          <>
            <Text size="sm" c="dimmed">
              {t('请按上列要求收取补正材料、修改表单后重新提交；提交后各部门恢复计时。')}
            </Text>
            <Button
              loading={busy === 'resubmit'}
              onClick={() =>
                void run('resubmit', async (v) => {
                  await api.routing.resubmit({ caseId: v.id, expectedSeq: v.lastEventSeq });
                  return api.intake.open({ id: v.id });
                })
              }
            >
              {t('补正完成，重新提交')}
            </Button>
          </>
        )}
        {error && <Alert color="red">{error}</Alert>}
      </Stack>
    </Card>
  );
}

/** 受理 / 容缺受理 / 补正告知 / 不予受理, each explaining why it is not possible yet. */
export function DecisionStep({
  view,
  decide,
  renderScan,
}: {
  view: CaseView;
  decide(fn: (v: CaseView) => Promise<CaseView>): Promise<CaseView>;
  renderScan(p: ScanSlotProps): ReactNode;
}) {
  const ev = view.evaluation;
  const [method, setMethod] = useState<'window' | 'mail'>('window');
  const [address, setAddress] = useState('');
  const [deadlines, setDeadlines] = useState<Record<string, string>>(() =>
    Object.fromEntries(ev.materials.filter((m) => m.required && !m.received && m.tolerable).map((m) => [m.key, ev.pendingLatest[m.key] ?? ''])),
  );
  const [commitment, setCommitment] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const delivery = { method, address: method === 'mail' ? address.trim() || null : null };

  async function run(name: string, fn: (v: CaseView) => Promise<CaseView>) {
    if (busy) return; // one decision at a time: a double click does nothing more
    setBusy(name);
    setError(null);
    try {
      await decide(fn);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  if (view.routed) return <ResubmitCard view={view} run={run} busy={busy} error={error} />;
  const pendingList = ev.materials.filter((m) => m.required && !m.received);
  return (
    <Stack>
      {ev.calendarWarning && <Alert color="yellow">{ev.calendarWarning}</Alert>}
      <Card withBorder>
        <Stack gap="xs">
          <Title order={4}>{t('送达方式')}</Title>
          <SegmentedControl
            aria-label={t('送达方式')}
            value={method}
            onChange={(v) => setMethod(v as 'window' | 'mail')}
            data={[
              { value: 'window', label: t('窗口领取') },
              { value: 'mail', label: t('免费邮寄') },
            ]}
            w={260}
          />
          {method === 'mail' && <TextInput label={t('邮寄地址')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} maw={520} />}
          <Text size="sm" c="dimmed">
            {t('如现在受理，预计办结日期：')}{ev.expectedDate ?? t('以各部门时限为准')}
          </Text>
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Stack gap="xs">
            <Title order={4}>{t('受理')}</Title>
            {ev.acceptBlockers.length > 0 ? (
              <List size="sm" c="red">
                {ev.acceptBlockers.map((b) => (
                  <List.Item key={b}>{b}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{t('表单完整、材料齐全，可以受理。')}</Text>
            )}
            <Button
              disabled={!ev.canAccept}
              loading={busy === 'accept'}
              title={ev.acceptBlockers.join(t('；'))}
              onClick={() => void run('accept', (v) => api.intake.accept({ id: v.id, expectedSeq: v.lastEventSeq, delivery }))}
            >
              {t('受理')}
            </Button>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="xs">
            <Title order={4}>{t('容缺受理')}</Title>
            {ev.pendingBlockers.length > 0 ? (
              <List size="sm" c="dimmed">
                {ev.pendingBlockers.map((b) => (
                  <List.Item key={b}>{b}</List.Item>
                ))}
              </List>
            ) : (
              <>
                <Text size="sm">{t('以下材料可在承诺期限内补交（期限不晚于事项承诺时限）：')}</Text>
                {pendingList.map((m) => (
                  <Group key={m.key} gap="xs">
                    <Text size="sm" w={220}>
                      {m.name}
                    </Text>
                    <TextInput
                      size="xs"
                      aria-label={t('{{name}}补交期限', { name: m.name })}
                      value={deadlines[m.key] ?? ''}
                      onChange={(e) => setDeadlines((d) => ({ ...d, [m.key]: e.currentTarget.value }))}
                      description={ev.pendingLatest[m.key] ? t('最晚 {{v0}}', { v0: ev.pendingLatest[m.key]! }) : undefined}
                      w={160}
                    />
                  </Group>
                ))}
                <Text size="sm">{t('申请人签署的告知承诺书（扫描纸质承诺书）：')}</Text>
                {renderScan({ pages: commitment, onChange: setCommitment, label: t('告知承诺书') })}
              </>
            )}
            <Button
              color="yellow"
              disabled={!ev.canAcceptPending || commitment.length === 0}
              loading={busy === 'pending'}
              onClick={() =>
                void run('pending', (v) =>
                  api.intake.acceptPending({
                    id: v.id,
                    expectedSeq: v.lastEventSeq,
                    delivery,
                    pending: Object.entries(deadlines).map(([key, deadline]) => ({ key, deadline })),
                    commitmentBlob: commitment[0]!,
                  }),
                )
              }
            >
              {t('容缺受理')}
            </Button>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="xs">
            <Title order={4}>{t('补正告知（一次告知所有问题）')}</Title>
            {ev.correction.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('没有需要补正的内容。')}
              </Text>
            ) : (
              <Table fz="sm" data-testid="correction-preview">
                <Table.Tbody>
                  {ev.correction.map((c) => (
                    <Table.Tr key={`${c.kind}:${c.key}`}>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td>{c.problem === 'missing' ? t('缺少') : t('需更正')}</Table.Td>
                      <Table.Td>{c.detail}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Button
              variant="light"
              disabled={ev.correction.length === 0}
              loading={busy === 'correction'}
              onClick={() => void run('correction', (v) => api.intake.notifyCorrection({ id: v.id, expectedSeq: v.lastEventSeq }))}
            >
              {t('出具补正告知书')}
            </Button>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="xs">
            <Title order={4}>{t('不予受理')}</Title>
            <Textarea label={t('理由（必填）')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} />
            <TextInput label={t('法律依据')} value={legalBasis} onChange={(e) => setLegalBasis(e.currentTarget.value)} />
            <Button
              color="red"
              variant="light"
              disabled={!reason.trim()}
              title={reason.trim() ? undefined : t('不予受理必须写明理由')}
              loading={busy === 'refuse'}
              onClick={() =>
                void run('refuse', (v) => api.intake.refuse({ id: v.id, expectedSeq: v.lastEventSeq, reason, legalBasis: legalBasis.trim() || null }))
              }
            >
              {t('不予受理')}
            </Button>
          </Stack>
        </Card>
      </SimpleGrid>
      {error && (
        <Alert color="red" title={t('未能完成')}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
