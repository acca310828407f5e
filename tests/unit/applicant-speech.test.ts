import { describe, expect, it } from 'vitest';
import { RATING_LABELS, RATING_REASONS } from '../../shared/delivery.js';
import { LANGS, translator } from '../../shared/i18n/index.js';
import {
  checkSpeech,
  confirmedSpeech,
  idleSpeech,
  keepSpeech,
  noticeSpeech,
  ratingSpeech,
  signatureSpeech,
  speechSegments,
  spellDigits,
  spokenValue,
  thanksSpeech,
  voiceFor,
  wrongSpeech,
} from '../../renderer/applicant/speech-text.js';
import { fieldLabel, groupedId, heldText, longDate, ratingLabels, reasonTexts, type KeptMaterial, type Row } from '../../renderer/applicant/texts.js';

// What the applicant screen says aloud, step by step and language by language.

const ID = '232701195609230247';
const rows: Row[] = [
  { key: 'applicant.name', label: '申请人姓名', type: 'text', value: '李秀兰' },
  { key: 'applicant.idNumber', label: '申请人公民身份号码', type: 'idNumber', value: ID },
  { key: 'applicant.phone', label: '申请人联系电话', type: 'phone', value: '13904571234' },
  { key: 'applicant.birthDate', label: '申请人出生日期', type: 'date', value: '1956-09-23' },
  { key: 'child.sex', label: '新生儿性别', type: 'select', value: '女' },
  { key: 'payee.bankAccount', label: '收款银行账号', type: 'text', value: '6222020200112233445' },
  { key: 'applicant.address', label: '现居住地址', type: 'address', value: '' },
];
const kept: KeptMaterial[] = [
  { name: '出生医学证明', form: 'original', count: 1, held: 'original', pages: 0, problem: null, deadline: null },
  { name: '居民户口簿', form: 'original_and_copy', count: 2, held: 'scanned', pages: 3, problem: null, deadline: null },
  { name: '结婚证', form: 'copy', count: 1, held: 'missing', pages: 0, problem: null, deadline: '2026-12-04' },
];

/** Every run of three or more digits of the ID number that a listener could piece together. */
function leaks(text: string): string[] {
  const digits = text.replace(/\D/g, '');
  const middle = ID.slice(4, -4);
  const out: string[] = [];
  for (let i = 0; i + 3 <= middle.length; i++) if (digits.includes(middle.slice(i, i + 3)) && middle.slice(i, i + 3) !== '000') out.push(middle.slice(i, i + 3));
  return out;
}

describe('applicant screen: spoken numbers', () => {
  it('reads an ID number digit by digit, its middle never', () => {
    for (const lang of LANGS) {
      const said = spokenValue(rows[1]!, lang);
      expect(said, lang).toContain('2 3 2 7');
      expect(said, lang).toContain('0 2 4 7');
      expect(said, lang).not.toContain(ID);
      expect(leaks(said), lang).toEqual([]);
    }
    expect(spokenValue(rows[1]!, 'zh')).toBe('前 4 位 2 3 2 7，中间隐去，后 4 位 0 2 4 7');
    expect(spokenValue(rows[1]!, 'en')).toBe('first four digits 2 3 2 7, middle digits not read out, last four digits 0 2 4 7');
    expect(spokenValue(rows[1]!, 'ru')).toMatch(/^первые четыре цифры 2 3 2 7, .* 0 2 4 7$/);
    // A short or odd number is not read at all; an X check character is read as it is.
    expect(spokenValue({ ...rows[1]!, value: '1234567' }, 'zh')).toBe('号码已隐去');
    expect(spokenValue({ ...rows[1]!, value: '11010519491231002X' }, 'zh')).toContain('0 0 2 X');
    // Any key named like an ID number is masked, whatever its field type.
    expect(spokenValue({ key: 'buyer.idNumber', type: 'text', value: ID }, 'zh')).not.toContain('1956');
  });

  it('reads a phone number without its middle four and an account by its end only', () => {
    expect(spokenValue(rows[2]!, 'zh')).toBe('前 3 位 1 3 9，中间隐去，后 4 位 1 2 3 4');
    expect(spokenValue(rows[2]!, 'en')).not.toContain('0 4 5 7');
    expect(spokenValue(rows[5]!, 'en')).toBe('ending in 3 4 4 5');
    expect(spokenValue(rows[5]!, 'ru')).toBe('последние цифры 3 4 4 5');
  });

  it('says dates in words, translates the sex option and names empty fields', () => {
    expect(spokenValue(rows[3]!, 'zh')).toBe('1956年9月23日');
    expect(spokenValue(rows[3]!, 'en')).toBe('23 September 1956');
    expect(spokenValue(rows[3]!, 'ru')).toMatch(/^23 сентября 1956/);
    expect(spokenValue(rows[4]!, 'en')).toBe('Female');
    expect(spokenValue(rows[4]!, 'zh')).toBe('女');
    expect(spokenValue(rows[6]!, 'ru')).toBe('не заполнено');
    expect(longDate('not a date', 'en')).toBe('not a date');
    expect(spellDigits('12 34')).toBe('1 2 3 4');
    expect(groupedId(ID)).toBe('232701 19560923 0247');
  });
});

describe('applicant screen: each step says what it shows and what to do next', () => {
  it('step 1 reads the rows of the page, masked, then the way on', () => {
    const zh = checkSpeech('zh', { bundleName: '新生儿出生', rows, page: 0, pages: 1 });
    expect(zh).toMatch(/^第 1 步，核对信息。请核对“新生儿出生”的申请信息。申请人姓名：李秀兰。申请人公民身份号码：前 4 位 2 3 2 7/);
    expect(zh).toContain('现居住地址：未填写。');
    expect(zh).toMatch(/请点击“信息无误”；如有不符，请点击“信息有误”。$/);
    // The birth date is a field of its own to check; without it nothing of the ID's middle is said.
    expect(leaks(checkSpeech('zh', { bundleName: '新生儿出生', rows: rows.filter((r) => r.type !== 'date'), page: 0, pages: 1 }))).toEqual([]);

    const en = checkSpeech('en', { bundleName: '新生儿出生', rows: rows.slice(0, 2), page: 0, pages: 3 });
    expect(en).toBe(
      'Step 1: check your details. Please check your application for “新生儿出生”. Page 1 of 3. Applicant\'s name: 李秀兰. ' +
        "Applicant's ID card number: first four digits 2 3 2 7, middle digits not read out, last four digits 0 2 4 7. Tap “Next page” to continue checking.",
    );
    // A later page does not repeat the step's introduction.
    const ru = checkSpeech('ru', { bundleName: '新生儿出生', rows: rows.slice(2, 4), page: 2, pages: 3 });
    expect(ru).toMatch(/^Страница 3 из 3\. Контактный телефон заявителя: первые три цифры 1 3 9/);
    expect(ru).toContain('1956 г. Если всё верно, нажмите «Всё верно».');
    expect(leaks(en)).toEqual([]);
  });

  it('step 2 says how each material is held and what comes back', () => {
    const zh = keepSpeech('zh', { materials: kept, total: 3, page: 0, pages: 1 });
    expect(zh).toContain('第 2 步，留存材料。这是我们为您留存的材料，共 3 项。');
    expect(zh).toContain('出生医学证明，要求原件 1 份：原件由窗口留存，领取办理结果时退还给您。');
    expect(zh).toContain('居民户口簿，要求原件及复印件 2 份：已扫描存档，原件核验后当场退还给您。已扫描 3 页。');
    expect(zh).toContain('结婚证，要求复印件 1 份：尚未提交，请在 2026年12月4日 前补交。');
    expect(zh).toMatch(/请点击“我知道了”。$/);
    const en = keepSpeech('en', { materials: kept.slice(1, 2), total: 3, page: 1, pages: 2 });
    expect(en).toBe('Page 2 of 2. 居民户口簿 (required: original and copy, 2 copies): Scanned for the file; the original has been checked and is returned to you now. 3 pages scanned. Then tap “I understand”.');
    const ru = keepSpeech('ru', { materials: kept.slice(0, 1), total: 3, page: 0, pages: 2 });
    expect(ru).toContain('Вот какие документы остаются у нас: 3 позиции.');
    expect(ru).toContain('оригинал, 1 экземпляр');
    expect(ru).toMatch(/Нажмите «Далее», чтобы продолжить\.$/);
    expect(keepSpeech('en', { materials: [], total: 0, page: 0, pages: 1 })).toContain('We do not keep any of your documents this time.');
    expect(heldText({ held: 'original', problem: '已过有效期', deadline: null }, 'en')).toBe('Must be handed in again: 已过有效期');
  });

  it('the notice, the signature and the rating say what to tap', () => {
    const notice = noticeSpeech('en', {
      bundleName: '新生儿出生',
      materials: [{ name: '出生医学证明', form: 'original', count: 1, exempt: false, always: false, when: ['非医院出生'] }],
      first: 4,
      total: 5,
      promisedDays: 3,
      page: 1,
      pages: 2,
    });
    expect(notice).toBe('Page 2 of 2. Item 5: 出生医学证明, original, 1 copy. Only needed if: 非医院出生. We promise to complete it within 3 working days.');
    expect(noticeSpeech('ru', { bundleName: 'x', materials: [], first: 0, total: 5, promisedDays: 0, page: 0, pages: 1 })).toBe(
      'Это перечень документов для услуги «x»: нужно подготовить 5 документов. Услуга может быть оказана сразу.',
    );

    const sign = signatureSpeech('zh', { entries: ['出生医学证明 编号 T230012345', '居民户口簿（原件）'], total: 2, page: 0, pages: 1, state: 'drawing' });
    expect(sign).toBe('第 3 步，签名。您本次领取 2 项：出生医学证明 编号 T230012345、居民户口簿（原件）。请用手指在白色区域内签写您的姓名，然后点击“确认签名”。');
    // The count is of everything handed over, not of the page shown.
    const first = signatureSpeech('ru', { entries: ['a'], total: 5, page: 0, pages: 5, state: 'drawing' });
    expect(first).toContain('Вы получаете 5 документов: a. Страница 1 из 5.');
    expect(first).toContain('«Далее»');
    expect(signatureSpeech('en', { entries: ['e'], total: 5, page: 4, pages: 5, state: 'drawing' })).toBe(
      'e. Page 5 of 5. Please sign your name with your finger in the white area, then tap “Confirm signature”.',
    );
    expect(signatureSpeech('en', { entries: [], total: 0, page: 0, pages: 1, state: 'sent' })).toBe('Your signature has been sent. Thank you.');

    expect(ratingSpeech('zh', 'choose')).toBe('第 4 步，评价。请对本次服务进行评价：非常满意、满意、基本满意、不满意、非常不满意。请点击屏幕上的按钮。');
    expect(ratingSpeech('en', 'choose')).toContain('Very satisfied, Satisfied, Fairly satisfied, Dissatisfied, Very dissatisfied');
    expect(ratingSpeech('ru', 'reasons')).toContain('«Отправить оценку»');
  });

  it('has a text in every language for every step, none left in Chinese', () => {
    for (const lang of ['en', 'ru'] as const) {
      const texts = [
        idleSpeech(lang),
        wrongSpeech(lang),
        confirmedSpeech(lang),
        thanksSpeech(lang, 'signature'),
        thanksSpeech(lang, 'rating'),
        thanksSpeech(lang, null),
        ratingSpeech(lang, 'choose'),
        ratingSpeech(lang, 'reasons'),
        ratingSpeech(lang, 'sent'),
        checkSpeech(lang, { bundleName: 'B', rows: [], page: 0, pages: 1 }),
      ];
      for (const s of texts) expect(s, `${lang}: ${s}`).not.toMatch(/[\u3400-\u9fff]/);
    }
    // The idle and thanks captions never repeat the big headline word for word (the page finds it once).
    expect(idleSpeech('zh')).not.toContain('请稍候');
    expect(thanksSpeech('zh', 'rating')).not.toContain('感谢您的评价');
  });
});

describe('applicant screen: labels and voices', () => {
  it('keeps the rating levels and reasons in the catalog order', () => {
    const zh = translator('zh', 'applicant');
    expect(ratingLabels(zh)).toEqual(RATING_LABELS);
    expect(reasonTexts(zh)).toEqual([...RATING_REASONS]);
    expect(reasonTexts(translator('ru', 'applicant'))).toHaveLength(RATING_REASONS.length);
    expect(ratingLabels(translator('en', 'applicant'))[5]).toBe('Very satisfied');
  });

  it('translates the identity labels and leaves other catalog labels as they are', () => {
    expect(fieldLabel(rows[0]!, 'zh')).toBe('申请人姓名');
    expect(fieldLabel(rows[0]!, 'en')).toBe("Applicant's name");
    expect(fieldLabel(rows[1]!, 'ru')).toBe('Номер удостоверения личности заявителя');
    expect(fieldLabel({ key: 'premises.area', label: '经营场所面积（平方米）' }, 'en')).toBe('经营场所面积（平方米）');
  });

  it('speaks Chinese names inside a translation with a Chinese voice', () => {
    expect(speechSegments('申请人姓名：李秀兰。', 'zh')).toEqual([{ text: '申请人姓名：李秀兰。', lang: 'zh' }]);
    expect(speechSegments("Applicant's name: 李秀兰. Address: 黑龙江省漠河市中央街 12 号. Next.", 'en')).toEqual([
      { text: "Applicant's name:", lang: 'en' },
      { text: '李秀兰', lang: 'zh' },
      { text: '. Address:', lang: 'en' },
      { text: '黑龙江省漠河市中央街 12 号', lang: 'zh' },
      { text: '. Next.', lang: 'en' },
    ]);
    expect(speechSegments('Шаг 3: подпись.', 'ru')).toEqual([{ text: 'Шаг 3: подпись.', lang: 'ru' }]);
  });

  it('picks a voice of the language: the exact region first, else any region', () => {
    const voices = [{ lang: 'en-US', name: 'a' }, { lang: 'ru_RU', name: 'b' }, { lang: 'zh-TW', name: 'c' }, { lang: 'zh-CN', name: 'd' }];
    expect(voiceFor(voices, 'zh-CN')?.name).toBe('d');
    expect(voiceFor(voices, 'ru')?.name).toBe('b');
    expect(voiceFor(voices, 'en')?.name).toBe('a');
    expect(voiceFor([{ lang: 'de-DE' }], 'ru')).toBeUndefined();
  });
});
