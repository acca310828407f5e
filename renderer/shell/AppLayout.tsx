import { AppShell, Button, Group, NavLink, Stack, Text } from '@mantine/core';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { hasAnyRole, ROLE_LABELS, STAGES, type StageKey } from '../../shared/roles';
import { api } from '../api';
import { Brand } from '../common/Brand';
import { CatalogPage } from '../catalog/CatalogPage';
import { useSession } from '../common/session';
import { DeliveryPage } from '../delivery/DeliveryPage';
import { EscalationPage } from '../escalation/EscalationPage';
import { Home } from '../home/Home';
import { IntakePage } from '../intake/IntakePage';
import { RoutingPage } from '../routing/RoutingPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SupervisionPage } from '../supervision/SupervisionPage';
import { SyncPage } from '../sync/SyncPage';
import { SyncStatusBadge } from '../sync/SyncStatusBadge';
import { useSyncStatus } from '../sync/useSyncStatus';
import { t } from '../i18n';
import { useDisplay } from '../display';
import { DisplayToggles } from './DisplayToggles';
import { FontWarning } from './FontWarning';
import { UpdateBanner } from './UpdateBanner';

const PAGES: Record<StageKey, () => React.JSX.Element> = {
  intake: IntakePage,
  routing: RoutingPage,
  delivery: DeliveryPage,
  escalation: EscalationPage,
  supervision: SupervisionPage,
  settings: SettingsPage,
};

/** The Electron shell opens the applicant window itself; in browser mode the clerk opens it. */
const isElectron = navigator.userAgent.includes('Electron');

export function AppLayout() {
  const { session, lock, signOut } = useSession();
  const location = useLocation();
  const { status: sync } = useSyncStatus();
  const stages = STAGES.filter((s) => hasAnyRole(session.clerk.roles, s.roles));
  const { installation, clerk } = session;
  const { largeText } = useDisplay();

  async function doSignOut() {
    await api.auth.signOut().catch(() => undefined);
    signOut();
  }

  async function doLock() {
    await api.auth.lock().catch(() => undefined);
    lock();
  }

  return (
    <AppShell header={{ height: largeText ? 76 : 60 }} navbar={{ width: largeText ? 240 : 200, breakpoint: 0 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="lg" wrap="nowrap">
            <Brand />
            <Text size="sm" c="dimmed" data-testid="installation">
              {installation.hallName} · {installation.counterName}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <DisplayToggles />
            <SyncStatusBadge status={sync} />
            <Stack gap={0} align="flex-end">
              <Text size="sm" fw={600} data-testid="clerk-name">
                {clerk.name}{t('（')}{clerk.staffNo}{t('）')}
              </Text>
              <Text size="xs" c="dimmed" data-testid="clerk-roles">
                {clerk.roles.map((r) => ROLE_LABELS[r]).join(t('、'))}
              </Text>
            </Stack>
            {!isElectron && (
              <Button variant="default" size="xs" onClick={() => window.open('applicant.html', 'yct-applicant', 'popup')}>
                {t('打开申请人屏')}
              </Button>
            )}
            <Button variant="default" size="xs" onClick={() => void doLock()}>
              {t('锁屏')}
            </Button>
            <Button variant="light" size="xs" onClick={() => void doSignOut()}>
              {t('退出登录')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('业务环节')}>
        <NavLink component={Link} to="/" label={t('首页')} active={location.pathname === '/'} />
        <NavLink component={Link} to="/catalog" label={t('事项库')} active={location.pathname.startsWith('/catalog')} />
        {stages.map((s) => (
          <NavLink key={s.key} component={Link} to={`/${s.key}`} label={s.label} active={location.pathname.startsWith(`/${s.key}`)} />
        ))}
        <NavLink component={Link} to="/sync" label={t('同步')} active={location.pathname.startsWith('/sync')} />
      </AppShell.Navbar>
      <AppShell.Main bg="var(--mantine-color-gray-0)">
        <UpdateBanner />
        <FontWarning />
        <Routes>
          <Route path="/" element={<Home sync={sync} />} />
          <Route path="/catalog/*" element={<CatalogPage />} />
          <Route path="/sync" element={<SyncPage />} />
          {stages.map((s) => {
            const Page = PAGES[s.key];
            return <Route key={s.key} path={`/${s.key}/*`} element={<Page />} />;
          })}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </AppShell.Main>
    </AppShell>
  );
}
