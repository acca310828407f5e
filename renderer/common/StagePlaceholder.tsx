import { Alert, Stack, Text, Title } from '@mantine/core';
import type { StageKey } from '../../shared/roles';
import { STAGE_INFO } from './stages';
import { t } from '../i18n';

/** A stage whose screens have not been built yet says so plainly. */
export function StagePlaceholder({ stage }: { stage: StageKey }) {
  const info = STAGE_INFO[stage];
  return (
    <Stack maw={800}>
      <Title order={2}>{info.title}</Title>
      <Text>{info.summary}</Text>
      <Alert color="blue" title={t('此环节正在建设')}>
        {t('本版本尚未提供此环节的办理界面。')}
      </Alert>
    </Stack>
  );
}
