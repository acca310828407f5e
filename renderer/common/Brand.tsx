import { Group, Text, ThemeIcon } from '@mantine/core';

export function Brand({ size = 'lg' }: { size?: 'md' | 'lg' | 'xl' }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <ThemeIcon size={size === 'xl' ? 44 : 32} radius="md" variant="filled" aria-hidden>
        <Text fw={700} c="white" size={size === 'xl' ? 'xl' : 'md'}>
          窗
        </Text>
      </ThemeIcon>
      <Text fw={700} size={size === 'xl' ? '28px' : 'xl'}>
        一窗通
      </Text>
    </Group>
  );
}
