import { Alert, Button, Center, Group, Loader, Modal, Pagination, Stack, Table, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import { api, errorText } from '../api';
import { caseNo, fmt } from '../routing/ui';
import { t } from '../i18n';

type MailQueueData = MethodOutput<'delivery.mailQueue'>;
type MailRow = MailQueueData['rows'][number];

const PAGE_SIZE = 50;

function ReturnForm({ row, onClose, onDone }: { row: MailRow; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function submit() {
    if (!reason.trim()) return setError(t('请填写退回原因（如地址不详、拒收、无人签收）。'));
    setBusy(true);
    setError(null);
    try {
      await api.delivery.mailOutcome({ caseId: row.caseId, expectedSeq: row.expectedSeq, visitId: row.visitId, outcome: 'returned', reason: reason.trim() });
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap="sm">
      <Text size="sm">
        {row.carrier} {row.trackingNo} {t('· 收件人')} {row.recipient}
      </Text>
      <Textarea label={t('退回原因（必填）')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={2} data-autofocus />
      <Text size="xs" c="dimmed">
        {t('退回后结果回到待出件，可改为窗口领取或重新邮寄。')}
      </Text>
      {error && (
        <Alert color="red" data-testid="mail-outcome-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose} disabled={busy}>
          {t('取消')}
        </Button>
        <Button color="orange" loading={busy} onClick={() => void submit()}>
          {t('确认退回')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Results in the post: the clerk confirms delivery (妥投) or records the parcel coming back. */
export function MailQueue({ onOpen }: { onOpen(caseId: string): void }) {
  const [data, setData] = useState<MailQueueData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const [tick, setTick] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState<MailRow | null>(null);

  useEffect(() => {
    let alive = true;
    api.delivery
      .mailQueue({ page, pageSize: PAGE_SIZE })
      .then((q) => {
        if (!alive) return;
        setData(q);
        setError(null);
      })
      .catch((err: unknown) => alive && setError(errorText(err)));
    return () => {
      alive = false;
    };
  }, [page, tick]);

  async function delivered(row: MailRow) {
    setBusy(row.visitId);
    setError(null);
    try {
      await api.delivery.mailOutcome({ caseId: row.caseId, expectedSeq: row.expectedSeq, visitId: row.visitId, outcome: 'delivered' });
      notifications.show({ color: 'green', message: t('{{v0}} 已确认妥投。', { v0: caseNo(row.caseNumber) }) });
      setTick((t) => t + 1);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(null);
    }
  }

  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        {data && (
          <Text size="sm" c="dimmed" data-testid="mail-total">
            {t('共')} {data.total} {t('件邮寄在途')}
          </Text>
        )}
        <Button variant="subtle" size="xs" onClick={() => setTick((t) => t + 1)}>
          {t('刷新')}
        </Button>
      </Group>
      {error && (
        <Alert color="red" title={t('未能完成')} data-testid="mail-queue-error">
          {error}
        </Alert>
      )}
      {!data && !error && (
        <Center h={120}>
          <Loader />
        </Center>
      )}
      {data &&
        (data.rows.length === 0 ? (
          <Text c="dimmed">{t('没有邮寄在途的结果。')}</Text>
        ) : (
          <Table striped highlightOnHover data-testid="mail-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('办件编号')}</Table.Th>
                <Table.Th>{t('寄递公司')}</Table.Th>
                <Table.Th>{t('运单号')}</Table.Th>
                <Table.Th>{t('收件人')}</Table.Th>
                <Table.Th>{t('寄出时间')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.rows.map((r) => (
                <Table.Tr key={r.visitId} data-case={r.caseId} data-visit={r.visitId}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Button variant="subtle" size="compact-sm" onClick={() => onOpen(r.caseId)} aria-label={t('查看 {{v0}}', { v0: caseNo(r.caseNumber) })}>
                      {caseNo(r.caseNumber)}
                    </Button>
                  </Table.Td>
                  <Table.Td>{r.carrier}</Table.Td>
                  <Table.Td style={{ fontFamily: 'monospace' }}>{r.trackingNo}</Table.Td>
                  <Table.Td>{r.recipient}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(r.sentAt)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-sm" color="green" loading={busy === r.visitId} disabled={busy !== null && busy !== r.visitId} onClick={() => void delivered(r)}>
                        {t('确认妥投')}
                      </Button>
                      <Button size="compact-sm" color="orange" variant="light" disabled={busy !== null} onClick={() => setReturning(r)}>
                        {t('退回')}
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ))}
      {data && pages > 1 && (
        <Group justify="center">
          <Pagination total={pages} value={page} onChange={setPage} aria-label={t('分页')} />
        </Group>
      )}
      <Modal opened={returning !== null} onClose={() => setReturning(null)} title={returning ? t('邮件退回：{{v0}}', { v0: caseNo(returning.caseNumber) }) : ''} closeOnClickOutside={false}>
        {returning && (
          <ReturnForm
            row={returning}
            onClose={() => setReturning(null)}
            onDone={() => {
              notifications.show({ color: 'orange', message: t('{{v0}} 已登记退回，结果回到待出件。', { v0: caseNo(returning.caseNumber) }) });
              setReturning(null);
              setTick((t) => t + 1);
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
