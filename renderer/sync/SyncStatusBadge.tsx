import { Badge, Tooltip } from '@mantine/core';
import { Link } from 'react-router';
import type { SyncStatus } from './useSyncStatus';
import { t } from '../i18n';

const COLORS: Record<SyncStatus['state'], string> = {
  synced: 'green',
  pending: 'blue',
  syncing: 'blue',
  offline: 'gray',
  error: 'red',
  not_configured: 'gray',
  not_enrolled: 'yellow',
};

function tooltip(s: SyncStatus): string {
  const parts = [t('待同步事件 {{pendingEvents}} 条，附件 {{pendingBlobs}} 个', { pendingEvents: s.pendingEvents, pendingBlobs: s.pendingBlobs })];
  if (s.lastSuccessAt) parts.push(t('上次成功 {{v0}}', { v0: new Date(s.lastSuccessAt).toLocaleString('zh-CN') }));
  if (s.rejected > 0) parts.push(t('被中心拒收 {{rejected}} 条，请到“同步”页查看', { rejected: s.rejected }));
  return parts.join(t('；'));
}

/** The header's sync status; opens the sync page. */
export function SyncStatusBadge({ status }: { status: SyncStatus | null }) {
  if (!status) return null;
  const warn = status.rejected > 0 || status.conflicts > 0;
  return (
    <Tooltip label={tooltip(status)} multiline w={280}>
      <Badge
        component={Link}
        to="/sync"
        color={warn && status.state === 'synced' ? 'orange' : COLORS[status.state]}
        variant="light"
        size="lg"
        style={{ cursor: 'pointer', textTransform: 'none', textDecoration: 'none', maxWidth: 360 }}
        data-testid="sync-status"
      >
        {status.label}
        {warn ? t(' · 拒收 {{v0}}', { v0: status.rejected + status.conflicts }) : ''}
      </Badge>
    </Tooltip>
  );
}
