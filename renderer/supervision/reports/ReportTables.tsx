import { Card, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import type { ReportResult, ReportRow } from '../../../shared/api/reports';
import { GROUP_COLUMN_LABELS, METRIC_KEYS, METRIC_LABELS, REFORM_METRICS, TOTAL_ROW_LABEL, type MetricKey } from '../../../shared/reports/labels';
import { formatMetric, metricValue } from './format';
import { t } from '../../i18n';

// Every figure of the report, one table per group of figures (业务量, 办理时长 …), each with the
// groups as rows and the totals last: the same words as the Excel/CSV export.

const GROUPS: { name: string; keys: MetricKey[] }[] = [];
for (const k of METRIC_KEYS) {
  const g = METRIC_LABELS[k].group;
  const last = GROUPS.at(-1);
  if (last?.name === g) last.keys.push(k);
  else GROUPS.push({ name: g, keys: [k] });
}

function headerOf(k: MetricKey): string {
  const { label, unit } = METRIC_LABELS[k];
  return unit === '%' || label.includes(unit) ? label : t('{{label}}（{{unit}}）', { label, unit });
}

function RowCells({ row, keys, total }: { row: ReportRow; keys: MetricKey[]; total?: boolean }) {
  return (
    <Table.Tr fw={total ? 700 : undefined} data-row={row.key}>
      <Table.Th scope="row" fw={total ? 700 : 500}>
        {total ? TOTAL_ROW_LABEL : row.label}
        {!total && row.sublabel && (
          <Text span size="xs" c="dimmed">
            {' '}
            {row.sublabel}
          </Text>
        )}
      </Table.Th>
      {keys.map((k) => (
        <Table.Td key={k} ta="right" style={{ whiteSpace: 'nowrap' }}>
          {formatMetric(k, metricValue(row, k))}
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

export function ReportTables({ report }: { report: ReportResult }) {
  const groupBy = report.filters.groupBy;
  // Reform figures are per case: by item or department one case spans several rows.
  const perCaseOnly = groupBy === 'item' || groupBy === 'department';
  return (
    <Stack gap="md" data-testid="report-tables">
      {GROUPS.map((g) => {
        const reform = g.keys.every((k) => (REFORM_METRICS as readonly string[]).includes(k));
        return (
          <Card withBorder key={g.name}>
            <Stack gap="xs">
              <Title order={3} size="h5" id={`report-table-${g.name}`}>
                {g.name}
              </Title>
              {reform && perCaseOnly && (
                <Text size="xs" c="dimmed">
                  {t('按事项或部门分组时，一件办件分属多行，此组数字只在合计行给出。')}
                </Text>
              )}
              <ScrollArea type="auto">
                <Table striped withTableBorder withColumnBorders aria-labelledby={`report-table-${g.name}`} data-testid={`report-table-${g.keys[0]}`}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{GROUP_COLUMN_LABELS[groupBy]}</Table.Th>
                      {g.keys.map((k) => (
                        <Table.Th key={k} ta="right">
                          {headerOf(k)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.rows.map((r) => (
                      <RowCells key={r.key} row={r} keys={g.keys} />
                    ))}
                    <RowCells row={report.totals} keys={g.keys} total />
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
