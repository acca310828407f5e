import { Alert, Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import { api } from '../api';
import { useSession } from '../common/session';
import { useSyncStatus, type SyncStatus } from './useSyncStatus';
import { t } from '../i18n';
import { EVENT_LABELS } from '../../shared/event-labels';

type Details = MethodOutput<'sync.details'>;


const KIND_LABELS = { rejected: t('中心拒收'), conflict: t('与本机状态冲突'), deferred: t('等待附件') } as const;

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString('zh-CN') : '—';
}

function errorText(e: unknown): string {
  return (e as { message?: string })?.message ?? t('操作失败，请重试。');
}

function CentralSettings({ status, onChange }: { status: SyncStatus; onChange: (s: SyncStatus) => void }) {
  const [url, setUrl] = useState(status.centralUrl ?? '');
  const [caFile, setCaFile] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(fn: () => Promise<SyncStatus>) {
    setBusy(true);
    setError(null);
    try {
      onChange(await fn());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t('中心服务与本机登记')}</Title>
        <Group align="flex-end">
          <TextInput label={t('中心服务地址')} placeholder="https://yct.example.gov.cn:8700" value={url} onChange={(e) => setUrl(e.currentTarget.value)} w={380} />
          <TextInput label={t('私有 CA 证书文件（可选）')} placeholder="/etc/yct/hall-ca.pem" value={caFile} onChange={(e) => setCaFile(e.currentTarget.value)} w={280} />
          <Button variant="default" loading={busy} onClick={() => void run(() => api.admin.syncConfigure({ centralUrl: url.trim() || null, centralCaFile: caFile.trim() || null }))}>
            {t('保存地址')}
          </Button>
        </Group>
        <Group align="flex-end">
          <TextInput
            label={t('一次性启用码（由大厅管理员签发，24 小时内有效）')}
            placeholder="XXXX-XXXX-XXXX"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            w={380}
            data-testid="sync-enrol-code"
          />
          <Button loading={busy} disabled={!status.centralUrl || code.trim().length < 4} onClick={() => void run(() => api.admin.syncEnrol({ code }))}>
            {t('登记本机')}
          </Button>
        </Group>
        {status.enrolment && (
          <Text size="sm" c="dimmed">
            {t('已登记：大厅')} {status.enrolment.hallCode ?? '—'}
            {status.enrolment.departments.length > 0 ? t('，部门 {{v0}}', { v0: status.enrolment.departments.join(t('、')) }) : ''}{t('（')}{when(status.enrolment.enrolledAt)}{t('）；设备令牌保存在')}
            {status.secretStorage === 'os-keychain' ? t('系统密钥库') : t('数据目录中仅本账户可读的文件')}{t('。')}
          </Text>
        )}
        {error && (
          <Alert color="red" title={t('未完成')}>
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

export function SyncPage() {
  const { session } = useSession();
  const isAdmin = session.clerk.roles.includes('admin');
  const { status, refresh, set } = useSyncStatus();
  const [details, setDetails] = useState<Details | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api.sync
      .details()
      .then((d) => alive && setDetails(d))
      .catch((e: unknown) => alive && setError(errorText(e)));
    return () => {
      alive = false;
    };
  }, [status?.lastSuccessAt, status?.rejected]);

  async function syncNow() {
    setBusy(true);
    setError(null);
    try {
      set(await api.sync.now());
      setDetails(await api.sync.details());
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="lg" maw={1100}>
      <Title order={2}>{t('同步')}</Title>
      <Card withBorder>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Text fw={600} size="lg" data-testid="sync-page-label">
              {status?.label ?? '…'}
            </Text>
            <Text size="sm" c="dimmed">
              {t('待同步事件')} {status?.pendingEvents ?? '…'} {t('条，附件')} {status?.pendingBlobs ?? '…'} {t('个；上次成功')} {when(status?.lastSuccessAt ?? null)}
              {status?.nextAttemptAt ? t('；下次尝试 {{v0}}', { v0: when(status.nextAttemptAt) }) : ''}
            </Text>
            {/* In the error state the label above already carries the reason. */}
            {status?.lastError && status.state !== 'error' && <Text size="sm" c="red">{status.lastError}</Text>}
            <Text size="xs" c="dimmed">
              {t('断网时办件照常保存在本机；联网后自动同步（先附件、再事件、再拉取），也可点“立即同步”。')}
            </Text>
          </Stack>
          <Button onClick={() => void syncNow()} loading={busy} disabled={!status?.enrolment} data-testid="sync-now">
            {t('立即同步')}
          </Button>
        </Group>
      </Card>
      {error && (
        <Alert color="red" title={t('出错')} withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {isAdmin && status && <CentralSettings status={status} onChange={(s) => { set(s); void refresh(); }} />}

      <Card withBorder>
        <Title order={4} mb="sm">
          {t('被拒收或冲突的事件')}
        </Title>
        {details && details.problems.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t('没有被拒收的事件。')}
          </Text>
        ) : (
          <Table striped data-testid="sync-problems">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('情况')}</Table.Th>
                <Table.Th>{t('操作')}</Table.Th>
                <Table.Th>{t('办件')}</Table.Th>
                <Table.Th>{t('原因（请据此处理，如需更正请在办件中重新操作或联系值班长）')}</Table.Th>
                <Table.Th>{t('时间')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {details?.problems.map((p) => (
                <Table.Tr key={p.eventId}>
                  <Table.Td>
                    <Badge color={p.kind === 'deferred' ? 'yellow' : 'red'} variant="light" miw="max-content">
                      {KIND_LABELS[p.kind]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{(EVENT_LABELS as Record<string, string>)[p.type] ?? p.type}</Table.Td>
                  <Table.Td>{p.caseId ? details.cases.find((c) => c.caseId === p.caseId)?.caseNumber ?? p.caseId.slice(-8) : '—'}</Table.Td>
                  <Table.Td>{p.reason ?? p.code ?? '—'}</Table.Td>
                  <Table.Td>{when(p.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>

      <Card withBorder>
        <Title order={4} mb="sm">
          {t('各办件同步情况')}
        </Title>
        <Table striped data-testid="sync-cases">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('办件')}</Table.Th>
              <Table.Th>{t('待同步')}</Table.Th>
              <Table.Th>{t('已同步')}</Table.Th>
              <Table.Th>{t('拒收/冲突')}</Table.Th>
              <Table.Th>{t('最近变动')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {details?.cases.map((c) => (
              <Table.Tr key={c.caseId}>
                <Table.Td>{c.caseNumber ?? t('草稿 {{v0}}', { v0: c.caseId.slice(-8) })}</Table.Td>
                <Table.Td>{c.pending}</Table.Td>
                <Table.Td>{c.acked}</Table.Td>
                <Table.Td c={c.rejected + c.conflicts > 0 ? 'red' : undefined}>{c.rejected + c.conflicts}</Table.Td>
                <Table.Td>{when(c.lastEventAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
