import ExcelJS from 'exceljs';
import type { ReportResult } from '../api/reports.js';
import { periodText } from './aggregate.js';
import { EXPORT_MIME, reportCsv, reportFileName, reportSheet, type ReportSheet } from './export.js';
import type { ExportFormat } from './labels.js';

// The report sheet as an .xlsx workbook, built in memory (no file or network I/O). Used by the
// host and the central service alike; the renderer never imports it (it gets the bytes).

export async function reportXlsx(sheet: ReportSheet, meta: { sheetName: string; created: Date }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '一窗通';
  wb.created = meta.created;
  const ws = wb.addWorksheet(meta.sheetName.slice(0, 31));
  const width = sheet.columns.length;
  for (const [i, [label, value]] of sheet.header.entries()) {
    const row = ws.addRow(i === 0 ? [label] : [label, value]);
    if (i === 0) row.font = { bold: true, size: 14 };
    else row.getCell(1).font = { bold: true };
    if (i > 0 && width > 2) ws.mergeCells(row.number, 2, row.number, width);
  }
  ws.addRow([]);
  const head = ws.addRow(sheet.columns.map((c) => c.title));
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  const headNumber = head.number;
  for (const cells of [...sheet.rows, sheet.total]) {
    const row = ws.addRow(cells.map((v) => v ?? null));
    sheet.columns.forEach((c, i) => {
      if (c.percent) row.getCell(i + 1).numFmt = '0.0%';
    });
  }
  ws.getRow(ws.rowCount).font = { bold: true };
  ws.getColumn(1).width = 28;
  ws.getColumn(2).width = 18;
  for (let i = 3; i <= width; i++) ws.getColumn(i).width = 12;
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: headNumber }];
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

/** The report as a file to hand to the user: bytes, MIME type and a suggested name. */
export async function reportFile(r: ReportResult, format: ExportFormat): Promise<{ fileName: string; mimeType: string; bytes: Uint8Array }> {
  const sheet = reportSheet(r);
  const bytes =
    format === 'csv' ? new TextEncoder().encode(reportCsv(sheet)) : await reportXlsx(sheet, { sheetName: `${periodText(r.filters.period)}`, created: new Date(r.filters.generatedAt) });
  return { fileName: reportFileName(r, format), mimeType: EXPORT_MIME[format], bytes };
}
