import { Alert, Badge, Button, Card, Group, List, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { AppointmentList as ListView, ImportReport } from '../../shared/api/hall-queue';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import { api, errorText } from '../api';
import { t } from '../i18n';
import type { StartRequest } from './StartDialog';

const SHOWN_PROBLEMS = 10;

function summary(r: ImportReport): string {
  const files = r.files.reduce((n, f) => n + f.imported, 0);
  const pulled = r.pull?.imported ?? 0;
  const bad = r.files.reduce((n, f) => n + f.errors.length, 0) + (r.pull?.errors.length ?? 0);
  const parts = [t('导入 {{n}} 条预约', { n: files + pulled })];
  if (bad) parts.push(t('{{bad}} 条有问题未导入，见下方说明', { bad }));
  if (r.waiting.length) parts.push(t('{{n}} 个文件正在写入，稍后自动导入', { n: r.waiting.length }));
  return parts.join(t('；'));
}

/** 今日预约: time slot, name, bundle and whether the case was started; 按预约收件 per row; 导入预约. */
export function AppointmentList({ onStart }: { onStart(r: StartRequest): void }) {
  const navigate = useNavigate();
  const [list, setList] = useState<ListView | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.hallQueue
      .appointments({})
      .then((l) => {
        setList(l);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, []);

  // Files dropped by the booking system are picked up on each load: when the home opens and when the
  // window gets focus again. No timer: every host call counts as activity and would defeat the idle lock.
  useEffect(() => {
    load();
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, [load]);

  async function importNow() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.hallQueue.importNow();
      setList(r.list);
      setReport(r.report);
      notifications.show({ color: r.report.pull?.errors.length || r.report.folderError ? 'yellow' : 'green', message: summary(r.report) });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const pullErrors = report?.pull?.errors ?? [];
  return (
    <Card withBorder padding="lg" data-testid="appointments">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>{list ? t('今日预约（{{date}}）', { date: list.date }) : t('今日预约')}</Title>
          {list?.configured && (
            <Button variant="default" onClick={() => void importNow()} loading={busy}>
              {t('导入预约')}
            </Button>
          )}
        </Group>
        {list && !list.configured && <Alert color="gray">{list.hint}</Alert>}
        {error && <Alert color="red">{error}</Alert>}
        {list?.folderError && <Alert color="red">{list.folderError}</Alert>}
        {pullErrors.length > 0 && <Alert color="yellow">{pullErrors.join(t('；'))}</Alert>}
        {list && list.problems.length > 0 && (
          <Alert color="yellow" title={t('以下预约有问题，未导入（其余已导入）')}>
            {list.problems.map((p) => (
              <Stack key={`${p.file}-${p.at}`} gap={2}>
                <Text size="sm" fw={600}>
                  {p.file}
                </Text>
                <List size="sm">
                  {p.errors.slice(0, SHOWN_PROBLEMS).map((e) => (
                    <List.Item key={e}>{e}</List.Item>
                  ))}
                  {p.errors.length > SHOWN_PROBLEMS && <List.Item>{t('另有 {{n}} 条问题', { n: p.errors.length - SHOWN_PROBLEMS })}</List.Item>}
                </List>
              </Stack>
            ))}
          </Alert>
        )}
        {list?.configured && list.rows.length === 0 && <Text c="dimmed">{t('今天没有预约。')}</Text>}
        {list && list.rows.length > 0 && (
          <Table striped aria-label={t('今日预约')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('时段')}</Table.Th>
                <Table.Th>{t('姓名')}</Table.Th>
                <Table.Th>{t('“一件事”')}</Table.Th>
                <Table.Th>{t('状态')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('操作')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.rows.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.slot}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{a.name}</Text>
                    <Text size="xs" c="dimmed">
                      {a.phoneMasked}
                    </Text>
                  </Table.Td>
                  <Table.Td>{a.bundleName}</Table.Td>
                  <Table.Td>
                    {a.caseId ? (
                      <Button variant="subtle" size="compact-sm" onClick={() => navigate(`/intake/case/${a.caseId}`)}>
                        {a.caseNumber ?? (a.caseState ? CASE_STATE_LABELS[a.caseState] : t('已开始收件'))}
                      </Button>
                    ) : (
                      <Badge variant="light" color="gray">
                        {t('未收件')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {!a.caseId && (
                      <Button
                        size="compact-sm"
                        aria-label={t('按预约收件：{{name}}', { name: a.name })}
                        onClick={() => onStart({ source: { kind: 'appointment', appointmentId: a.id }, bundleId: a.bundleId, title: t('预约 {{slot}} · {{name}}', { slot: a.slot, name: a.name }) })}
                      >
                        {t('按预约收件')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
