import { BarChart, DonutChart } from '@mantine/charts';
import { Card, Grid, Stack, Text, Title } from '@mantine/core';
import type { ReportResult } from '../../../shared/api/reports';
import { GROUP_COLUMN_LABELS, RATING_LABELS } from '../../../shared/reports/labels';

// The two pictures of a report: volume and on-time rate per group, and how applicants rated.
// Each has a text summary for screen readers; the tables below carry every figure.

const MAX_BARS = 15;
const RATING_COLORS = { 5: 'teal.6', 4: 'green.5', 3: 'yellow.5', 2: 'orange.6', 1: 'red.7' } as const;

export function ReportCharts({ report }: { report: ReportResult }) {
  const rows = report.rows.slice(0, MAX_BARS);
  const bars = rows.map((r) => ({
    group: r.sublabel ? `${r.label}（${r.sublabel}）` : r.label,
    cases: r.cases,
    onTime: r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10,
  }));
  const t = report.totals;
  const ratings = ([5, 4, 3, 2, 1] as const).map((level) => ({ name: RATING_LABELS[level], value: t[`rating${level}`], color: RATING_COLORS[level] })).filter((c) => c.value > 0);
  const groupWord = GROUP_COLUMN_LABELS[report.filters.groupBy];

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 8 }}>
        <Card withBorder h="100%">
          <Stack gap="xs">
            <Title order={3} size="h5" id="chart-volume-title">
              各{groupWord}受理件数与按时办结率
            </Title>
            <figure role="group" aria-labelledby="chart-volume-title" aria-describedby="chart-volume-summary" style={{ margin: 0 }} data-testid="chart-volume">
              <BarChart
                h={320}
                data={bars}
                dataKey="group"
                withLegend
                withRightYAxis
                yAxisLabel="件"
                rightYAxisLabel="%"
                rightYAxisProps={{ domain: [0, 100] }}
                xAxisProps={{ interval: 0, angle: rows.length > 5 ? -25 : 0, textAnchor: rows.length > 5 ? 'end' : 'middle', height: rows.length > 5 ? 90 : 30 }}
                series={[
                  { name: 'cases', label: '受理件数', color: 'blue.6' },
                  { name: 'onTime', label: '按时办结率（%）', color: 'teal.5', yAxisId: 'right' },
                ]}
              />
              <Text component="figcaption" size="xs" c="dimmed" id="chart-volume-summary">
                {rows.length === 0
                  ? '该时段没有受理的办件。'
                  : rows.map((r) => `${r.label}：受理 ${r.cases} 件，按时办结率 ${r.onTimeRate === null ? '—' : `${(r.onTimeRate * 100).toFixed(1)}%`}`).join('；') +
                    (report.rows.length > MAX_BARS ? `。图中列出业务量最大的 ${MAX_BARS} 组，下表列出全部 ${report.rows.length} 组。` : '。')}
              </Text>
            </figure>
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 4 }}>
        <Card withBorder h="100%">
          <Stack gap="xs" align="center">
            <Title order={3} size="h5" id="chart-ratings-title" style={{ alignSelf: 'flex-start' }}>
              好差评分布
            </Title>
            <figure role="group" aria-labelledby="chart-ratings-title" aria-describedby="chart-ratings-summary" style={{ margin: 0 }} data-testid="chart-ratings">
              {ratings.length > 0 ? (
                <DonutChart data={ratings} withLabels withLabelsLine labelsType="value" chartLabel={`${t.rated} 件`} size={180} thickness={28} withTooltip tooltipDataSource="segment" />
              ) : null}
              <Text component="figcaption" size="xs" c="dimmed" id="chart-ratings-summary" ta="center">
                {t.rated === 0 ? '该时段还没有评价。' : ([5, 4, 3, 2, 1] as const).map((l) => `${RATING_LABELS[l]} ${t[`rating${l}`]} 件`).join('，')}
              </Text>
            </figure>
          </Stack>
        </Card>
      </Grid.Col>
    </Grid>
  );
}
