import { Alert, Badge, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../shared/api/contract';
import type { DeliveryView } from '../../shared/api/delivery';
import { ENTRY_KIND_LABELS, needsTick } from '../../shared/delivery';
import { PRIORITY_LABELS, type PriorityReason } from '../../shared/intake';
import { api, errorText } from '../api';
import { downloadPdf } from '../common/pdf';
import { t } from '../i18n';

// Pieces shared by the delivery queue, the case screen and the handover forms.

export type Entry = DeliveryView['items'][number]['entries'][number];
export type Handed = MethodOutput<'delivery.handOver'>;
export type PromptResult = MethodOutput<'delivery.promptResult'>;

export const NOTIFIED_LABELS = { none: t('未通知'), pending: t('发送中'), sent: t('已通知'), failed: t('发送失败') } as const;
export const NOTIFIED_COLORS = { none: 'gray', pending: 'blue', sent: 'green', failed: 'red' } as const;
export const NOTIFICATION_STATUS_LABELS: Record<string, string> = { pending: t('待发送'), sending: t('发送中'), sent: t('已发送'), failed: t('发送失败') };
export const CHANNEL_LABELS = { window: t('窗口领取'), electronic: t('电子送达'), mail: t('邮寄'), home: t('上门送达') } as const;
export const VISIT_STATUS_LABELS = { delivered: t('已送达'), in_transit: t('邮寄在途'), returned: t('已退回') } as const;
export const HANDOVER_LABELS = { mailed: t('已寄出'), delivered: t('已交付') } as const;

/** The green-channel mark of a case, with its reason. */
export function PriorityLane({ priority }: { priority: PriorityReason | null }) {
  if (!priority) return null;
  return (
    <Badge color="orange" variant="filled" title={t('绿色通道（优先办理）')}>
      {t('优先 ·')} {PRIORITY_LABELS[priority]}
    </Badge>
  );
}

/**
 * The handover checklist: every paper the applicant takes in hand gets a tick (the checkbox is
 * named by the paper); e-licenses go out by themselves and only show as 电子送达.
 */
export function Checklist({ entries, ticked, onTick }: { entries: readonly Entry[]; ticked: readonly string[]; onTick(key: string, on: boolean): void }) {
  if (entries.length === 0) return <Text size="sm" c="dimmed">{t('请先选择要出件的事项。')}</Text>;
  return (
    <Stack gap="xs" data-testid="handover-checklist">
      {entries.map((e) =>
        needsTick(e) ? (
          <Checkbox
            key={e.key}
            label={e.description}
            description={t('{{v0}} · {{v1}} · {{count}} 份', { v0: ENTRY_KIND_LABELS[e.kind], v1: e.item === '—' ? e.department : `${e.department} · ${e.item}`, count: e.count })}
            checked={ticked.includes(e.key)}
            onChange={(ev) => onTick(e.key, ev.currentTarget.checked)}
          />
        ) : (
          <Group key={e.key} gap="xs" wrap="nowrap" pl={4}>
            <Badge color="teal" variant="light">
              {t('电子送达')}
            </Badge>
            <Text size="sm">{e.description}</Text>
            <Text size="xs" c="dimmed">
              {e.department} · {e.item}{t('（无需勾选）')}
            </Text>
          </Group>
        ),
      )}
    </Stack>
  );
}

/** Fetches one of the visit's PDFs and saves it, as the counter prints every other document. */
export function PrintButton({ caseId, visitId, kind, label }: { caseId: string; visitId: string; kind: 'receipt' | 'waybill'; label: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function print() {
    setBusy(true);
    setError(null);
    try {
      const { fileName, pdfBase64 } = await api.delivery.document({ caseId, visitId, kind });
      downloadPdf(fileName, pdfBase64);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Stack gap={4}>
      <Button variant="light" loading={busy} onClick={() => void print()}>
        {label}
      </Button>
      {error && (
        <Text size="sm" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Polls a prompt on the applicant screen every second until it is answered or closed. The result
 * is kept with its prompt id so a new prompt never shows the previous answer.
 */
export function usePromptResult(promptId: string | null): PromptResult | null {
  const [last, setLast] = useState<{ promptId: string; result: PromptResult } | null>(null);
  useEffect(() => {
    if (!promptId) return;
    let alive = true;
    let timer = 0;
    const tick = () =>
      api.delivery
        .promptResult({ promptId })
        .then((result) => {
          if (!alive) return;
          setLast({ promptId, result });
          if (result.state !== 'waiting') window.clearInterval(timer);
        })
        .catch(() => undefined); // a missed poll is retried on the next tick
    timer = window.setInterval(() => void tick(), 1000);
    void tick();
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, [promptId]);
  return last && last.promptId === promptId ? last.result : null;
}

/** An AppError shown where the action was, with a reload when somebody else changed the case. */
export function ActionError({ text, testId, onRefresh, busy }: { text: string | null; testId: string; onRefresh?: () => void; busy?: boolean }) {
  if (!text) return null;
  return (
    <Alert color="red" title={t('未能完成')} data-testid={testId}>
      <Stack gap="xs">
        <Text size="sm">{text}</Text>
        {onRefresh && (
          <Group gap="xs">
            <Button size="xs" variant="white" color="red" loading={busy} onClick={onRefresh}>
              {t('载入最新内容')}
            </Button>
            <Text size="xs">{t('（已填写的内容会保留）')}</Text>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}
