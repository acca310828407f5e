import i18next from 'i18next';
import zhClerk from './catalogs/zh/clerk.json';
import zhApplicant from './catalogs/zh/applicant.json';
import zhDocuments from './catalogs/zh/documents.json';
import enApplicant from './catalogs/en/applicant.json';
import enDocuments from './catalogs/en/documents.json';
import ruApplicant from './catalogs/ru/applicant.json';
import ruDocuments from './catalogs/ru/documents.json';

// One i18n library (i18next) for everything a person reads. Keys are the Simplified Chinese source
// text (gettext style): the Chinese catalogs are generated from the code by `npm run i18n`, and a
// test fails when a Chinese string in the renderer or the documents is not looked up through `t`.
// The clerk UI is Chinese only; what the applicant reads (the applicant screen, the notices and
// receipts) is also translated to English and Russian. A key missing in a translation falls back
// to the Chinese text, never to an empty string.

export const LANGS = ['zh', 'en', 'ru'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_NAMES: Record<Lang, string> = { zh: '中文', en: 'English', ru: 'Русский' };
/** BCP 47 tag for `lang` attributes and speech synthesis. */
export const LANG_TAGS: Record<Lang, string> = { zh: 'zh-CN', en: 'en', ru: 'ru' };

export const NAMESPACES = ['clerk', 'applicant', 'documents'] as const;
export type Namespace = (typeof NAMESPACES)[number];
/** Which namespaces are translated beyond Chinese. */
export const TRANSLATED: Record<Namespace, readonly Lang[]> = { clerk: ['zh'], applicant: LANGS, documents: LANGS };

export type Catalog = Record<string, string>;
export const CATALOGS: Record<Lang, Partial<Record<Namespace, Catalog>>> = {
  zh: { clerk: zhClerk, applicant: zhApplicant, documents: zhDocuments },
  en: { applicant: enApplicant, documents: enDocuments },
  ru: { applicant: ruApplicant, documents: ruDocuments },
};

/** Interpolated values: `t('共 {{n}} 件', { n })`; `count` selects English and Russian plural forms. */
export type Vars = Record<string, string | number>;
export type T = (key: string, vars?: Vars) => string;

const instance = i18next.createInstance();
void instance.init({
  lng: 'zh',
  fallbackLng: false,
  initAsync: false,
  resources: CATALOGS,
  ns: [...NAMESPACES],
  defaultNS: 'clerk',
  // Natural-language keys contain dots and colons.
  keySeparator: false,
  nsSeparator: false,
  // Output goes to React (which escapes) or through the documents' own `esc`.
  interpolation: { escapeValue: false },
  returnNull: false,
  returnEmptyString: false,
});

const cache = new Map<string, T>();
/** Results kept per translator: i18next spends ~20-70 µs per call, and screens repeat the same calls. */
const MEMO_LIMIT = 5000;

/** The translate function of one language and namespace. */
export function translator(lang: Lang, ns: Namespace): T {
  const id = `${lang}:${ns}`;
  let t = cache.get(id);
  if (!t) {
    const fixed = instance.getFixedT(lang, ns);
    // The catalogs never change at run time, so a result depends only on the key and the values.
    const memo = new Map<string, string>();
    t = (key, vars) => {
      const k = vars ? `${key}\u0000${JSON.stringify(vars)}` : key;
      let r = memo.get(k);
      if (r === undefined) {
        r = (vars ? fixed(key, vars) : fixed(key)) as string;
        if (memo.size >= MEMO_LIMIT) memo.clear();
        memo.set(k, r);
      }
      return r;
    };
    cache.set(id, t);
  }
  return t;
}

export function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}
