import { Alert, Badge, Button, Card, Group, Modal, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { QueueState } from '../../shared/api/hall-queue';
import { formatWait, TICKET_LANE_LABELS } from '../../shared/hall-queue';
import { api, errorText } from '../api';
import { t } from '../i18n';
import type { StartRequest } from './StartDialog';

/** Local time of an ISO instant as HH:MM. */
export function clock(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

type Action = 'call' | 'recall' | 'noShow' | 'transfer';

/**
 * 叫号: the big 呼叫下一位 button and the ticket being served (number, 优先 badge, bundle,
 * appointment), with 重呼 / 过号 / 转窗口 / 开始收件. A failed call keeps the ticket shown.
 */
export function QueuePanel({ onStart }: { onStart(r: StartRequest): void }) {
  const navigate = useNavigate();
  const [state, setState] = useState<QueueState | null>(null);
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const [toWindow, setToWindow] = useState('');

  useEffect(() => {
    api.hallQueue
      .current()
      .then(setState)
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  async function run(action: Action, fn: () => Promise<QueueState>) {
    setBusy(action);
    setError(null);
    try {
      setState(await fn());
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(null);
    }
  }

  async function callNext() {
    await run('call', async () => {
      const r = await api.hallQueue.callNext();
      if (r.empty) notifications.show({ message: t('目前没有等候的号。') });
      return r.state;
    });
  }

  async function transfer(e: FormEvent) {
    e.preventDefault();
    if (await run('transfer', () => api.hallQueue.transfer({ toWindow }))) {
      setTransferOpen(false);
      setToWindow('');
    }
  }

  if (!state) return error ? <Alert color="red">{error}</Alert> : null;
  const ticket = state.ticket;
  return (
    <Card withBorder padding="lg" data-testid="queue-panel">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>{t('叫号')}</Title>
          {state.windowNo && <Text c="dimmed">{t('本窗口 {{windowNo}} 号', { windowNo: state.windowNo })}</Text>}
        </Group>
        {!state.configured && <Alert color="gray">{state.hint}</Alert>}
        {state.configured && (
          <Button size="xl" onClick={() => void callNext()} loading={busy === 'call'} disabled={busy !== null && busy !== 'call'}>
            {t('呼叫下一位')}
          </Button>
        )}
        {error && <Alert color="red">{error}</Alert>}
        {ticket && (
          <Stack gap="xs" data-testid="current-ticket">
            <Group align="baseline" gap="sm">
              <Text fz={48} fw={800} lh={1} data-testid="ticket-number">
                {ticket.number}
              </Text>
              {ticket.lane === 'priority' && (
                <Badge color="orange" size="lg" variant="filled">
                  {TICKET_LANE_LABELS.priority}
                </Badge>
              )}
              {ticket.recalls > 0 && <Badge variant="light">{t('已重呼 {{n}} 次', { n: ticket.recalls })}</Badge>}
            </Group>
            <Text fw={600}>{ticket.bundleName ?? t('未指定“一件事”（开始收件时选择）')}</Text>
            {ticket.appointment && (
              <Text data-testid="ticket-appointment">
                {t('预约：{{name}} · {{phone}} · {{slot}}', { name: ticket.appointment.name, phone: ticket.appointment.phoneMasked, slot: ticket.appointment.slot })}
              </Text>
            )}
            <Text size="sm" c="dimmed">
              {t('{{issued}} 取号，{{called}} 呼叫，等候 {{wait}}', {
                issued: clock(ticket.issuedAt),
                called: clock(ticket.calledAt),
                wait: formatWait(Math.max(0, (Date.parse(ticket.calledAt) - Date.parse(ticket.issuedAt)) / 1000)),
              })}
            </Text>
            <Group>
              {ticket.caseId ? (
                <Button onClick={() => navigate(`/intake/case/${ticket.caseId}`)}>{ticket.caseNumber ? t('打开办件 {{no}}', { no: ticket.caseNumber }) : t('继续收件')}</Button>
              ) : (
                <Button
                  onClick={() =>
                    onStart({
                      source: { kind: 'ticket' },
                      bundleId: ticket.bundleId,
                      title: ticket.appointment ? t('{{number}} 号 · {{name}}', { number: ticket.number, name: ticket.appointment.name }) : t('{{number}} 号', { number: ticket.number }),
                    })
                  }
                >
                  {t('开始收件')}
                </Button>
              )}
              <Button variant="default" onClick={() => void run('recall', () => api.hallQueue.recall())} loading={busy === 'recall'} disabled={!state.configured}>
                {t('重呼')}
              </Button>
              <Button variant="default" color="red" onClick={() => void run('noShow', () => api.hallQueue.noShow())} loading={busy === 'noShow'} disabled={!state.configured}>
                {t('过号')}
              </Button>
              <Button variant="default" onClick={() => setTransferOpen(true)} disabled={!state.configured}>
                {t('转窗口')}
              </Button>
            </Group>
          </Stack>
        )}
        {state.configured && !ticket && <Text c="dimmed">{t('当前没有正在办理的号。')}</Text>}
      </Stack>
      <Modal opened={transferOpen} onClose={() => setTransferOpen(false)} title={ticket ? t('把 {{number}} 号转到其他窗口', { number: ticket.number }) : ''}>
        <form onSubmit={(e) => void transfer(e)}>
          <Stack>
            <TextInput label={t('转到窗口号')} value={toWindow} onChange={(e) => setToWindow(e.currentTarget.value)} data-autofocus />
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTransferOpen(false)}>
                {t('取消')}
              </Button>
              <Button type="submit" loading={busy === 'transfer'} disabled={!toWindow.trim()}>
                {t('确认转窗口')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
