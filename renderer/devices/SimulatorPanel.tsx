import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { SIMULATOR_SCENARIO_LABELS, SIMULATOR_SCENARIOS, type IdCardStatus, type SimulatorScenario } from '../../shared/idcard';
import { api, errorText } from '../api';
import { t } from '../i18n';

/**
 * Developer and training panel: "places" a simulated card on the reader or sets up a failure.
 * Renders nothing unless the simulator driver is active.
 */
export function SimulatorPanel({ compact = false }: { compact?: boolean }) {
  const [status, setStatus] = useState<IdCardStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    api.idcard
      .status()
      .then((s) => alive && setStatus(s))
      .catch(() => alive && setStatus(null));
    return () => {
      alive = false;
    };
  }, []);

  if (!status?.simulator) return null;
  const sim = status.simulator;

  async function place(input: { card: number } | { scenario: SimulatorScenario }) {
    setError(null);
    try {
      setStatus(await api.idcard.simulate(input));
    } catch (err) {
      setError(errorText(err));
    }
  }

  const size = compact ? 'compact-xs' : 'xs';
  return (
    <Paper withBorder p="xs" radius="sm" bg="yellow.0" data-testid="idcard-simulator">
      <Stack gap={6}>
        <Text size="xs" fw={600} c="yellow">
          {t('模拟读卡器（演示与培训用，非真实证件）')}
        </Text>
        <Group gap={6}>
          {sim.cards.map((c) => (
            <Button key={c.index} size={size} variant={sim.placed === c.index ? 'filled' : 'default'} onClick={() => void place({ card: c.index })}>
              {t('放卡：')}{c.label}
            </Button>
          ))}
        </Group>
        <Group gap={6}>
          {SIMULATOR_SCENARIOS.map((s) => (
            <Button key={s} size={size} color="gray" variant={sim.placed === s ? 'filled' : 'subtle'} onClick={() => void place({ scenario: s })}>
              {SIMULATOR_SCENARIO_LABELS[s]}
            </Button>
          ))}
        </Group>
        {error && (
          <Text size="xs" c="red">
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
