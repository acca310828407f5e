import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CARRIER_LABELS, CARRIERS, checkTrackingNumber, normalizeTrackingNumber, s10CheckDigit, type Carrier } from '../../shared/tracking.js';

function refused(carrier: Carrier, value: string): string {
  const r = checkTrackingNumber(carrier, value);
  expect(r.ok, `${carrier} ${value}`).toBe(false);
  if (r.ok) throw new Error('unreachable');
  return r.message;
}

function accepted(carrier: Carrier, value: string): string {
  const r = checkTrackingNumber(carrier, value);
  expect(r, `${carrier} ${value}`).toMatchObject({ ok: true });
  return r.normalized;
}

describe('carriers', () => {
  it('lists EMS, SF, JD and other with their Chinese names', () => {
    expect(CARRIERS).toEqual(['ems', 'sf', 'jd', 'other']);
    expect(CARRIER_LABELS).toEqual({ ems: '中国邮政 EMS', sf: '顺丰速运', jd: '京东物流', other: '其他' });
  });
});

describe('UPU S10 check digit', () => {
  // Worked by hand with the weights 8 6 4 2 3 5 9 7.
  it.each([
    // 1·8 + 2·6 + 3·4 + 4·2 + 5·3 + 6·5 + 7·9 + 8·7 = 204; 204 mod 11 = 6; 11 − 6 = 5
    ['12345678', 5],
    // 4·8 + 7·6 + 3·4 + 1·2 + 2·3 + 4·5 + 8·9 + 2·7 = 200; 200 mod 11 = 2; 11 − 2 = 9
    ['47312482', 9],
    // 8·7 = 56; 56 mod 11 = 1; 11 − 1 = 10, printed as 0
    ['00000008', 0],
    // sum 0; 11 − 0 = 11, printed as 5
    ['00000000', 5],
    // 1·9 + 1·7 = 16; 16 mod 11 = 5; 11 − 5 = 6
    ['00000011', 6],
  ])('of %s is %i', (serial, digit) => {
    expect(s10CheckDigit(serial)).toBe(digit);
  });

  it('accepts an international EMS number whose 9th digit is the check digit', () => {
    expect(accepted('ems', 'EA123456785CN')).toBe('EA123456785CN');
    expect(accepted('ems', 'RB473124829GB')).toBe('RB473124829GB');
    expect(accepted('ems', 'EE000000080CN')).toBe('EE000000080CN');
    expect(accepted('ems', 'EE000000005CN')).toBe('EE000000005CN');
  });

  it('warns about a wrong check digit, naming the right one, and lets the clerk go on after checking', () => {
    const message = refused('ems', 'EA123456784CN');
    expect(message).toContain('校验码应为 5（现为 4）');
    expect(message).toContain('核对无误仍可使用');
    expect(checkTrackingNumber('ems', 'EA123456784CN')).toMatchObject({ normalized: 'EA123456784CN' });
  });

  it('for any serial, exactly the computed digit passes and every other digit is caught', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{8}$/), (serial) => {
        const passing = [...'0123456789'].filter((d) => checkTrackingNumber('ems', `CX${serial}${d}CN`).ok);
        expect(passing).toEqual([String(s10CheckDigit(serial))]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkTrackingNumber', () => {
  it('EMS domestic: 13 digits beginning with 1 or 9', () => {
    accepted('ems', '1100123456789');
    accepted('ems', '9876543210123');
    expect(refused('ems', '2100123456789')).toContain('国内件为 1 或 9 开头的 13 位数字');
    refused('ems', '110012345678');
    refused('ems', '11001234567890');
    refused('ems', 'E123456785CN');
  });

  it('SF: SF and 12 or 13 digits', () => {
    accepted('sf', 'SF123456789012');
    accepted('sf', 'SF1234567890123');
    expect(refused('sf', 'SF12345678901')).toContain('不符合顺丰速运的格式（顺丰运单号为 SF 加 12–13 位数字，现为 SF 加 11 位）');
    refused('sf', 'SF12345678901234');
    expect(refused('sf', '123456789012')).toContain('现以“12”开头');
    refused('sf', 'SF12345678901A');
    refused('sf', 'JD1234567890123');
  });

  it('JD: JD and 13–15 letters or digits', () => {
    accepted('jd', 'JDVA12345678901');
    accepted('jd', 'JDVA123456789012');
    accepted('jd', 'JD1234567890ABCDE');
    expect(refused('jd', 'JD123456789012')).toContain('京东物流运单号为 JD 加 13–15 位字母或数字，现为 JD 加 12 位');
    refused('jd', 'JD1234567890ABCDEF');
    refused('jd', 'SF123456789012');
  });

  it('other: 6–30 letters or digits', () => {
    accepted('other', 'A12345');
    accepted('other', 'Z'.repeat(30));
    expect(refused('other', 'A1234')).toContain('运单号应为 6–30 位字母或数字，现为 5 位');
    refused('other', 'Z'.repeat(31));
  });

  it('trims, upper-cases and removes spaces, including full-width ones and full-width digits', () => {
    expect(normalizeTrackingNumber('  ea 123 456 785 cn ')).toBe('EA123456785CN');
    expect(accepted('ems', '  ea 123 456 785 cn ')).toBe('EA123456785CN');
    expect(accepted('sf', 'sf 1234 5678 9012')).toBe('SF123456789012');
    expect(accepted('jd', 'jdva\u300012345678901')).toBe('JDVA12345678901');
    expect(accepted('ems', '１１００１２３４５６７８９')).toBe('1100123456789');
    expect(accepted('other', '\tabc\n123 ')).toBe('ABC123');
  });

  it('names other characters as the problem', () => {
    expect(refused('sf', 'SF-123456789012')).toBe('运单号“SF-123456789012”含有字母和数字以外的字符，请与面单逐位核对；核对无误仍可使用。');
    refused('other', '运单123456');
  });

  it('asks for a number when there is none, without suggesting to use it', () => {
    for (const carrier of CARRIERS) {
      const message = refused(carrier, '   ');
      expect(message).toContain('请填写运单号');
      expect(message).not.toContain('仍可使用');
    }
  });

  it('every warning is Chinese, quotes the normalised number and says the clerk may go on after checking', () => {
    const cases: [Carrier, string][] = [
      ['ems', 'ea123456784cn'],
      ['ems', '2100123456789'],
      ['sf', 'sf1'],
      ['jd', 'jd1'],
      ['other', 'ab'],
    ];
    for (const [carrier, value] of cases) {
      const message = refused(carrier, value);
      expect(message).toContain(`“${normalizeTrackingNumber(value)}”`);
      expect(message).toMatch(/请与面单逐位核对；核对无误仍可使用。$/);
    }
  });
});
