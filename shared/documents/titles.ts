import { translator, type Lang, type T } from '../i18n/index.js';

// Titles of the printable intake documents, apart from their renderers so that screens can name
// a document without loading the barcode and QR encoders.

export type TitledKind = 'acceptance' | 'pending' | 'commitment' | 'correction' | 'refusal' | 'receipt' | 'waybill';

function titles(t: T): Record<TitledKind, string> {
  return {
    acceptance: t('受理通知书'),
    pending: t('容缺受理通知书'),
    commitment: t('告知承诺书'),
    correction: t('补正告知书'),
    refusal: t('不予受理通知书'),
    receipt: t('出件回执'),
    waybill: t('邮寄面单'),
  };
}

/** The Chinese titles: file names, the archive, the clerk's screens. */
export const DOCUMENT_TITLES = titles(translator('zh', 'documents'));

/** A document's title in `lang`; the waybill's is Chinese in every language (it is for the courier). */
export function documentTitle(kind: TitledKind, lang: Lang): string {
  return kind === 'waybill' ? DOCUMENT_TITLES.waybill : titles(translator(lang, 'documents'))[kind];
}
