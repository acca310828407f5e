import { Alert, Button, Card, Group, LoadingOverlay, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useMemo, useState } from 'react';
import type { ReportResult } from '../../../shared/api/reports';
import { GROUPING_LABELS, PERIOD_KIND_LABELS, PERIOD_KINDS, REPORT_GROUPINGS, REPORT_HEADER_LABELS, type ExportFormat, type PeriodKind, type ReportGrouping } from '../../../shared/reports/labels';
import { api, errorText } from '../../api';
import { useSession } from '../../common/session';
import { fmt } from '../../routing/ui';
import { initialDraft, periodOf, type PeriodDraft } from './format';
import { ReportCharts } from './ReportCharts';
import { ReportTables } from './ReportTables';
import { saveFile } from './saveFile';
import { t } from '../../i18n';

// 统计报表: the supervisor picks a period and a grouping; the report follows at once, with charts
// above and every figure in tables below, and goes out as Excel or CSV with the filters on top.

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1).padStart(2, '0'), label: t('{{v0}} 月', { v0: i + 1 }) }));

function PeriodInputs({ draft, set }: { draft: PeriodDraft; set(p: Partial<PeriodDraft>): void }) {
  switch (draft.kind) {
    case 'day':
      return <TextInput type="date" label={t('日期')} value={draft.date} onChange={(e) => set({ date: e.currentTarget.value })} w={180} />;
    case 'week':
      return <TextInput type="date" label={t('所在周的任意一天')} description={t('周一至周日')} value={draft.date} onChange={(e) => set({ date: e.currentTarget.value })} w={200} />;
    case 'month':
      // Not <input type="month">: its text follows the browser's UI language, which may be English.
      return (
        <Group gap="xs" align="flex-end">
          <NumberInput label={t('年份')} value={draft.month.slice(0, 4)} min={2000} max={2100} allowDecimal={false} onChange={(v) => set({ month: `${String(v)}-${draft.month.slice(5, 7)}` })} w={110} />
          <Select label={t('月份')} data={MONTHS} value={draft.month.slice(5, 7)} allowDeselect={false} onChange={(v) => v && set({ month: `${draft.month.slice(0, 4)}-${v}` })} w={100} />
        </Group>
      );
    case 'year':
      return <NumberInput label={t('年份')} value={draft.year} min={2000} max={2100} allowDecimal={false} onChange={(v) => set({ year: String(v) })} w={140} />;
    case 'range':
      return (
        <Group gap="xs" align="flex-end">
          <TextInput type="date" label={t('开始日期')} value={draft.from} onChange={(e) => set({ from: e.currentTarget.value })} w={180} />
          <TextInput type="date" label={t('结束日期')} value={draft.to} onChange={(e) => set({ to: e.currentTarget.value })} w={180} />
        </Group>
      );
  }
}

export function ReportsPanel() {
  const { session } = useSession();
  const [draft, setDraft] = useState<PeriodDraft>(() => initialDraft());
  const [groupBy, setGroupBy] = useState<ReportGrouping>('bundle');
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [tick, setTick] = useState(0);
  // The last answer and the request it answers: a newer request shows the old report under a loader.
  const [loaded, setLoaded] = useState<{ key: string; report: ReportResult | null; error: string | null }>({ key: '', report: null, error: null });

  const chosen = useMemo(() => periodOf(draft), [draft]);
  const query = 'period' in chosen ? { period: chosen.period, groupBy } : null;
  const queryKey = query ? JSON.stringify(query) : null;
  const requestKey = `${queryKey}#${tick}`;
  const busy = queryKey !== null && loaded.key !== requestKey;
  const { report, error } = loaded;

  useEffect(() => {
    if (!queryKey) return;
    let alive = true;
    const key = `${queryKey}#${tick}`;
    api.supervision
      .report(JSON.parse(queryKey) as NonNullable<typeof query>)
      .then((r) => alive && setLoaded({ key, report: r, error: null }))
      .catch((err: unknown) => alive && setLoaded((l) => ({ key, report: l.report, error: errorText(err) })));
    return () => {
      alive = false;
    };
  }, [queryKey, tick]);

  async function exportAs(format: ExportFormat) {
    if (!query) return;
    setExporting(format);
    try {
      const file = await api.supervision.reportExport({ ...query, format });
      saveFile(file.fileName, file.mimeType, file.base64);
      notifications.show({ color: 'green', message: t('已导出：{{fileName}}', { fileName: file.fileName }) });
    } catch (err) {
      notifications.show({ color: 'red', title: t('导出失败'), message: errorText(err) });
    } finally {
      setExporting(null);
    }
  }

  const set = (p: Partial<PeriodDraft>) => setDraft((d) => ({ ...d, ...p }));

  return (
    <Stack gap="md" data-testid="reports">
      <Card withBorder>
        <Stack gap="sm">
          <Group gap="lg" align="flex-end" wrap="wrap">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="report-period-kind">
                {t('统计时段')}
              </Text>
              <SegmentedControl
                aria-labelledby="report-period-kind"
                value={draft.kind}
                onChange={(v) => set({ kind: v as PeriodKind })}
                data={PERIOD_KINDS.map((k) => ({ value: k, label: PERIOD_KIND_LABELS[k] }))}
              />
            </Stack>
            <PeriodInputs draft={draft} set={set} />
            <Select
              label={t('分组方式')}
              value={groupBy}
              onChange={(v) => v && setGroupBy(v as ReportGrouping)}
              data={REPORT_GROUPINGS.map((g) => ({ value: g, label: GROUPING_LABELS[g] }))}
              allowDeselect={false}
              w={200}
            />
            {/* A hall's client reports its own hall; all halls are the central service's. */}
            <TextInput label={REPORT_HEADER_LABELS.hall} value={session.installation.hallName} readOnly w={220} />
          </Group>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {REPORT_HEADER_LABELS.periodNote}
              {report && query ? t('：{{from}} 至 {{to}}', { from: report.filters.from, to: report.filters.to }) : ''}
              {report?.asOf ? t('；{{asOf}} {{v1}}', { asOf: REPORT_HEADER_LABELS.asOf, v1: fmt(report.asOf) }) : ''}
            </Text>
            <Group gap="xs">
              <Button variant="default" size="xs" onClick={() => setTick((t) => t + 1)} disabled={!query}>
                {t('刷新')}
              </Button>
              <Button size="xs" onClick={() => void exportAs('xlsx')} loading={exporting === 'xlsx'} disabled={!query || exporting !== null}>
                {t('导出 Excel')}
              </Button>
              <Button size="xs" variant="light" onClick={() => void exportAs('csv')} loading={exporting === 'csv'} disabled={!query || exporting !== null}>
                {t('导出 CSV')}
              </Button>
            </Group>
          </Group>
          {'problem' in chosen && (
            <Text size="sm" c="red" role="alert">
              {chosen.problem}
            </Text>
          )}
        </Stack>
      </Card>

      {error && (
        <Alert color="red" title={t('无法生成报表')}>
          {error}
        </Alert>
      )}
      {report?.calendarWarning && (
        <Alert color="yellow" title={t('工作日历提醒')}>
          {report.calendarWarning}
        </Alert>
      )}

      <div style={{ position: 'relative', minHeight: 120 }} aria-busy={busy}>
        <LoadingOverlay visible={busy} />
        {report && (
          <Stack gap="md">
            {report.rows.length === 0 ? (
              <Text c="dimmed" data-testid="report-empty">
                {t('该时段没有受理的办件。')}
              </Text>
            ) : (
              <ReportCharts report={report} />
            )}
            <ReportTables report={report} />
          </Stack>
        )}
      </div>
    </Stack>
  );
}
