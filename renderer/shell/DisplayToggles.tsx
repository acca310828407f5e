import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import type { DisplayPrefs } from '../../shared/display';
import { api, errorText } from '../api';
import { useSession } from '../common/session';
import { applyDisplay, useDisplay } from '../display';
import { notifications } from '@mantine/notifications';
import { t } from '../i18n';

/** 大字 / 高对比 switches; `save` keeps the choice with the signed-in clerk. */
function Toggles({ save }: { save: ((p: DisplayPrefs) => Promise<void>) | null }) {
  const d = useDisplay();
  const [busy, setBusy] = useState(false);
  async function set(patch: Partial<DisplayPrefs>) {
    const next = { ...d, ...patch };
    const before = d;
    applyDisplay(next);
    if (!save) return;
    setBusy(true);
    try {
      await save(next);
    } catch (err) {
      applyDisplay(before);
      notifications.show({ color: 'red', title: t('显示设置未保存'), message: errorText(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Group gap={4} wrap="nowrap" role="group" aria-label={t('显示方式')}>
      <Button size="xs" variant={d.largeText ? 'filled' : 'default'} aria-pressed={d.largeText} disabled={busy} onClick={() => void set({ largeText: !d.largeText })}>
        {t('大字')}
      </Button>
      <Button size="xs" variant={d.highContrast ? 'filled' : 'default'} aria-pressed={d.highContrast} disabled={busy} onClick={() => void set({ highContrast: !d.highContrast })}>
        {t('高对比')}
      </Button>
    </Group>
  );
}

export function DisplayToggles() {
  const { session, setSession } = useSession();
  return (
    <Toggles
      save={async (p) => {
        const display = await api.auth.setDisplay(p);
        setSession({ ...session, display });
      }}
    />
  );
}

/** Before sign-in: the choice stays on this machine until a clerk signs in with their own. */
export function LocalDisplayToggles() {
  return <Toggles save={null} />;
}
