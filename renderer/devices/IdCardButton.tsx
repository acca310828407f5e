import { Alert, Button, Group, Kbd, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useRef, useState } from 'react';
import { MANUAL_HINT, type IdCardReadResult } from '../../shared/idcard';
import { isWireError } from '../../shared/errors';
import { api, errorText } from '../api';
import { SimulatorPanel } from './SimulatorPanel';
import { t } from '../i18n';

export interface IdCardReadState {
  reading: boolean;
  /** The last failure: Chinese, with the way on. Null after a success or a cancel. */
  error: string | null;
  /** Warnings of the last successful read (expired card, no photo). */
  warnings: string[];
  expired: boolean;
  /** Resolves with the card, or null when the read failed or was cancelled. */
  read(): Promise<IdCardReadResult | null>;
  cancel(): void;
}

/** One read at a time from this screen; the host refuses a second from elsewhere. */
export function useIdCardRead(): IdCardReadState {
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<IdCardReadResult | null>(null);
  const busy = useRef(false);

  const read = useCallback(async () => {
    if (busy.current) return null;
    busy.current = true;
    setReading(true);
    setError(null);
    setLast(null);
    try {
      const r = await api.idcard.read({});
      setLast(r);
      return r;
    } catch (err) {
      const cancelled = isWireError(err) && err.details?.kind === 'cancelled';
      if (!cancelled) {
        const text = errorText(err);
        setError(text.includes(MANUAL_HINT) ? text : t('{{text}} {{MANUAL_HINT}}。', { text, MANUAL_HINT }));
      }
      return null;
    } finally {
      busy.current = false;
      setReading(false);
    }
  }, []);

  const cancel = useCallback(() => {
    void api.idcard.cancel().catch(() => undefined);
  }, []);

  return { reading, error, warnings: last?.warnings ?? [], expired: last?.expired ?? false, read, cancel };
}

/** “读卡 (F2)”: reads the card and hands it to `onRead`; shows failures and card warnings. */
export function IdCardButton({ onRead, hotkey = true }: { onRead(r: IdCardReadResult): void; hotkey?: boolean }) {
  const state = useIdCardRead();
  const { read } = state;
  const go = useCallback(async () => {
    const r = await read();
    if (r) onRead(r);
  }, [read, onRead]);
  // F2 works from inside form fields too: that is where the clerk's hands are.
  useHotkeys(hotkey ? [['F2', () => void go(), { preventDefault: true }]] : [], []);

  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button onClick={() => void go()} loading={state.reading} leftSection={<Kbd>F2</Kbd>} data-testid="idcard-read">
          {t('读卡')}
        </Button>
        {state.reading && (
          <>
            <Text size="sm" c="dimmed">
              {t('请把证件放到读卡器上…')}
            </Text>
            <Button variant="subtle" size="compact-sm" onClick={state.cancel}>
              {t('取消')}
            </Button>
          </>
        )}
      </Group>
      {state.error && (
        <Alert color="red" title={t('读卡未成功')} data-testid="idcard-error">
          {state.error}
        </Alert>
      )}
      {state.warnings.length > 0 && (
        <Alert color={state.expired ? 'orange' : 'yellow'} title={state.expired ? t('证件已过期') : t('请注意')}>
          <Stack gap={2}>
            {state.warnings.map((w) => (
              <Text key={w} size="sm">
                {w}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <SimulatorPanel compact />
    </Stack>
  );
}
