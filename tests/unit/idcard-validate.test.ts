import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIMULATED_CARDS } from '../../seeds/idcard-sim.js';
import {
  beijingDate,
  cardTypeOf,
  DEFAULT_ID_CARD_SETTINGS,
  idCardDataSchema,
  idCardSettingsSchema,
  maskName,
  normalizeCardDate,
  normalizeEthnicity,
  normalizeSex,
  validateCardData,
  type CardFields,
} from '../../shared/idcard.js';
import { idCheckChar } from '../../shared/validators.js';

const TODAY = '2026-11-23';

const base: CardFields = {
  cardType: 'resident',
  name: '刘志强',
  sex: '男',
  ethnicity: '汉',
  birthDate: '19831005',
  address: '黑龙江省哈尔滨市南岗区学府路74号',
  idNumber: '230103198310050614',
  issuer: '哈尔滨市公安局南岗分局',
  validFrom: '20160320',
  validTo: '20360320',
  photo: null,
};

function withNumber(first17: string): string {
  return first17 + idCheckChar(first17);
}

function failure(fields: Partial<CardFields>) {
  const r = validateCardData({ ...base, ...fields }, TODAY);
  if (r.ok) throw new Error('expected the card to be refused');
  return r;
}

describe('validateCardData', () => {
  it('accepts a resident card, normalising dates, and warns only that there is no photo', () => {
    const r = validateCardData(base, TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.card).toMatchObject({ birthDate: '1983-10-05', validFrom: '2016-03-20', validTo: '2036-03-20', idNumber: '230103198310050614', ethnicity: '汉' });
    expect(r.expired).toBe(false);
    expect(r.warnings).toEqual([expect.stringContaining('未提供证件照片')]);
    expect(idCardDataSchema.safeParse(r.card).success).toBe(true);
  });

  it('flags an expired card without refusing it, and treats the last valid day as valid', () => {
    const expired = validateCardData({ ...base, validFrom: '20060301', validTo: '20160301' }, TODAY);
    expect(expired.ok && expired.expired).toBe(true);
    expect(expired.ok && expired.warnings[0]).toMatch(/已于 2016-03-01 过期/);
    const lastDay = validateCardData({ ...base, validTo: TODAY.replace(/-/g, '') }, TODAY);
    expect(lastDay.ok && lastDay.expired).toBe(false);
    const dayAfter = validateCardData({ ...base, validTo: '20261122' }, TODAY);
    expect(dayAfter.ok && dayAfter.expired).toBe(true);
  });

  it('accepts 长期 on resident cards only', () => {
    const r = validateCardData({ ...base, validTo: '长期' }, TODAY);
    expect(r.ok && r.card.validTo).toBe('长期');
    expect(r.ok && r.expired).toBe(false);
    const permit = withNumber('82000019961108003');
    expect(failure({ cardType: 'hk_macao_tw_permit', idNumber: permit, birthDate: '19961108', ethnicity: '', validTo: '长期' }).message).toContain('只有居民身份证可为长期');
  });

  it('refuses a wrong check digit, saying which character it should be and how to go on', () => {
    const r = failure({ idNumber: '230103198310050615' });
    expect(r.field).toBe('idNumber');
    expect(r.message).toContain('应为“4”');
    expect(r.message).toContain('可直接输入证件号码');
  });

  it('refuses a number whose birth date or sex disagrees with the card', () => {
    expect(failure({ birthDate: '19831006' }).message).toMatch(/号码中的出生日期 1983-10-05 与证件上的 1983-10-06 不一致/);
    expect(failure({ sex: '女' }).message).toContain('性别');
  });

  it('refuses a number of another card type than the chip says', () => {
    const r = failure({ cardType: 'foreigner_permanent' });
    expect(r.message).toContain('号码属于居民身份证');
  });

  it('refuses garbage characters, impossible dates and inverted validity', () => {
    expect(failure({ name: '刘\ufffd强' }).message).toContain('无法识别的字符');
    expect(failure({ address: '学府路\u0001' }).field).toBe('address');
    expect(failure({ name: 'A\ud800' }).field).toBe('name');
    expect(failure({ birthDate: '19AB1005' }).message).toContain('“19AB1005”不是有效日期');
    expect(failure({ validTo: '20150101' }).message).toContain('早于起始日');
    expect(failure({ validTo: 'forever' }).field).toBe('validTo');
    expect(failure({ sex: '未知' }).field).toBe('sex');
    expect(failure({ name: '  ' }).field).toBe('name');
    expect(failure({ ethnicity: '' }).field).toBe('ethnicity');
    expect(failure({ idNumber: '' }).field).toBe('idNumber');
  });

  it('warns when the validity starts in the future', () => {
    const r = validateCardData({ ...base, validFrom: '20270101', validTo: '20470101' }, TODAY);
    expect(r.ok && r.warnings.some((w) => w.includes('晚于今天'))).toBe(true);
  });

  it('accepts residence permits and both foreigner card generations', () => {
    const permit = validateCardData(
      { ...base, cardType: 'hk_macao_tw_permit', idNumber: '820000199611080032', birthDate: '19961108', ethnicity: 'ignored', validFrom: '20220915', validTo: '20270915' },
      TODAY,
    );
    expect(permit.ok && permit.card).toMatchObject({ cardType: 'hk_macao_tw_permit', ethnicity: '' });
    const foreigner = { ...base, cardType: 'foreigner_permanent' as const, name: '伊万诺娃', englishName: 'IVANOVA, MARIA', nationality: 'rus', sex: '女', birthDate: '19900221', address: '', issuer: '' };
    const y2023 = validateCardData({ ...foreigner, idNumber: '923643199002210021', validFrom: '20240110', validTo: '20340110' }, TODAY);
    expect(y2023.ok && y2023.card).toMatchObject({ nationality: 'RUS', englishName: 'IVANOVA, MARIA', ethnicity: '', address: '' });
    const y2017 = validateCardData({ ...foreigner, idNumber: 'RUS230090022102', validFrom: '20200110', validTo: '20300110' }, TODAY);
    expect(y2017.ok).toBe(true);
    expect(failure({ ...foreigner, idNumber: '923643199002210021', nationality: 'RUSSIA' }).field).toBe('nationality');
  });

  it('warns about rare characters carried as private-use code points', () => {
    const r = validateCardData({ ...base, name: '刘\ue863', photoProblem: 'x' }, TODAY);
    expect(r.ok && r.warnings[0]).toContain('生僻字');
  });

  it('passes on the photo problem a driver reported', () => {
    const r = validateCardData({ ...base, photoProblem: '照片无法识别' }, TODAY);
    expect(r.ok && r.warnings).toEqual(['照片无法识别']);
  });
});

describe('normalisation', () => {
  it('reads dates, sexes and ethnicities as vendors write them', () => {
    expect(normalizeCardDate('20160320')).toBe('2016-03-20');
    expect(normalizeCardDate('2016.3.20')).toBe('2016-03-20');
    expect(normalizeCardDate('2016年03月20日')).toBe('2016-03-20');
    expect(normalizeCardDate(' 长期 ')).toBe('长期');
    expect(normalizeCardDate('abc')).toBe('abc');
    expect(normalizeSex('1')).toBe('男');
    expect(normalizeSex('F')).toBe('女');
    expect(normalizeEthnicity('01')).toBe('汉');
    expect(normalizeEthnicity('2')).toBe('蒙古');
    expect(normalizeEthnicity('回族')).toBe('回');
    expect(normalizeEthnicity('汉')).toBe('汉');
  });

  it('derives the card type from the chip mark, else from the number', () => {
    expect(cardTypeOf('I', '')).toBe('foreigner_permanent');
    expect(cardTypeOf(' J', '')).toBe('hk_macao_tw_permit');
    expect(cardTypeOf(' ', '230103198310050614')).toBe('resident');
    expect(cardTypeOf(null, '810000199203150028')).toBe('hk_macao_tw_permit');
    expect(cardTypeOf('', '923643199002210021')).toBe('foreigner_permanent');
  });

  it('computes today in Beijing and masks names', () => {
    expect(beijingDate(Date.parse('2026-11-22T16:30:00Z'))).toBe('2026-11-23');
    expect(beijingDate(Date.parse('2026-11-22T15:30:00Z'))).toBe('2026-11-22');
    expect(maskName('伊万诺夫·阿列克谢')).toBe('伊****');
    expect(maskName('王建华')).toBe('王**');
  });
});

describe('simulator cards', () => {
  it('are all valid cards with correct check digits, built in and in the test fixture', () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/idcard/cards.json', import.meta.url), 'utf8')) as { cards: CardFields[] };
    const all = [...SIMULATED_CARDS, ...fixture.cards];
    expect(all.length).toBeGreaterThanOrEqual(7);
    for (const c of all) {
      const r = validateCardData(c, TODAY);
      expect(r.ok ? null : r.message, c.idNumber.slice(0, 6)).toBeNull();
      expect(r.ok && r.expired).toBe(false);
    }
    expect(new Set(SIMULATED_CARDS.map((c) => c.cardType))).toEqual(new Set(['resident', 'hk_macao_tw_permit', 'foreigner_permanent']));
  });
});

describe('reader settings', () => {
  it('has a valid default and refuses non-local services and impossible ports', () => {
    expect(idCardSettingsSchema.parse(DEFAULT_ID_CARD_SETTINGS)).toEqual(DEFAULT_ID_CARD_SETTINGS);
    const remote = idCardSettingsSchema.safeParse({ ...DEFAULT_ID_CARD_SETTINGS, bridge: { ...DEFAULT_ID_CARD_SETTINGS.bridge, url: 'http://10.1.2.3:19196' } });
    expect(remote.success).toBe(false);
    expect(remote.error?.issues[0]?.message).toContain('本机');
    for (const port of [0, 1, 16, 1001, 1016]) expect(idCardSettingsSchema.safeParse({ ...DEFAULT_ID_CARD_SETTINGS, sdk: { ...DEFAULT_ID_CARD_SETTINGS.sdk, port } }).success).toBe(true);
    for (const port of [17, 1000, 1017, -1]) expect(idCardSettingsSchema.safeParse({ ...DEFAULT_ID_CARD_SETTINGS, sdk: { ...DEFAULT_ID_CARD_SETTINGS.sdk, port } }).success).toBe(false);
  });
});
