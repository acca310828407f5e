import { AppError } from '../errors.js';
import { acceptanceHtml } from './acceptance.js';
import { correctionHtml } from './correction.js';
import { commitmentHtml, pendingHtml } from './pending.js';
import { refusalHtml } from './refusal.js';
import { DOCUMENT_TITLES } from './titles.js';
import { documentInputSchemas, type DocumentInputs, type DocumentKind } from './types.js';

// The printable documents of the intake decision, as self-contained HTML for the host's PDF printer.

export { acceptanceHtml } from './acceptance.js';
export { barcodeSvg, qrSvg } from './codes.js';
export { PENDING_DEFAULTS, commitmentHtml, pendingHtml } from './pending.js';
export { correctionHtml, groupProblems } from './correction.js';
export { refusalHtml, remedyText } from './refusal.js';
export * from './types.js';

export { DOCUMENT_TITLES } from './titles.js';

const renderers: { [K in DocumentKind]: (v: DocumentInputs[K]) => string } = {
  acceptance: acceptanceHtml,
  pending: pendingHtml,
  commitment: commitmentHtml,
  correction: correctionHtml,
  refusal: refusalHtml,
};

/**
 * Validates `input` against the kind's schema and renders it. Throws AppError INVALID_INPUT with the
 * first problem in the message and every problem with its path in `details`.
 */
export function renderDocument<K extends DocumentKind>(kind: K, input: DocumentInputs[K]): string {
  const parsed = documentInputSchemas[kind].safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('INVALID_INPUT', `${DOCUMENT_TITLES[kind]}无法生成：${issue.message}。请改正后重新打印`, {
      issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    });
  }
  return (renderers[kind] as (v: DocumentInputs[K]) => string)(parsed.data as DocumentInputs[K]);
}

/** e.g. `HLJ232701-20260302-K7QF-0007-受理通知书.pdf` */
export function documentFileName(kind: DocumentKind, caseNumber: string): string {
  return `${caseNumber.replace(/[^A-Za-z0-9-]/g, '_')}-${DOCUMENT_TITLES[kind]}.pdf`;
}
