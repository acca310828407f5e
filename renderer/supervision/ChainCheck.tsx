import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ChainCheck } from '../../shared/api/chain';
import { api, errorText } from '../api';
import { fmt } from '../routing/ui';
import { t } from '../i18n';

// 事件链校验: every event carries the hash of its device's previous event. The check recomputes
// this device's log and asks the central service about its copy; a break means a record was
// changed, removed or inserted after it was written, and names the first event where it shows.

const SKIP_COLORS = { not_configured: 'gray', not_enrolled: 'gray', unreachable: 'orange', refused: 'orange' } as const;

export function ChainCheckPanel() {
  const [result, setResult] = useState<ChainCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setBusy(true);
    setError(null);
    try {
      setResult(await api.supervision.verifyChain({}));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack gap="md" maw={900}>
      <Text size="sm" c="dimmed">
        {t('每条记录都带有本机上一条记录的校验值。校验会重新计算本机全部记录，并在已登记且能连接时请中心服务校验它保存的本机记录；如有记录在保存后被改动、删除或插入，会指出第一处断开的位置。')}
      </Text>
      <Group>
        <Button onClick={() => void run()} loading={busy}>
          {t('开始校验')}
        </Button>
        {result && (
          <Text size="sm" c="dimmed" data-testid="chain-checked-at">
            {t('校验时间：{{at}}', { at: fmt(result.checkedAt) })}
          </Text>
        )}
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {result && (
        <>
          <Alert color={result.intact ? 'green' : 'red'} title={result.intact ? t('事件链完整') : t('事件链断开')} role="status">
            {result.intact ? t('已校验的记录都未被改动。') : t('发现断开的记录：请保留本机数据目录原样，不要重装或恢复备份，并立即报告系统管理员。')}
          </Alert>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Card withBorder>
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={5}>{t('本机')}</Title>
                  <Badge color={result.local.firstBroken ? 'red' : 'green'} variant="light">
                    {result.local.firstBroken ? t('断开') : t('完整')}
                  </Badge>
                </Group>
                <Text size="sm">{t('已校验 {{n}} 条记录', { n: result.local.checked })}</Text>
                {result.local.firstBroken && <Text size="sm">{t('第一处断开：第 {{seq}} 号事件，事件编号 {{id}}', { seq: result.local.firstBroken.seq, id: result.local.firstBroken.eventId })}</Text>}
                <Text size="sm" c="dimmed">
                  {result.local.message}
                </Text>
              </Stack>
            </Card>
            <Card withBorder>
              <Stack gap="xs">
                <Group justify="space-between">
                  <Title order={5}>{t('中心服务')}</Title>
                  {result.central.state === 'checked' ? (
                    <Badge color={result.central.firstBroken ? 'red' : 'green'} variant="light">
                      {result.central.firstBroken ? t('断开') : t('完整')}
                    </Badge>
                  ) : (
                    <Badge color={SKIP_COLORS[result.central.reason]} variant="light">
                      {t('未校验')}
                    </Badge>
                  )}
                </Group>
                {result.central.state === 'checked' && <Text size="sm">{t('已校验 {{n}} 条记录', { n: result.central.checked })}</Text>}
                {result.central.state === 'checked' && result.central.firstBroken && (
                  <Text size="sm">{t('第一处断开：中心序号 {{seq}}，事件编号 {{id}}', { seq: result.central.firstBroken.serverSeq, id: result.central.firstBroken.eventId })}</Text>
                )}
                <Text size="sm" c="dimmed">
                  {result.central.message}
                </Text>
              </Stack>
            </Card>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
