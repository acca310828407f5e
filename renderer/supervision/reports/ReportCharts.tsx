import { BarChart, DonutChart } from '@mantine/charts';
import { Card, Grid, Stack, Text, Title } from '@mantine/core';
import type { ReportResult } from '../../../shared/api/reports';
import { GROUP_COLUMN_LABELS, RATING_LABELS } from '../../../shared/reports/labels';
import { t } from '../../i18n';

// The two pictures of a report: volume and on-time rate per group, and how applicants rated.
// Each has a text summary for screen readers; the tables below carry every figure.

const MAX_BARS = 15;
const RATING_COLORS = { 5: 'teal.6', 4: 'green.5', 3: 'yellow.5', 2: 'orange.6', 1: 'red.7' } as const;

export function ReportCharts({ report }: { report: ReportResult }) {
  const rows = report.rows.slice(0, MAX_BARS);
  const bars = rows.map((r) => ({
    group: r.sublabel ? t('{{label}}（{{sublabel}}）', { label: r.label, sublabel: r.sublabel }) : r.label,
    cases: r.cases,
    onTime: r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10,
  }));
  const totals = report.totals;
  const ratings = ([5, 4, 3, 2, 1] as const).map((level) => ({ name: RATING_LABELS[level], value: totals[`rating${level}`], color: RATING_COLORS[level] })).filter((c) => c.value > 0);
  const groupWord = GROUP_COLUMN_LABELS[report.filters.groupBy];

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Card withBorder h="100%">
          <Stack gap="xs">
            <Title order={3} size="h5" id="chart-volume-title">
              {t('各')}{groupWord}{t('受理件数与按时办结率')}
            </Title>
            <figure role="group" aria-labelledby="chart-volume-title" aria-describedby="chart-volume-summary" style={{ margin: 0 }} data-testid="chart-volume">
              <BarChart
                h={320}
                data={bars}
                dataKey="group"
                withLegend
                withRightYAxis
                yAxisLabel={t('件')}
                rightYAxisLabel="%"
                rightYAxisProps={{ domain: [0, 100] }}
                xAxisProps={{ interval: 0, angle: rows.length > 5 ? -25 : 0, textAnchor: rows.length > 5 ? 'end' : 'middle', height: rows.length > 5 ? 90 : 30 }}
                series={[
                  { name: 'cases', label: t('受理件数'), color: 'blue.6' },
                  { name: 'onTime', label: t('按时办结率（%）'), color: 'teal.5', yAxisId: 'right' },
                ]}
              />
              <Text component="figcaption" size="xs" c="dimmed" id="chart-volume-summary">
                {rows.length === 0
                  ? t('该时段没有受理的办件。')
                  : rows.map((r) => t('{{label}}：受理 {{cases}} 件，按时办结率 {{v2}}', { label: r.label, cases: r.cases, v2: r.onTimeRate === null ? '—' : `${(r.onTimeRate * 100).toFixed(1)}%` })).join(t('；')) +
                    (report.rows.length > MAX_BARS ? t('。图中列出业务量最大的 {{MAX_BARS}} 组，下表列出全部 {{length}} 组。', { MAX_BARS, length: report.rows.length }) : t('。'))}
              </Text>
            </figure>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Card withBorder h="100%">
          <Stack gap="xs" align="center">
            <Title order={3} size="h5" id="chart-ratings-title" style={{ alignSelf: 'flex-start' }}>
              {t('好差评分布')}
            </Title>
            <figure role="group" aria-labelledby="chart-ratings-title" aria-describedby="chart-ratings-summary" style={{ margin: 0 }} data-testid="chart-ratings">
              {ratings.length > 0 ? (
                <DonutChart data={ratings} withLabels withLabelsLine labelsType="value" chartLabel={t('{{rated}} 件', { rated: totals.rated })} size={180} thickness={28} withTooltip tooltipDataSource="segment" />
              ) : null}
              <Text component="figcaption" size="xs" c="dimmed" id="chart-ratings-summary" ta="center">
                {totals.rated === 0 ? t('该时段还没有评价。') : ([5, 4, 3, 2, 1] as const).map((l) => t('{{v0}} {{v1}} 件', { v0: RATING_LABELS[l], v1: totals[`rating${l}`] })).join(t('，'))}
              </Text>
            </figure>
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}
