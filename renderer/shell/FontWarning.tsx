import { Alert, List } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { FontReportView } from '../../shared/api/system';
import { api } from '../api';
import { t } from '../i18n';

/** The host's start-up font check: a missing font is named with what to install, never shown as boxes. */
export function FontWarning() {
  const [report, setReport] = useState<FontReportView | null>(null);
  useEffect(() => {
    let live = true;
    api.system.fonts({}).then(
      (r) => live && setReport(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (!report || report.ok) return null;
  return (
    <Alert color="red" title={t('本机缺少字体：打印的告知单和回执可能显示为方框')} mb="md" data-testid="font-warning">
      <List size="sm">
        {report.missing.map((m) => (
          <List.Item key={m.script}>{m.hint}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
