import type { ReportPeriod, ReportResult } from '../api/reports.js';
import { buildRow, type GroupSums, type Histogram } from './aggregate.js';
import type { CatalogIndex } from '../catalog-builders.js';
import { TOTAL_ROW_LABEL, UNKNOWN_LABEL, type ReportGrouping } from './labels.js';

// Turns what a store's report query returns into the report the host method and the central
// route both answer with: labelled rows sorted by volume, and the totals.

export interface QueriedFacts {
  groups: readonly GroupSums[];
  ready: ReadonlyMap<string, Histogram>;
  delivery: ReadonlyMap<string, Histogram>;
  totals: GroupSums;
  totalReady: Histogram;
  totalDelivery: Histogram;
}

export type GroupLabeler = (key: string) => { label: string; sublabel: string | null };

export interface ReportHeader {
  period: ReportPeriod;
  from: string;
  to: string;
  groupBy: ReportGrouping;
  hallCode: string | null;
  hallName: string | null;
  generatedAt: string;
  generatedBy: string;
  asOf: string | null;
  calendarWarning: string | null;
}

export function assembleReport(facts: QueriedFacts, header: ReportHeader, labeler: GroupLabeler): ReportResult {
  const rows = facts.groups
    .map((g) => buildRow(g, g.key === '' ? { label: UNKNOWN_LABEL, sublabel: null } : labeler(g.key), facts.ready.get(g.key), facts.delivery.get(g.key)))
    .sort((a, b) => b.cases - a.cases || b.items - a.items || a.label.localeCompare(b.label, 'zh-Hans-CN'));
  const { asOf, calendarWarning, ...filters } = header;
  return {
    filters,
    rows,
    totals: buildRow({ ...facts.totals, key: '__total__' }, { label: TOTAL_ROW_LABEL, sublabel: null }, facts.totalReady, facts.totalDelivery),
    asOf,
    calendarWarning,
  };
}

/** Labels for the groups of a report; both the host and the central service build one. */
export function catalogLabeler(ix: CatalogIndex | null, groupBy: ReportGrouping, other: (key: string) => string): GroupLabeler {
  const safe = (f: () => string, key: string) => {
    try {
      return f();
    } catch {
      return key;
    }
  };
  switch (groupBy) {
    case 'bundle':
      return (key) => ({ label: ix ? safe(() => ix.bundle(key).name, key) : key, sublabel: null });
    case 'item':
      return (key) => ({
        label: ix ? safe(() => ix.item(key).name, key) : key,
        sublabel: ix ? safe(() => ix.departmentName(ix.item(key).departmentId.value), '') || null : null,
      });
    case 'department':
      return (key) => ({ label: ix ? ix.departmentName(key) : key, sublabel: null });
    default:
      return (key) => ({ label: other(key), sublabel: null });
  }
}
