import { translator } from '../shared/i18n';

/** The clerk UI's translate function: Simplified Chinese, through the same catalogs as the documents. */
export const t = translator('zh', 'clerk');
