// Titles of the printable intake documents, apart from their renderers so that screens can name
// a document without loading the barcode and QR encoders.

export const DOCUMENT_TITLES = {
  acceptance: '受理通知书',
  pending: '容缺受理通知书',
  commitment: '告知承诺书',
  correction: '补正告知书',
  refusal: '不予受理通知书',
  receipt: '出件回执',
  waybill: '邮寄面单',
} as const;
