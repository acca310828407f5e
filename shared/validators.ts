// Validators for the identifiers a counter types or reads every day. Each returns
// either the parsed value or a Chinese message that names what is wrong and how to fix it.

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** Province-level codes that begin a citizen ID number (GB/T 2260), plus 83 for Taiwan residence permits. */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

export type IdNumberKind = 'resident' | 'hk_macao_tw_permit' | 'foreigner_permanent';

export interface IdNumberInfo {
  /** Normalised: trimmed, upper-case X. */
  number: string;
  kind: IdNumberKind;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
}

/** The GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/**
 * An 18-character number of the resident ID card, the Hong Kong / Macao / Taiwan residence permit
 * (810000 / 820000 / 830000) or the 2023 foreigner's permanent residence card (begins with 9).
 * `today` (YYYY-MM-DD) bounds the birth date.
 */
export function checkIdNumber(raw: string, today?: string): Check<IdNumberInfo> {
  const number = raw.trim().toUpperCase();
  if (number === '') return { ok: false, message: '请填写证件号码（18 位）' };
  if (!/^\d{17}[\dX]$/.test(number)) {
    if (/^\d{15}$/.test(number)) return { ok: false, message: '这是 15 位旧身份证号码，请按新证填写 18 位号码' };
    return { ok: false, message: `证件号码应为 18 位：前 17 位是数字，最后一位是数字或 X（现为 ${number.length} 位）` };
  }
  const kind: IdNumberKind = number.startsWith('9')
    ? 'foreigner_permanent'
    : /^(81|82|83)0000/.test(number)
      ? 'hk_macao_tw_permit'
      : 'resident';
  if (kind === 'resident' && !PROVINCE_CODES.has(Number(number.slice(0, 2)))) {
    return { ok: false, message: `证件号码前两位“${number.slice(0, 2)}”不是有效的省级行政区划代码，请核对` };
  }
  const y = Number(number.slice(6, 10));
  const m = Number(number.slice(10, 12));
  const d = Number(number.slice(12, 14));
  if (y < 1880 || !validDate(y, m, d)) {
    return { ok: false, message: `证件号码第 7–14 位应为出生日期，“${number.slice(6, 14)}”不是有效日期，请核对` };
  }
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (today && birthDate > today) return { ok: false, message: `证件号码中的出生日期 ${birthDate} 晚于今天，请核对` };
  const expected = idCheckChar(number);
  if (number[17] !== expected) {
    return { ok: false, message: `证件号码校验位不符：按前 17 位计算最后一位应为“${expected}”，请逐位核对` };
  }
  return { ok: true, value: { number, kind, birthDate, sex: Number(number[16]) % 2 === 1 ? 'male' : 'female' } };
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARS[(31 - (sum % 31)) % 31]!;
}

export interface CreditCodeInfo {
  code: string;
  /** False when the check character does not match: a warning, not a refusal (some legacy codes fail it). */
  checkDigitOk: boolean;
  warning: string | null;
}

/** 统一社会信用代码 (GB 32100): shape errors refuse, a wrong check character only warns. */
export function checkCreditCode(raw: string): Check<CreditCodeInfo> {
  const code = raw.trim().toUpperCase();
  if (code === '') return { ok: false, message: '请填写统一社会信用代码（18 位）' };
  if (code.length !== 18) return { ok: false, message: `统一社会信用代码应为 18 位（现为 ${code.length} 位）` };
  const bad = [...code].find((c) => !USCC_CHARS.includes(c));
  if (bad !== undefined) {
    return { ok: false, message: `统一社会信用代码不能含“${bad}”：只用数字和大写字母，且不用 I、O、Z、S、V` };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, message: '统一社会信用代码第 3–8 位应为登记管理机关行政区划码（6 位数字）' };
  const expected = usccCheckChar(code);
  const checkDigitOk = code[17] === expected;
  return {
    ok: true,
    value: {
      code,
      checkDigitOk,
      warning: checkDigitOk ? null : `校验位不符：按前 17 位计算最后一位应为“${expected}”。部分早期代码确实如此，请与营业执照核对后继续`,
    },
  };
}

/** Mainland mobile numbers and landlines with area code (and an optional extension). */
export function checkPhone(raw: string): Check<string> {
  const phone = raw.trim().replace(/[\s]/g, '');
  if (phone === '') return { ok: false, message: '请填写联系电话' };
  if (/^1[3-9]\d{9}$/.test(phone)) return { ok: true, value: phone };
  if (/^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/.test(phone)) return { ok: true, value: phone };
  if (/^1\d*$/.test(phone)) return { ok: false, message: `手机号码应为 11 位、以 13–19 开头（现为 ${phone.length} 位）` };
  return { ok: false, message: '联系电话应为 11 位手机号码，或带区号的固定电话（如 0457-2822345）' };
}

/** YYYY-MM-DD that exists on the calendar. */
export function checkDate(raw: string): Check<string> {
  const s = raw.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) return { ok: false, message: '日期格式应为 年-月-日，如 2026-03-01' };
  return { ok: true, value: s };
}

/** `2301**********1234`: enough to recognise a person at the counter, not enough to misuse. */
export function maskIdNumber(number: string): string {
  if (number.length <= 8) return '*'.repeat(number.length);
  return number.slice(0, 4) + '*'.repeat(number.length - 8) + number.slice(-4);
}

export function maskPhone(phone: string): string {
  return phone.length >= 11 ? phone.slice(0, 3) + '****' + phone.slice(-4) : phone.replace(/\d(?=\d{2})/g, '*');
}
