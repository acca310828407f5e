import { Alert, Badge, Button, Card, Center, Group, List, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { DeliveryView } from '../../shared/api/delivery';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import { ENTRY_KIND_LABELS } from '../../shared/delivery';
import { NOTIFICATION_KIND_LABELS, type NotificationKind } from '../../shared/notify';
import { api, errorText } from '../api';
import { ItemStateBadge } from '../routing/ItemDetail';
import { caseNo, fmt } from '../routing/ui';
import { DonePanel, Handover, type Done } from './Handover';
import { CHANNEL_LABELS, HANDOVER_LABELS, NOTIFICATION_STATUS_LABELS, PriorityLane, VISIT_STATUS_LABELS, type Handed } from './ui';
import { t } from '../i18n';

function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function Header({ view }: { view: DeliveryView }) {
  const a = view.applicant;
  return (
    <Card withBorder data-testid="delivery-header">
      <Stack gap="sm">
        <Group gap="sm">
          <Title order={3} ff="monospace">
            {caseNo(view.caseNumber)}
          </Title>
          <Text fw={600}>{view.bundleName}</Text>
          <Badge variant="light">{CASE_STATE_LABELS[view.state]}</Badge>
          <PriorityLane priority={view.priority} />
          {view.partialAllowed && (
            <Badge variant="outline" color="gray">
              {t('可分批出件')}
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Info label={t('申请人')}>{a.enterpriseName ? t('{{enterpriseName}}（{{name}}）', { enterpriseName: a.enterpriseName, name: a.name }) : a.name}</Info>
          <Info label={t('证件号码')}>{a.idNumberMasked ?? '—'}</Info>
          <Info label={t('联系电话')}>{a.phone ?? '—'}</Info>
          <Info label={t('收件时登记的代办人')}>{view.agent ? t('{{name}}（{{relation}}）{{idNumberMasked}}', { name: view.agent.name, relation: view.agent.relation, idNumberMasked: view.agent.idNumberMasked }) : t('无')}</Info>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function ItemsTable({ view }: { view: DeliveryView }) {
  return (
    <Table striped data-testid="delivery-items">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('事项')}</Table.Th>
          <Table.Th>{t('部门')}</Table.Th>
          <Table.Th>{t('审批')}</Table.Th>
          <Table.Th>{t('出件')}</Table.Th>
          <Table.Th>{t('结果清单')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {view.items.map((i) => (
          <Table.Tr key={i.itemId} data-item={i.itemId}>
            <Table.Td>{i.name}</Table.Td>
            <Table.Td>{i.department}</Table.Td>
            <Table.Td>
              <ItemStateBadge state={i.state} />
            </Table.Td>
            <Table.Td>
              {i.handover ? (
                <Badge color={i.handover === 'delivered' ? 'green' : 'grape'} variant="light">
                  {HANDOVER_LABELS[i.handover]}
                </Badge>
              ) : i.deliverable ? (
                <Badge color="blue">{t('待出件')}</Badge>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              {i.entries.length === 0 ? (
                <Text size="sm" c="dimmed">
                  —
                </Text>
              ) : (
                <List size="sm" spacing={2}>
                  {i.entries.map((e) => (
                    <List.Item key={e.key}>
                      {ENTRY_KIND_LABELS[e.kind]}{t('：')}{e.description}
                      {e.count > 1 ? ` × ${e.count}` : ''}
                    </List.Item>
                  ))}
                </List>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Visits({ view }: { view: DeliveryView }) {
  if (view.visits.length === 0) return <Text size="sm" c="dimmed">{t('尚未出件。')}</Text>;
  return (
    <Table striped data-testid="delivery-visits">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('回执号')}</Table.Th>
          <Table.Th>{t('方式')}</Table.Th>
          <Table.Th>{t('时间')}</Table.Th>
          <Table.Th>{t('领取人 / 收件人')}</Table.Th>
          <Table.Th>{t('经办人')}</Table.Th>
          <Table.Th>{t('事项')}</Table.Th>
          <Table.Th>{t('状态')}</Table.Th>
          <Table.Th>{t('评价')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {view.visits.map((v) => (
          <Table.Tr key={v.visitId} data-visit={v.visitId}>
            <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
              {v.receiptNo}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {CHANNEL_LABELS[v.channel]}
              {v.trackingNo && (
                <Text size="xs" c="dimmed">
                  {v.carrier} {v.trackingNo}
                </Text>
              )}
            </Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(v.at)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{v.recipient ?? '—'}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{v.clerk}</Table.Td>
            <Table.Td>{v.items.join(t('、'))}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{VISIT_STATUS_LABELS[v.status]}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {v.rating ? (
                <Text size="sm" c={v.rating.level <= 2 ? 'red' : undefined}>
                  {v.rating.label}
                  {v.rating.status === 'voided' ? t('（已作废）') : v.rating.status === 'appealed' ? t('（申诉中）') : ''}
                </Text>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('未评价')}{v.ratingCode ? t('（评价码 {{ratingCode}}）', { ratingCode: v.ratingCode }) : ''}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Notifications({ view, onView }: { view: DeliveryView; onView(v: DeliveryView): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hasReady = view.notifications.some((n) => n.kind === 'ready');
  const canNotify = !hasReady && view.items.some((i) => i.deliverable);

  async function notify() {
    setBusy(true);
    setError(null);
    try {
      onView(await api.delivery.notify({ caseId: view.caseId }));
      notifications.show({ color: 'green', message: t('已安排发送领取通知短信。') });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="xs" data-testid="delivery-notifications">
      {view.notifications.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('尚未发送短信通知。')}
        </Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('短信')}</Table.Th>
              <Table.Th>{t('状态')}</Table.Th>
              <Table.Th>{t('发送次数')}</Table.Th>
              <Table.Th>{t('发送时间')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {view.notifications.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>{NOTIFICATION_KIND_LABELS[n.kind as NotificationKind] ?? n.kind}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={n.status === 'failed' ? 'red' : n.status === 'sent' ? 'green' : undefined}>
                    {NOTIFICATION_STATUS_LABELS[n.status] ?? n.status}
                  </Text>
                  {n.lastError && (
                    <Text size="xs" c="dimmed">
                      {n.lastError}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{n.attempts}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt(n.sentAt)}</Table.Td>
                <Table.Td>
                  {n.status === 'failed' && n.kind === 'ready' && (
                    <Button size="compact-sm" variant="light" loading={busy} onClick={() => void notify()}>
                      {t('重新发送')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canNotify && (
        <Group>
          <Button variant="light" loading={busy} onClick={() => void notify()}>
            {t('通知申请人领取')}
          </Button>
        </Group>
      )}
      {error && (
        <Alert color="red" p="xs" data-testid="notify-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

/** One case at the delivery counter: what it holds, who may collect, and the handover itself. */
export function CaseDelivery({ caseId, onBack }: { caseId: string; onBack(): void }) {
  const [view, setView] = useState<DeliveryView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  const reload = useCallback(
    () =>
      api.delivery
        .open({ caseId })
        .then((v) => {
          setView(v);
          setError(null);
          return v;
        })
        .catch((err: unknown) => {
          setError(errorText(err));
          return null;
        }),
    [caseId],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  const onHanded = (r: Handed, d: Done) => {
    setView(r.view);
    setDone(d);
    window.scrollTo(0, 0);
  };
  const onRated = useCallback(() => void reload(), [reload]);

  return (
    <Stack gap="md" maw={1400}>
      <Group justify="space-between">
        <Group gap="sm">
          <Button variant="default" onClick={onBack}>
            {t('← 返回列表')}
          </Button>
          <Title order={2}>{t('出件')}</Title>
        </Group>
        {view && (
          <Button variant="subtle" size="xs" onClick={() => void reload()}>
            {t('刷新')}
          </Button>
        )}
      </Group>
      {error && (
        <Alert color="red" title={t('无法打开办件')}>
          {error}
        </Alert>
      )}
      {!view && !error && (
        <Center h={200}>
          <Loader />
        </Center>
      )}
      {view && (
        <>
          <Header view={view} />
          {done && <DonePanel caseId={view.caseId} done={done} onClose={() => setDone(null)} onRated={onRated} />}
          {view.blockedReason && !done && (
            <Alert
              color={view.state === 'delivered' || view.state === 'closed' ? 'green' : 'yellow'}
              title={view.state === 'delivered' || view.state === 'closed' ? t('出件完毕') : t('暂不能出件')}
              data-testid="blocked-reason"
            >
              {view.blockedReason}
            </Alert>
          )}
          <Card withBorder>
            <Stack gap="xs">
              <Title order={4}>{t('办理结果')}</Title>
              <ItemsTable view={view} />
              {view.originals.length > 0 && (
                <>
                  <Text size="sm" fw={600}>
                    {t('待退还的原件')}
                  </Text>
                  <List size="sm" data-testid="delivery-originals">
                    {view.originals.map((o) => (
                      <List.Item key={o.key}>{o.description}</List.Item>
                    ))}
                  </List>
                </>
              )}
            </Stack>
          </Card>
          {!done && !view.blockedReason && <Handover key={view.visits.length} view={view} onHanded={onHanded} onRefresh={reload} />}
          <Card withBorder>
            <Stack gap="xs">
              <Title order={4}>{t('出件记录')}</Title>
              <Visits view={view} />
            </Stack>
          </Card>
          <Card withBorder>
            <Stack gap="xs">
              <Title order={4}>{t('短信通知')}</Title>
              <Notifications view={view} onView={setView} />
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
