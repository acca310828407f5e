import { Stack, Title } from '@mantine/core';
import { useSession } from '../common/session';
import { ChangePassword } from './ChangePassword';
import { ClerkAdmin } from './ClerkAdmin';
import { IdCardSettings } from './devices/IdCardSettings';
import { ScannerSettings } from './devices/ScannerSettings';
import { InstallationSettings } from './InstallationSettings';
import { HallQueueSettings } from '../hall/HallQueueSettings';
import { t } from '../i18n';

export function SettingsPage() {
  const { session } = useSession();
  const isAdmin = session.clerk.roles.includes('admin');
  return (
    <Stack gap="xl" maw={1100}>
      <Title order={2}>{t('设置')}</Title>
      {isAdmin && <InstallationSettings />}
      {isAdmin && <ClerkAdmin />}
      {isAdmin && (
        <Stack gap="md">
          <Title order={3}>{t('设备')}</Title>
          <IdCardSettings />
          <ScannerSettings />
          <HallQueueSettings />
        </Stack>
      )}
      <ChangePassword />
    </Stack>
  );
}
