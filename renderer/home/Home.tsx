import { Badge, Card, Group, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useNavigate } from 'react-router';
import type { MethodOutput } from '../../shared/api/contract';
import { hasAnyRole, ROLE_LABELS, STAGES } from '../../shared/roles';
import { useSession } from '../common/session';
import { STAGE_INFO } from '../common/stages';
import { t } from '../i18n';

export function Home({ sync }: { sync: MethodOutput<'sync.status'> | null }) {
  const { session } = useSession();
  const navigate = useNavigate();
  const { clerk, installation } = session;
  const stages = STAGES.filter((s) => hasAnyRole(clerk.roles, s.roles));

  return (
    <Stack gap="lg" maw={1100}>
      <Title order={2}>{t('您好，')}{clerk.name}</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            {t('当前登录')}
          </Text>
          <Text fw={600}>
            {clerk.name} {t('· 工号')} {clerk.staffNo}
          </Text>
          <Group gap={4} mt={4}>
            {clerk.roles.map((r) => (
              <Badge key={r} variant="light">
                {ROLE_LABELS[r]}
              </Badge>
            ))}
          </Group>
          {clerk.departments.length > 0 && (
            <Text size="xs" mt={4}>
              {t('所属部门：')}{clerk.departments.join(t('、'))}
            </Text>
          )}
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            {t('本机所属')}
          </Text>
          <Text fw={600}>{installation.hallName}</Text>
          <Text size="sm">{installation.counterName}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">
            {t('与中心同步')}
          </Text>
          <Text fw={600} data-testid="home-sync">
            {sync?.label ?? '…'}
          </Text>
          <Text size="sm" c="dimmed">
            {t('本机待同步事件')} {sync?.pendingEvents ?? '…'} {t('条；断网时办件照常保存在本机。')}
          </Text>
        </Card>
      </SimpleGrid>
      <Title order={4}>{t('业务环节')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {stages.map((s) => (
          <UnstyledButton key={s.key} onClick={() => void navigate(`/${s.key}`)}>
            <Card withBorder h="100%">
              <Text fw={700} size="lg">
                {s.label}
              </Text>
              <Text size="sm" c="dimmed">
                {STAGE_INFO[s.key].summary}
              </Text>
            </Card>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
