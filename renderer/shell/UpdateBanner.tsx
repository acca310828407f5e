import { Alert, Button, Group, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import type { UpdateStatus } from '../../shared/api/updates';
import { api, errorText } from '../api';
import { t } from '../i18n';

const POLL_MS = 60_000;
/** 稍后 hides the question for this long; it comes back after (the update waits, downloaded). */
const SNOOZE_MS = 2 * 60 * 60_000;

/** The case this window has open for editing: the host holds a restart back while there is one. */
function openCaseOf(pathname: string): string | null {
  const m = /^\/intake\/case\/([^/]+)/.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** Offline updates: tells the clerk a new version is ready and restarts only when they agree. */
export function UpdateBanner() {
  const { pathname } = useLocation();
  const openCaseId = openCaseOf(pathname);
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [snoozed, setSnoozed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const poll = useCallback(() => {
    api.updates.status({ openCaseId }).then(setStatus, () => undefined);
  }, [openCaseId]);

  useEffect(() => {
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, [poll]);

  useEffect(() => {
    if (!snoozed) return;
    const timer = setTimeout(() => setSnoozed(false), SNOOZE_MS);
    return () => clearTimeout(timer);
  }, [snoozed]);

  if (!status || snoozed) return null;
  const later = () => setSnoozed(true);

  if (!status.supported) {
    if (!status.available) return null;
    return (
      <Alert color="blue" mb="md" data-testid="update-banner" withCloseButton closeButtonLabel={t('稍后')} onClose={later}>
        {t('中心已发布新版本 {{version}}（本机为 {{current}}）。', { version: status.available.version, current: status.current })} {status.blockedReason}
      </Alert>
    );
  }
  if (!status.downloaded) return null;

  async function install(version: string) {
    setBusy(true);
    setError(null);
    try {
      await api.updates.install({ version, openCaseId });
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
      poll();
    }
  }

  return (
    <Alert color="teal" mb="md" title={t('新版本 {{version}} 已下载，是否现在重启安装？', { version: status.downloaded })} data-testid="update-banner">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          {status.canInstall ? t('安装期间本机暂停使用；已保存的办件（包括尚未同步的）不会丢失。') : status.blockedReason}
          {error ? ` ${error}` : ''}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" onClick={later}>
            {t('稍后')}
          </Button>
          <Button size="xs" loading={busy} disabled={!status.canInstall} title={status.blockedReason ?? undefined} onClick={() => void install(status.downloaded!)}>
            {t('重启安装')}
          </Button>
        </Group>
      </Group>
    </Alert>
  );
}
