import { Center, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from '../common/Brand';

export function AuthFrame({ subtitle, children, width = 420 }: { subtitle: ReactNode; children: ReactNode; width?: number }) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-1)" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={width} maw="100%">
        <Stack gap="lg">
          <Stack gap={4}>
            <Brand size="xl" />
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
