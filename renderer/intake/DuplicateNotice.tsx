import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { CaseDuplicate } from '../../shared/api/duplicates';
import { CASE_STATE_LABELS } from '../../shared/case-machine';
import { fmt } from '../routing/ui';
import { t } from '../i18n';

// 重复办件 at the counter: the applicant already has an open case of the same bundle or item on this
// device. Informational: the clerk may go on, or open that case instead (the applicant may have come
// back for it). Items the catalog allows only once are named: this case cannot be accepted with them.

export function DuplicateNotice({ duplicates, onOpen }: { duplicates: readonly CaseDuplicate[]; onOpen(caseId: string): void }) {
  if (duplicates.length === 0) return null;
  return (
    <Alert color="yellow" title={t('该申请人已有未办结的同类办件')} data-testid="duplicate-notice">
      <Stack gap="xs">
        {duplicates.map((d) => (
          <Stack key={d.caseId} gap={2}>
            <Group gap="sm" wrap="nowrap" justify="space-between" align="flex-start">
              <Text size="sm" style={{ minWidth: 0 }}>
                {d.caseNumber ?? t('草稿（未编号）')} · {d.bundleName} · {CASE_STATE_LABELS[d.state]} · {t('开始于 {{v0}}', { v0: fmt(d.createdAt) })}
                {d.sharedItems.length ? t(' · 相同事项：{{v0}}', { v0: d.sharedItems.join(t('、')) }) : t(' · 同一“一件事”')}
              </Text>
              <Button size="compact-sm" variant="white" color="yellow" style={{ flexShrink: 0 }} onClick={() => onOpen(d.caseId)} aria-label={t('打开该办件 {{v0}}', { v0: d.caseNumber ?? t('草稿') })}>
                {t('打开该办件')}
              </Button>
            </Group>
            {d.refusedItems.length > 0 && (
              <Text size="sm" c="red.8" fw={600}>
                {t('“{{v0}}”不能重复申请：该办件未办结前，本件不能受理。', { v0: d.refusedItems.join(t('、')) })}
              </Text>
            )}
          </Stack>
        ))}
        <Text size="xs">{t('如申请人要办的就是那一件，请打开该办件继续办理；确需另行申请的，可继续填写本件。')}</Text>
      </Stack>
    </Alert>
  );
}
