// Tracking numbers of the carriers that post results (综合出件 · 邮寄). The check only warns: carriers
// change their formats, so a clerk who has compared the number with the waybill may still use it.

export const CARRIERS = ['ems', 'sf', 'jd', 'other'] as const;
export type Carrier = (typeof CARRIERS)[number];

export const CARRIER_LABELS: Record<Carrier, string> = {
  ems: '中国邮政 EMS',
  sf: '顺丰速运',
  jd: '京东物流',
  other: '其他',
};

export type TrackingCheck = { ok: true; normalized: string } | { ok: false; message: string; normalized: string };

/** Full-width letters and digits become ASCII (NFKC), then spaces go and letters are upper-cased. */
export function normalizeTrackingNumber(value: string): string {
  return value.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;

/** UPU S10 check digit of the 8-digit serial number. */
export function s10CheckDigit(serial: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * S10_WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

const FORMATS: Record<Exclude<Carrier, 'ems'>, { re: RegExp; prefix: string; hint: string }> = {
  sf: { re: /^SF\d{12,13}$/, prefix: 'SF', hint: '顺丰运单号为 SF 加 12–13 位数字' },
  jd: { re: /^JD[A-Z0-9]{13,15}$/, prefix: 'JD', hint: '京东物流运单号为 JD 加 13–15 位字母或数字' },
  other: { re: /^[A-Z0-9]{6,30}$/, prefix: '', hint: '运单号应为 6–30 位字母或数字' },
};

const STILL_USABLE = '请与面单逐位核对；核对无误仍可使用。';

export function checkTrackingNumber(carrier: Carrier, value: string): TrackingCheck {
  const normalized = normalizeTrackingNumber(value);
  const warn = (what: string): TrackingCheck => ({ ok: false, normalized, message: `${what}，${STILL_USABLE}` });
  if (normalized === '') return { ok: false, normalized, message: '请填写运单号（可扫描面单上的条形码）' };
  if (!/^[A-Z0-9]+$/.test(normalized)) return warn(`运单号“${normalized}”含有字母和数字以外的字符`);

  if (carrier === 'ems') {
    if (/^[19]\d{12}$/.test(normalized)) return { ok: true, normalized };
    const s10 = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(normalized);
    if (s10) {
      const expected = s10CheckDigit(s10[1]!);
      if (expected === Number(s10[2])) return { ok: true, normalized };
      return warn(`国际 EMS 运单号“${normalized}”第 11 位校验码应为 ${expected}（现为 ${s10[2]}），可能抄错了一位`);
    }
    return warn(`运单号“${normalized}”不符合中国邮政 EMS 的格式（国内件为 1 或 9 开头的 13 位数字，国际件为 2 个字母 + 9 位数字 + 2 个字母）`);
  }

  const f = FORMATS[carrier];
  if (f.re.test(normalized)) return { ok: true, normalized };
  const whose = carrier === 'other' ? '' : `${CARRIER_LABELS[carrier]}的`;
  const now = !normalized.startsWith(f.prefix)
    ? `现以“${normalized.slice(0, 2)}”开头`
    : f.prefix
      ? `现为 ${f.prefix} 加 ${normalized.length - f.prefix.length} 位`
      : `现为 ${normalized.length} 位`;
  return warn(`运单号“${normalized}”不符合${whose}格式（${f.hint}，${now}）`);
}
