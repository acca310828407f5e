import { Alert, Button, Card, Checkbox, Group, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { isBadRating, RATING_LABELS, RATING_LEVELS, RATING_REASONS, type RatingLevel } from '../../shared/delivery';
import { api, errorText } from '../api';
import { t } from '../i18n';

type Reason = (typeof RATING_REASONS)[number];

/** An applicant back at the counter with the code from the receipt or the reminder message. */
export function RateByCode() {
  const [code, setCode] = useState('');
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const bad = level !== null && isBadRating(level);

  async function submit() {
    if (level === null) return setError(t('请选择评价等级。'));
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await api.rating.byCode({ code, level, reasons: bad ? reasons : [], comment: bad && comment.trim() ? comment.trim() : null });
      setResult(
        r.counted
          ? t('已记录评价“{{v0}}”（办件 {{v1}}）。', { v0: RATING_LABELS[level], v1: r.caseNumber ?? '—' })
          : t('该次出件已经评价过（一次一评），本次评价未计入（办件 {{v0}}）。', { v0: r.caseNumber ?? '—' }),
      );
      setCode('');
      setLevel(null);
      setReasons([]);
      setComment('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card withBorder data-testid="rate-by-code">
      <Stack gap="xs">
        <Title order={4}>{t('凭评价码评价')}</Title>
        <Text size="xs" c="dimmed">
          {t('申请人持出件回执或短信上的 8 位评价码回来评价时使用。')}
        </Text>
        <TextInput label={t('评价码')} value={code} onChange={(e) => setCode(e.currentTarget.value.toUpperCase())} maxLength={8} w={200} />
        <Radio.Group label={t('评价')} value={level === null ? null : String(level)} onChange={(v) => setLevel(Number(v) as RatingLevel)}>
          <Group gap="md" mt={4}>
            {RATING_LEVELS.map((l) => (
              <Radio key={l} value={String(l)} label={RATING_LABELS[l]} />
            ))}
          </Group>
        </Radio.Group>
        {bad && (
          <>
            <Checkbox.Group label={t('不满意的原因')} value={reasons} onChange={(v) => setReasons(v as Reason[])}>
              <Group gap="sm" mt={4}>
                {RATING_REASONS.map((r) => (
                  <Checkbox key={r} value={r} label={r} />
                ))}
              </Group>
            </Checkbox.Group>
            <Textarea label={t('意见（选填）')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={2} maxLength={500} />
          </>
        )}
        <Group>
          <Button onClick={() => void submit()} loading={busy}>
            {t('提交评价')}
          </Button>
        </Group>
        {error && (
          <Alert color="red" data-testid="rate-by-code-error">
            {error}
          </Alert>
        )}
        {result && (
          <Alert color="green" data-testid="rate-by-code-result">
            {result}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
