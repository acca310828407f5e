import { AppError } from '../errors.js';
import { acceptanceHtml } from './acceptance.js';
import { correctionHtml } from './correction.js';
import { commitmentHtml, pendingHtml } from './pending.js';
import { receiptHtml } from './receipt.js';
import { refusalHtml } from './refusal.js';
import { DOCUMENT_TITLES } from './titles.js';
import { deliveryDocumentInputSchemas, documentInputSchemas, type PrintableInputs, type PrintableKind } from './types.js';
import { waybillHtml } from './waybill.js';

// The printable documents of the intake decision and of delivery, as self-contained HTML for the host's PDF printer.

export { acceptanceHtml } from './acceptance.js';
export { barcodeSvg, qrSvg } from './codes.js';
export { PENDING_DEFAULTS, commitmentHtml, pendingHtml } from './pending.js';
export { correctionHtml, groupProblems } from './correction.js';
export { refusalHtml, remedyText } from './refusal.js';
export { HANDOVER_KIND_LABELS, RECEIPT_CHANNEL_LABELS, VERIFICATION_LABELS, receiptHtml } from './receipt.js';
export { waybillHtml } from './waybill.js';
export * from './types.js';

export { DOCUMENT_TITLES } from './titles.js';

const renderers: { [K in PrintableKind]: (v: PrintableInputs[K]) => string } = {
  acceptance: acceptanceHtml,
  pending: pendingHtml,
  commitment: commitmentHtml,
  correction: correctionHtml,
  refusal: refusalHtml,
  receipt: receiptHtml,
  waybill: waybillHtml,
};

const schemas = { ...documentInputSchemas, ...deliveryDocumentInputSchemas };

/**
 * Validates `input` against the kind's schema and renders it. Throws AppError INVALID_INPUT with the
 * first problem in the message and every problem with its path in `details`.
 */
export function renderDocument<K extends PrintableKind>(kind: K, input: PrintableInputs[K]): string {
  const parsed = schemas[kind].safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('INVALID_INPUT', `${DOCUMENT_TITLES[kind]}无法生成：${issue.message}。请改正后重新打印`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return (renderers[kind] as (v: PrintableInputs[K]) => string)(parsed.data as PrintableInputs[K]);
}

/** e.g. `HLJ232701-20260302-K7QF-0007-受理通知书.pdf` */
export function documentFileName(kind: PrintableKind, caseNumber: string): string {
  return `${caseNumber.replace(/[^A-Za-z0-9-]/g, '_')}-${DOCUMENT_TITLES[kind]}.pdf`;
}
