import { describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, DOCUMENT_TITLES, documentFileName, documentTitle, renderDocument, type DocumentKind } from '../../shared/documents/index.js';
import { CATALOGS, translator, type Lang } from '../../shared/i18n/index.js';
import { noticeHtml } from '../../shared/notice.js';
import { waybill } from '../fixtures/documents-delivery/inputs.js';
import { samples as zhSamples } from '../fixtures/documents/inputs.js';
import { bundle, pendingUnsigned, receipts, refusalDefaults, samples } from '../fixtures/documents-i18n/latin.js';

// Every document rendered in English and Russian from inputs whose data is all Latin: any Chinese
// left is text the translation missed, except the official Chinese title under the translated one.

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
const OFFICIAL = /<div class="official" lang="zh-CN">([^<]*)<\/div>/g;
const TRANSLATED = ['en', 'ru'] as const satisfies readonly Lang[];
const DATE = { en: '2 March 2026', ru: '2 марта 2026 г.' } as const;

/** The official title line(s) and the Chinese left once they are taken out. */
function split(html: string): { official: string[]; chinese: string[] } {
  const official = [...html.matchAll(OFFICIAL)].map((m) => m[1]!);
  return { official, chinese: html.replace(OFFICIAL, '').match(CJK) ?? [] };
}

function expectTranslated(html: string, lang: Lang, official: string): void {
  const s = split(html);
  expect(s.chinese.join('')).toBe('');
  expect(s.official).toEqual([official]);
  expect(html).toContain(`<html lang="${lang}">`);
  // Every placeholder was filled.
  expect(html).not.toMatch(/\{\{|\}\}/);
  expect(html).toContain(translator(lang, 'documents')('本文书为译本，与中文文本不一致时，以中文文本为准。'));
}

describe('documents in English and Russian', () => {
  describe.each(TRANSLATED)('%s', (lang) => {
    const t = translator(lang, 'documents');

    it.each(DOCUMENT_KINDS)('%s: no Chinese but the official title; translated title, dates, page footer', (kind: DocumentKind) => {
      const input = samples[kind];
      const html = renderDocument(kind, input as never, lang);
      expectTranslated(html, lang, DOCUMENT_TITLES[kind]);
      expect(html).toContain(`<h1>${documentTitle(kind, lang)}</h1>`);
      expect(documentTitle(kind, lang)).not.toBe(DOCUMENT_TITLES[kind]);
      expect(html).toContain(DATE[lang]);
      // The data is printed as given.
      for (const s of [input.hallName, input.caseNumber, input.counterName]) expect(html).toContain(s);
      // The page counter keeps CSS counters around the translated words.
      const footer = /@bottom-right \{ content: ([^;]*);/.exec(html)![1]!;
      expect(footer).toContain('counter(page)');
      expect(footer).toContain('counter(pages)');
      expect(footer).toContain(lang === 'en' ? '"Page "' : '"Стр. "');
    });

    it('the unsigned commitment, the refusal with default remedies and every receipt channel', () => {
      expectTranslated(renderDocument('commitment', pendingUnsigned, lang), lang, DOCUMENT_TITLES.commitment);
      const refusal = renderDocument('refusal', refusalDefaults, lang);
      expectTranslated(refusal, lang, DOCUMENT_TITLES.refusal);
      expect(refusal).toContain(t('依法有管辖权的行政复议机关'));
      expect(refusal).toContain(t('有管辖权的人民法院'));
      for (const r of receipts) {
        const html = renderDocument('receipt', r, lang);
        const zhTitle = r.channel === 'mail' ? '出件回执（邮寄清单）' : '出件回执（送达回证）';
        expectTranslated(html, lang, zhTitle);
        expect(html).toContain(r.receiptNo);
        for (const e of r.entries) expect(html).toContain(e.description);
      }
    });

    it('the one-time notice', () => {
      const html = noticeHtml(bundle, lang, { hallName: 'Mohe Government Service Centre', printedAt: '2026-03-02' });
      expectTranslated(html, lang, '一次告知单');
      expect(html).toContain(DATE[lang]);
      for (const m of bundle.materials) expect(html).toContain(m.name);
      expect(html).toContain(`Foreign parent${t('；')}No ID card`);
    });

    it('plural forms follow the count', () => {
      const days = [1, 2, 5].map((count) => t('{{count}} 个工作日', { count }));
      expect(days).toEqual(lang === 'en' ? ['1 working day', '2 working days', '5 working days'] : ['1 рабочий день', '2 рабочих дня', '5 рабочих дней']);
    });
  });

  it('Chinese stays as it was: the default language, no official line, no translation note', () => {
    for (const kind of DOCUMENT_KINDS) {
      const html = renderDocument(kind, zhSamples[kind] as never);
      expect(renderDocument(kind, zhSamples[kind] as never, 'zh')).toBe(html);
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain(`<h1>${DOCUMENT_TITLES[kind]}</h1>`);
      expect(html).not.toContain('class="official"');
      expect(html).toContain('content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";');
      expect(html).toContain('2026年3月2日');
    }
  });

  it('the waybill is Chinese in every language: it is for the courier', () => {
    const zh = renderDocument('waybill', waybill);
    for (const lang of TRANSLATED) expect(renderDocument('waybill', waybill, lang)).toBe(zh);
    expect(documentFileName('waybill', 'A-1', 'ru')).toBe('A-1-邮寄面单.pdf');
    expect(documentFileName('acceptance', 'A-1', 'ru')).toBe('A-1-受理通知书-ru.pdf');
    expect(documentFileName('acceptance', 'A-1')).toBe('A-1-受理通知书.pdf');
  });

  it('input errors stay Chinese for the clerk whatever the document language', () => {
    expect(() => renderDocument('acceptance', { ...samples.acceptance, caseNumber: '案件' }, 'ru')).toThrow(/^受理通知书无法生成：案件编号只能由字母/);
  });

  it('every translation keeps exactly the placeholders of its Chinese key', () => {
    const names = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
    const zh = CATALOGS.zh.documents!;
    for (const lang of TRANSLATED) {
      const tr = CATALOGS[lang].documents!;
      for (const [key, value] of Object.entries(tr)) {
        const base = key.replace(/_(zero|one|two|few|many|other)$/, '');
        expect(zh[base], `${lang}: ${key}`).toBeDefined();
        expect(names(value), `${lang}: ${key}`).toEqual(names(base));
        expect(value.match(CJK), `${lang}: ${key}`).toBeNull();
      }
      expect(Object.keys(tr).length).toBeGreaterThanOrEqual(Object.keys(zh).length);
    }
  });
});
