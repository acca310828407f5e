import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CaseView } from '../../shared/api/intake.js';
import { DEMO_PASSWORD } from '../../seeds/demo.js';
import { testHost } from '../helpers/host.js';
import { completeFields, idNumber, receiveMaterials } from '../helpers/intake.js';
import { tempDir } from '../helpers/tmp.js';

// A case whose applicant reads Russian: its acceptance notice and the one-time notice printed by the
// host's real printer (headless Chromium), read back with poppler: the Cyrillic is text, in an
// embedded font that covers it, beside the Chinese official title.

type TH = Awaited<ReturnType<typeof testHost>>;
const squash = (s: string) => s.replace(/\s+/g, '');
const tmp = tempDir('yct-documents-lang-');
afterAll(() => tmp.cleanup());

function pdf(name: string, base64: string): { text: string; fonts: string[] } {
  const file = join(tmp.dir, `${name}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  // Raw extraction drops some spaces between words, so texts are compared without any.
  const text = squash(execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }));
  // pdffonts: two header lines, then "name type encoding emb sub uni object ID" per font.
  return { text, fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean) };
}

/**
 * Every font is embedded with a Unicode map. Chromium draws a character no font has as glyph 0, which
 * maps to no character: Cyrillic that extracts as Cyrillic was drawn from an embedded font's real glyphs.
 */
function expectEmbedded(fonts: string[]): void {
  expect(fonts.length).toBeGreaterThan(0);
  for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+yes\s+\d+\s+\d+$/);
  // The family the documents name covers Russian (what the start-up check relies on).
  expect(execFileSync('fc-list', [':family=Noto Sans CJK SC:lang=ru', 'family'], { encoding: 'utf8' })).toContain('Noto Sans CJK SC');
}

describe('documents in the applicant language', () => {
  let h: TH | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function acceptedCase(name: string, lang?: 'ru' | 'en'): Promise<CaseView> {
    h = await testHost();
    await h.ok('c', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    const bundle = await h.ok<{ items: { id: string }[] }>('c', 'catalog.bundle', { id: 'hlj.newborn' });
    let v = await h.ok<CaseView>('c', 'intake.start', { bundleId: 'hlj.newborn', itemIds: bundle.items.map((i) => i.id), applicantKind: 'person' });
    expect(v.data.lang).toBe('zh');
    const patch = { fields: completeFields(v, { 'applicant.name': name, 'applicant.idNumber': idNumber() }), ...(lang ? { lang } : {}) };
    v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch });
    v = await h.ok<CaseView>('c', 'intake.update', { id: v.id, expectedSeq: v.lastEventSeq, patch: { materials: receiveMaterials(v) } });
    expect(v.data.lang).toBe(lang ?? 'zh');
    return h.ok<CaseView>('c', 'intake.accept', { id: v.id, expectedSeq: v.lastEventSeq, delivery: { method: 'window', address: null } });
  }

  it('prints the acceptance notice of a Russian-speaking applicant in Russian, with the Chinese title and an embedded font', async () => {
    const v = await acceptedCase('Анна Петрова', 'ru');
    const doc = await h!.ok<{ fileName: string; pdfBase64: string }>('c', 'intake.document', { id: v.id, kind: 'acceptance' });
    expect(doc.fileName).toBe(`${v.caseNumber}-受理通知书-ru.pdf`);
    const { text, fonts } = pdf('acceptance-ru', doc.pdfBase64);
    for (const words of ['Уведомление о принятии заявления', 'Заявитель', 'заявление принято', 'Принятые услуги и сроки', 'Номер дела', 'рабоч', 'преимущественную силу', 'ноября 2026 г.', 'Стр. 1 из']) {
      expect(text, words).toContain(squash(words));
    }
    // The legal Chinese title under the translation; the data as entered.
    expect(text).toContain('受理通知书');
    expect(text).toContain('АннаПетрова');
    expect(text).toContain(v.caseNumber);
    expectEmbedded(fonts);

    // The clerk may print another language for the same case; the archive re-renders in the case's language.
    const en = pdf('acceptance-en', (await h!.ok<{ pdfBase64: string }>('c', 'intake.document', { id: v.id, kind: 'acceptance', lang: 'en' })).pdfBase64).text;
    expect(en).toContain('AcceptanceNotice');
    expect(en).not.toContain('Уведомление');
    expect(await h!.host.services.intake.documentHtml(v.id, 'acceptance')).toContain('<html lang="ru">');
  }, 90_000);

  it('keeps a case without a language in Chinese', async () => {
    const v = await acceptedCase('王丽');
    const doc = await h!.ok<{ fileName: string; pdfBase64: string }>('c', 'intake.document', { id: v.id, kind: 'acceptance' });
    expect(doc.fileName).toBe(`${v.caseNumber}-受理通知书.pdf`);
    const { text } = pdf('acceptance-zh', doc.pdfBase64);
    expect(text).toContain('受理通知书');
    expect(text).toContain('现予以受理');
    expect(text).not.toMatch(/[\u0400-\u04ff]{3}/);
  }, 90_000);

  it('prints the one-time notice in Russian', async () => {
    h = await testHost();
    await h.ok('c', 'auth.signIn', { staffNo: 'sj01', password: DEMO_PASSWORD });
    const r = await h.ok<{ pdfBase64: string }>('c', 'catalog.noticePdf', { id: 'hlj.newborn', lang: 'ru' });
    const { text, fonts } = pdf('notice-ru', r.pdfBase64);
    for (const words of ['Единое уведомление о необходимых документах', 'Документы (каждый документ подаётся один раз)', 'Условия подачи', 'Услуги и сроки', 'Консультации', 'преимущественную силу']) {
      expect(text, words).toContain(squash(words));
    }
    expect(text).toContain('一次告知单');
    expect(text).toContain('新生儿出生');
    expectEmbedded(fonts);
  }, 90_000);
});
