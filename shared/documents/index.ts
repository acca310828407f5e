import { AppError } from '../errors.js';
import { translator, type Lang } from '../i18n/index.js';
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

export { DOCUMENT_TITLES, documentTitle } from './titles.js';

const renderers: { [K in PrintableKind]: (v: PrintableInputs[K], lang: Lang) => string } = {
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
 * Validates `input` against the kind's schema and renders it in `lang` (the waybill is always Chinese).
 * Throws AppError INVALID_INPUT with the first problem in the message and every problem with its path
 * in `details`; the message is for the clerk, so Chinese.
 */
export function renderDocument<K extends PrintableKind>(kind: K, input: PrintableInputs[K], lang: Lang = 'zh'): string {
  const parsed = schemas[kind].safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const t = translator('zh', 'documents');
    throw new AppError('INVALID_INPUT', t('{{title}}无法生成：{{problem}}。请改正后重新打印', { title: DOCUMENT_TITLES[kind], problem: issue.message }), {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return (renderers[kind] as (v: PrintableInputs[K], lang: Lang) => string)(parsed.data as PrintableInputs[K], lang);
}

/** e.g. `HLJ232701-20260302-K7QF-0007-受理通知书.pdf`, `…-受理通知书-ru.pdf` for a translation. */
export function documentFileName(kind: PrintableKind, caseNumber: string, lang: Lang = 'zh'): string {
  return `${caseNumber.replace(/[^A-Za-z0-9-]/g, '_')}-${DOCUMENT_TITLES[kind]}${lang === 'zh' || kind === 'waybill' ? '' : `-${lang}`}.pdf`;
}
