import { Group, Text, ThemeIcon } from '@mantine/core';
import { t } from '../i18n';

export function Brand({ size = 'lg' }: { size?: 'md' | 'lg' | 'xl' }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={size === 'xl' ? 44 : 32} radius="md" variant="filled" aria-hidden>
        <Text fw={700} c="white" size={size === 'xl' ? 'xl' : 'md'}>
          {t('窗')}
        </Text>
      </ThemeIcon>
      <Text fw={700} size={size === 'xl' ? '28px' : 'xl'}>
        {t('一窗通')}
      </Text>
    </Group>
  );
}
