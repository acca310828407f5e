import { describe, expect, it } from 'vitest';
import { checkCreditCode, checkDate, checkIdNumber, checkPhone, idCheckChar, maskIdNumber, usccCheckChar } from '../../shared/validators.js';

describe('citizen ID number (GB 11643)', () => {
  it('accepts the examples published in the standard', () => {
    // GB 11643-1999 appendix examples.
    for (const n of ['11010519491231002X', '440524188001010014']) {
      const r = checkIdNumber(n);
      expect(r.ok, n).toBe(true);
    }
    const r = checkIdNumber('11010519491231002x');
    expect(r.ok && r.value).toMatchObject({ number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', kind: 'resident' });
    const m = checkIdNumber('440524188001010014');
    expect(m.ok && m.value.sex).toBe('male');
  });

  it('tells the clerk which check character the first 17 digits give', () => {
    const r = checkIdNumber('110105194912310021');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('应为“X”') });
  });

  it('refuses wrong length, old 15-digit numbers, bad regions and impossible dates', () => {
    expect(checkIdNumber('1101051949123100').ok).toBe(false);
    expect(checkIdNumber('110105491231002').ok === false && (checkIdNumber('110105491231002') as { message: string }).message).toContain('15 位');
    const region = '99' + '0105194912310020'.slice(0, 15);
    expect(checkIdNumber(region.slice(0, 17) + idCheckChar(region.slice(0, 17))).ok).toBe(true); // 9x: foreigner's card
    const badRegion = '00010519491231002';
    expect(checkIdNumber(badRegion + idCheckChar(badRegion))).toEqual({ ok: false, message: expect.stringContaining('行政区划') });
    const feb30 = '11010520010230002';
    expect(checkIdNumber(feb30 + idCheckChar(feb30))).toEqual({ ok: false, message: expect.stringContaining('出生日期') });
    const future = '11010520300101002';
    expect(checkIdNumber(future + idCheckChar(future), '2026-11-23')).toEqual({ ok: false, message: expect.stringContaining('晚于今天') });
    expect(checkIdNumber('').ok).toBe(false);
  });

  it('recognises residence permits of Hong Kong, Macao and Taiwan residents', () => {
    const hk = '81000019900101001';
    const r = checkIdNumber(hk + idCheckChar(hk));
    expect(r.ok && r.value.kind).toBe('hk_macao_tw_permit');
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('accepts codes whose check character matches', () => {
    // The standard's own example and codes printed on well-known business licences.
    for (const c of ['91350100M000100Y43', '91440300708461136T', '91330100716105852F', '9144030071526726XG']) {
      const r = checkCreditCode(c);
      expect(r.ok && r.value.checkDigitOk, c).toBe(true);
    }
  });

  it('only warns on a wrong check character and names the expected one', () => {
    const r = checkCreditCode('91350100M000100Y44');
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.checkDigitOk).toBe(false);
      expect(r.value.warning).toContain(`“${usccCheckChar('91350100M000100Y4')}”`);
    }
  });

  it('refuses wrong length and characters outside the code set', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, message: expect.stringContaining('18 位') });
    expect(checkCreditCode('91350100M0001O0Y43')).toEqual({ ok: false, message: expect.stringContaining('“O”') });
    expect(checkCreditCode('91ABCDEFM000100Y43')).toEqual({ ok: false, message: expect.stringContaining('行政区划码') });
  });
});

describe('phone, date and masking', () => {
  it('accepts mobiles and landlines and explains the rest', () => {
    expect(checkPhone('138 0451 2345')).toEqual({ ok: true, value: '13804512345' });
    expect(checkPhone('0457-2822345').ok).toBe(true);
    expect(checkPhone('1380451234')).toEqual({ ok: false, message: expect.stringContaining('11 位') });
    expect(checkPhone('abc').ok).toBe(false);
  });

  it('checks calendar dates', () => {
    expect(checkDate('2026-02-28').ok).toBe(true);
    expect(checkDate('2026-02-29').ok).toBe(false);
    expect(checkDate('2026/02/01').ok).toBe(false);
  });

  it('masks ID numbers to the first and last four characters', () => {
    expect(maskIdNumber('230102199001011234')).toBe('2301**********1234');
  });
});
