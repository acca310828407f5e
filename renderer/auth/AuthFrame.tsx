import { Center, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from '../common/Brand';
import { LocalDisplayToggles } from '../shell/DisplayToggles';

export function AuthFrame({ subtitle, children, width = 420 }: { subtitle: ReactNode; children: ReactNode; width?: number }) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-1)" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={`${width / 16}rem`} maw="100%">
        <Stack gap="lg">
          <Stack gap={4}>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Brand size="xl" />
              <LocalDisplayToggles />
            </Group>
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          </Stack>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
