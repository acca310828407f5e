import { z } from 'zod';
import { checkDate, checkIdNumber } from './validators.js';

// The second-generation ID card as the host hands it to the renderer, the checks made after
// every read (whatever the driver), and the reader settings. Pure: no I/O.

export const CARD_TYPES = ['resident', 'foreigner_permanent', 'hk_macao_tw_permit'] as const;
export type CardType = (typeof CARD_TYPES)[number];

export const CARD_TYPE_LABELS: Record<CardType, string> = {
  resident: '居民身份证',
  foreigner_permanent: '外国人永久居留身份证',
  hk_macao_tw_permit: '港澳台居民居住证',
};

/** What the clerk can always do when the reader fails. */
export const MANUAL_HINT = '可直接输入证件号码';

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const idCardPhotoSchema = z.object({
  mime: z.enum(['image/png', 'image/jpeg']),
  // A card photo is 102 × 126 pixels; 512 KiB of base64 is far above any real one.
  base64: z.string().max(512 * 1024),
});
export type IdCardPhoto = z.infer<typeof idCardPhotoSchema>;

export const idCardDataSchema = z.object({
  cardType: z.enum(CARD_TYPES),
  /** Chinese name; for a foreigner's card without one, the English name. */
  name: z.string().min(1).max(60),
  sex: z.enum(['男', '女']),
  /** As printed on the card (汉, 蒙古, …); empty on foreigner's cards and residence permits. */
  ethnicity: z.string().max(10),
  birthDate: ymd,
  /** Empty on foreigner's cards, which carry no address. */
  address: z.string().max(80),
  idNumber: z.string().min(15).max(18),
  issuer: z.string().max(40),
  validFrom: ymd,
  validTo: z.union([ymd, z.literal('长期')]),
  photo: idCardPhotoSchema.nullable(),
  englishName: z.string().max(70).optional(),
  /** ISO 3166 alpha-3 code on foreigner's cards (RUS, CAN, …). */
  nationality: z.string().max(3).optional(),
});
export type IdCardData = z.infer<typeof idCardDataSchema>;

/** A card as a driver decoded it: the same shape with unchecked strings. */
export interface CardFields {
  cardType: CardType;
  name: string;
  sex: string;
  ethnicity: string;
  birthDate: string;
  address: string;
  idNumber: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  photo: IdCardPhoto | null;
  englishName?: string;
  nationality?: string;
  /** Set by a driver that could not use the photo it received (the read itself stands). */
  photoProblem?: string;
}

export const idCardReadResultSchema = z.object({
  card: idCardDataSchema,
  expired: z.boolean(),
  /** Chinese sentences for the clerk: expiry, photo missing, and so on. */
  warnings: z.array(z.string()),
  ms: z.number(),
});
export type IdCardReadResult = z.infer<typeof idCardReadResultSchema>;

// ---- normalisation shared by the drivers ----

/** GB/T 3304 nationality codes as printed on the card (without 族). */
export const ETHNICITIES: Record<string, string> = {
  '01': '汉', '02': '蒙古', '03': '回', '04': '藏', '05': '维吾尔', '06': '苗', '07': '彝', '08': '壮', '09': '布依', '10': '朝鲜',
  '11': '满', '12': '侗', '13': '瑶', '14': '白', '15': '土家', '16': '哈尼', '17': '哈萨克', '18': '傣', '19': '黎', '20': '傈僳',
  '21': '佤', '22': '畲', '23': '高山', '24': '拉祜', '25': '水', '26': '东乡', '27': '纳西', '28': '景颇', '29': '柯尔克孜', '30': '土',
  '31': '达斡尔', '32': '仫佬', '33': '羌', '34': '布朗', '35': '撒拉', '36': '毛南', '37': '仡佬', '38': '锡伯', '39': '阿昌', '40': '普米',
  '41': '塔吉克', '42': '怒', '43': '乌孜别克', '44': '俄罗斯', '45': '鄂温克', '46': '德昂', '47': '保安', '48': '裕固', '49': '京', '50': '塔塔尔',
  '51': '独龙', '52': '鄂伦春', '53': '赫哲', '54': '门巴', '55': '珞巴', '56': '基诺', '97': '其他', '98': '外国血统中国籍人士',
};
const ETHNICITY_NAMES = new Set(Object.values(ETHNICITIES));

export function normalizeEthnicity(raw: string): string {
  const s = raw.trim();
  if (/^\d{1,2}$/.test(s)) return ETHNICITIES[s.padStart(2, '0')] ?? s;
  if (s.endsWith('族') && ETHNICITY_NAMES.has(s.slice(0, -1))) return s.slice(0, -1);
  return s;
}

export function normalizeSex(raw: string): string {
  const s = raw.trim();
  if (s === '男' || s === '1' || /^m(ale)?$/i.test(s)) return '男';
  if (s === '女' || s === '2' || /^f(emale)?$/i.test(s)) return '女';
  return s;
}

/** 20180601, 2018-06-01, 2018.06.01 or 2018年6月1日 → 2018-06-01; 长期 stays; anything else is returned as is for the checks to refuse. */
export function normalizeCardDate(raw: string): string {
  const s = raw.trim().replace(/\s+/g, '');
  if (s === '长期') return s;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(s);
  if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return s;
}

/** The card type from the chip's type mark (I, J) or, for a blank or missing mark, from the number. */
export function cardTypeOf(mark: string | null, idNumber: string): CardType {
  const m = (mark ?? '').trim().toUpperCase();
  if (m === 'I') return 'foreigner_permanent';
  if (m === 'J') return 'hk_macao_tw_permit';
  const n = idNumber.trim().toUpperCase();
  if (/^9\d{16}[\dX]$/.test(n) || OLD_FOREIGNER_NUMBER.test(n)) return 'foreigner_permanent';
  if (/^8[123]0000/.test(n)) return 'hk_macao_tw_permit';
  return 'resident';
}

/** The 15-character number of the 2004-type foreigner's card: no GB 11643 check digit exists for it. */
const OLD_FOREIGNER_NUMBER = /^[A-Z]{3}\d{12}$/;

// ---- checks after a read ----

const RETRY = '请把证件重新放到读卡器上再读一次；仍不成功，' + MANUAL_HINT + '。';

const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  sex: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  address: '住址',
  idNumber: '证件号码',
  issuer: '签发机关',
  validFrom: '有效期起始日',
  validTo: '有效期截止日',
  englishName: '英文姓名',
  nationality: '国籍',
};

export type CardCheck =
  | { ok: true; card: IdCardData; expired: boolean; warnings: string[] }
  | { ok: false; field: string; message: string };

// Control characters, the replacement character and unpaired surrogates only come from bad decoding.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const GARBAGE = /[\u0000-\u001f\u007f-\u009f\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks a card as read: every field present and readable, the ID number valid (GB 11643) and of
 * the card's type, its birth date and sex agreeing with the card, and the validity period sane.
 * An expired card is not an error (the clerk may be renewing it) but comes back flagged.
 * `today` is YYYY-MM-DD.
 */
export function validateCardData(raw: CardFields, today: string): CardCheck {
  const fail = (field: string, what: string): CardCheck => ({ ok: false, field, message: `读卡数据有误（${FIELD_LABELS[field] ?? field}）：${what}。${RETRY}` });
  const text = (v: string | undefined) => (v ?? '').trim();
  for (const f of ['name', 'sex', 'ethnicity', 'birthDate', 'address', 'idNumber', 'issuer', 'validFrom', 'validTo', 'englishName', 'nationality'] as const) {
    if (GARBAGE.test(raw[f] ?? '')) return fail(f, '含无法识别的字符');
  }
  const type = raw.cardType;
  const name = text(raw.name);
  if (!name) return fail('name', '为空');
  if (name.length > 60) return fail('name', '过长');
  const sex = normalizeSex(raw.sex);
  if (sex !== '男' && sex !== '女') return fail('sex', `“${text(raw.sex)}”不是男或女`);
  const ethnicity = type === 'resident' ? normalizeEthnicity(raw.ethnicity) : '';
  if (type === 'resident' && !ethnicity) return fail('ethnicity', '为空');
  if (ethnicity.length > 10) return fail('ethnicity', '过长');
  const birth = checkDate(normalizeCardDate(raw.birthDate));
  if (!birth.ok) return fail('birthDate', `“${text(raw.birthDate)}”不是有效日期`);
  if (birth.value > today) return fail('birthDate', '晚于今天');
  const address = text(raw.address);
  if (type !== 'foreigner_permanent' && !address) return fail('address', '为空');
  if (address.length > 80) return fail('address', '过长');
  const issuer = text(raw.issuer);
  if (type !== 'foreigner_permanent' && !issuer) return fail('issuer', '为空');
  if (issuer.length > 40) return fail('issuer', '过长');

  const idNumber = text(raw.idNumber).toUpperCase();
  if (!idNumber) return fail('idNumber', '为空');
  if (type === 'foreigner_permanent' && OLD_FOREIGNER_NUMBER.test(idNumber)) {
    // Old-style foreigner's number: shape only.
  } else {
    const id = checkIdNumber(idNumber, today);
    if (!id.ok) return fail('idNumber', id.message.replace(/，?请.*$/, ''));
    const kind = id.value.kind;
    if (kind !== type) return fail('idNumber', `号码属于${CARD_TYPE_LABELS[kind]}，与证件类型“${CARD_TYPE_LABELS[type]}”不符`);
    if (id.value.birthDate !== birth.value) return fail('idNumber', `号码中的出生日期 ${id.value.birthDate} 与证件上的 ${birth.value} 不一致`);
    if ((id.value.sex === 'male' ? '男' : '女') !== sex) return fail('idNumber', `号码第 17 位表示的性别与证件上的“${sex}”不一致`);
  }

  const from = checkDate(normalizeCardDate(raw.validFrom));
  if (!from.ok) return fail('validFrom', `“${text(raw.validFrom)}”不是有效日期`);
  const toRaw = normalizeCardDate(raw.validTo);
  let validTo: string;
  if (toRaw === '长期') {
    if (type !== 'resident') return fail('validTo', '只有居民身份证可为长期');
    validTo = toRaw;
  } else {
    const to = checkDate(toRaw);
    if (!to.ok) return fail('validTo', `“${text(raw.validTo)}”不是有效日期，也不是“长期”`);
    if (to.value <= from.value) return fail('validTo', '早于起始日');
    validTo = to.value;
  }
  if (from.value < birth.value) return fail('validFrom', '早于出生日期');

  const englishName = raw.englishName === undefined ? undefined : text(raw.englishName);
  const nationality = raw.nationality === undefined ? undefined : text(raw.nationality).toUpperCase();
  if (nationality !== undefined && nationality !== '' && !/^[A-Z]{3}$/.test(nationality)) return fail('nationality', `“${nationality}”不是三位字母国籍代码`);

  const warnings: string[] = [];
  const expired = validTo !== '长期' && validTo < today;
  if (expired) warnings.push(`证件已于 ${validTo} 过期：请申请人出示有效证件；确需办理的，请按规定核验（如临时身份证明）后再继续。`);
  if (from.value > today) warnings.push(`证件有效期起始日 ${from.value} 晚于今天，请核对证件。`);
  // Rare characters outside Unicode are carried as private-use code points: shown as boxes or wrong.
  if (/[\ue000-\uf8ff]/.test(name + address)) warnings.push('姓名或住址含生僻字，可能无法正确显示，请与证件原件核对后手工修正。');
  if (raw.photoProblem) warnings.push(raw.photoProblem);
  else if (!raw.photo) warnings.push('读卡器未提供证件照片，请当面核对本人。');

  const card: IdCardData = {
    cardType: type,
    name,
    sex,
    ethnicity,
    birthDate: birth.value,
    address,
    idNumber,
    issuer,
    validFrom: from.value,
    validTo,
    photo: raw.photo,
    ...(englishName ? { englishName } : {}),
    ...(nationality ? { nationality } : {}),
  };
  const parsed = idCardDataSchema.safeParse(card);
  if (!parsed.success) return fail(String(parsed.error.issues[0]?.path[0] ?? 'name'), '格式不符');
  return { ok: true, card: parsed.data, expired, warnings };
}

/** Today's date in Beijing time: card dates are Chinese calendar dates, whatever the machine's zone. */
export function beijingDate(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** 王** : enough for an admin checking the reader works. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(Math.min(chars.length - 1, 4));
}

// ---- settings ----

export const ID_CARD_DRIVERS = ['simulator', 'sdk', 'bridge'] as const;
export type IdCardDriverKind = (typeof ID_CARD_DRIVERS)[number];
export const ID_CARD_DRIVER_LABELS: Record<IdCardDriverKind, string> = {
  simulator: '模拟读卡器（演示与培训）',
  sdk: '厂商动态库（SDK）',
  bridge: '厂商本地读卡服务（HTTP）',
};

export const SDK_FAMILIES = ['termb', 'sdtapi'] as const;
export const SDK_FAMILY_LABELS: Record<(typeof SDK_FAMILIES)[number], string> = {
  termb: 'termb 系列（CVR_InitComm / GetPeopleName …）',
  sdtapi: 'sdtapi 系列（SDT_OpenPort / SDT_ReadBaseMsg …）',
};

/** USB ports 1001–1016, serial ports 1–16; 0 tries them all, USB first. */
export function isValidPort(p: number): boolean {
  return p === 0 || (p >= 1 && p <= 16) || (p >= 1001 && p <= 1016);
}

/** Our field → the JSON key (dotted path allowed) in the vendor service's answer. */
export const BRIDGE_FIELDS = ['name', 'sex', 'ethnicity', 'birthDate', 'address', 'idNumber', 'issuer', 'validFrom', 'validTo', 'photo', 'cardType', 'englishName', 'nationality'] as const;
export type BridgeField = (typeof BRIDGE_FIELDS)[number];
export const BRIDGE_FIELD_LABELS: Record<BridgeField, string> = {
  name: '姓名',
  sex: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  address: '住址',
  idNumber: '证件号码',
  issuer: '签发机关',
  validFrom: '有效期起始',
  validTo: '有效期截止',
  photo: '照片（base64）',
  cardType: '证件类型',
  englishName: '英文姓名',
  nationality: '国籍代码',
};

export const DEFAULT_BRIDGE_FIELD_MAP: Record<BridgeField, string> = {
  name: 'partyName',
  sex: 'gender',
  ethnicity: 'nation',
  birthDate: 'bornDay',
  address: 'certAddress',
  idNumber: 'certNumber',
  issuer: 'certOrg',
  validFrom: 'effDate',
  validTo: 'expDate',
  photo: 'identityPic',
  cardType: 'certType',
  englishName: 'partyNameEn',
  nationality: 'nationality',
};

const jsonKey = z.string().trim().max(100).regex(/^[A-Za-z0-9_.$-]*$/, '只能包含字母、数字、下划线、点和短横线');
const urlPath = z.string().trim().max(200).regex(/^\/[A-Za-z0-9_./?=&%-]*$/, '应以 / 开头，如 /readcard');

function isLoopbackUrl(u: string): boolean {
  try {
    const url = new URL(u);
    return (url.protocol === 'http:' || url.protocol === 'https:') && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

export const idCardSettingsSchema = z.object({
  driver: z.enum(ID_CARD_DRIVERS),
  /** How long one read waits for a card. The browser transport gives up on a call after 30 s. */
  timeoutMs: z.number().int().min(1000, '等待时间至少 1 秒').max(25_000, '等待时间不能超过 25 秒'),
  sdk: z.object({
    family: z.enum(SDK_FAMILIES),
    /** Empty: the family's usual file name on the library search path (termb.dll, libtermb.so, …). */
    libraryPath: z.string().trim().max(500),
    port: z.number().int().refine(isValidPort, '端口应为 0（自动）、1–16（串口）或 1001–1016（USB）'),
    textEncoding: z.enum(['auto', 'gbk', 'utf-16le']),
    /** sdtapi only: a library exporting unpack() to turn the chip's WLT photo into a BMP. */
    wltDecoderPath: z.string().trim().max(500),
  }),
  bridge: z.object({
    // Card data must not cross the network in the clear: the vendor service runs on this machine.
    url: z.string().trim().refine(isLoopbackUrl, '读卡服务地址须为本机地址，如 http://127.0.0.1:19196'),
    openPath: urlPath,
    readPath: urlPath,
    closePath: urlPath,
    method: z.enum(['GET', 'POST']),
    successField: jsonKey,
    successValue: z.string().trim().max(20),
    messageField: jsonKey,
    fieldMap: z.object(Object.fromEntries(BRIDGE_FIELDS.map((f) => [f, jsonKey])) as Record<BridgeField, typeof jsonKey>),
    requestTimeoutMs: z.number().int().min(200).max(20_000),
  }),
  simulator: z.object({
    /** A JSON file of cards; empty: the built-in demo cards. */
    cardsFile: z.string().trim().max(500),
    /** How long a simulated read takes once a card is on the reader. */
    readDelayMs: z.number().int().min(0).max(5000),
  }),
});
export type IdCardSettings = z.infer<typeof idCardSettingsSchema>;

export const DEFAULT_ID_CARD_SETTINGS: IdCardSettings = {
  driver: 'simulator',
  timeoutMs: 15_000,
  sdk: { family: 'termb', libraryPath: '', port: 0, textEncoding: 'auto', wltDecoderPath: '' },
  bridge: {
    url: 'http://127.0.0.1:19196',
    openPath: '/OpenDevice',
    readPath: '/readcard',
    closePath: '/CloseDevice',
    method: 'GET',
    successField: 'resultFlag',
    successValue: '0',
    messageField: 'errorMsg',
    fieldMap: DEFAULT_BRIDGE_FIELD_MAP,
    requestTimeoutMs: 5000,
  },
  simulator: { cardsFile: '', readDelayMs: 300 },
};

// ---- status, diagnostics, simulator ----

export const ID_CARD_ERROR_KINDS = [
  'not_connected',
  'no_card',
  'timeout',
  'cancelled',
  'busy',
  'removed',
  'unreadable',
  'garbage',
  'invalid_data',
  'library',
  'config',
] as const;
export type IdCardErrorKind = (typeof ID_CARD_ERROR_KINDS)[number];

/** A message per kind with no personal data: what the diagnostics list keeps. */
export const ID_CARD_ERROR_SUMMARIES: Record<IdCardErrorKind, string> = {
  not_connected: '读卡器未连接',
  no_card: '未检测到证件',
  timeout: '读卡器无响应（超时）',
  cancelled: '读卡已取消',
  busy: '上一次读卡未结束',
  removed: '读卡过程中证件被移开',
  unreadable: '证件无法读取',
  garbage: '读卡器返回的数据无法识别',
  invalid_data: '读卡数据校验未通过',
  library: '驱动库无法加载或不兼容',
  config: '读卡器设置有误',
};

export const SIMULATOR_SCENARIOS = ['none', 'removed', 'expired', 'unreadable', 'unplugged'] as const;
export type SimulatorScenario = (typeof SIMULATOR_SCENARIOS)[number];
export const SIMULATOR_SCENARIO_LABELS: Record<SimulatorScenario, string> = {
  none: '取走证件（无卡）',
  removed: '读卡中途移开',
  expired: '放一张过期证件',
  unreadable: '放一张无法读取的证件',
  unplugged: '拔掉读卡器',
};

export const idCardStatusSchema = z.object({
  driver: z.enum(ID_CARD_DRIVERS),
  /** `unknown`: not probed (probing opens the port, which can take seconds on serial ports). */
  state: z.enum(['connected', 'disconnected', 'busy', 'unknown']),
  /** Chinese, for the status line: 已连接 (USB 1001) / 未连接：… */
  label: z.string(),
  simulator: z
    .object({
      cards: z.array(z.object({ index: z.number().int(), label: z.string() })),
      /** A card index, or a scenario name. */
      placed: z.union([z.number().int(), z.enum(SIMULATOR_SCENARIOS)]),
    })
    .nullable(),
});
export type IdCardStatus = z.infer<typeof idCardStatusSchema>;

export const idCardErrorEntrySchema = z.object({
  at: z.string(),
  driver: z.enum(ID_CARD_DRIVERS),
  operation: z.enum(['read', 'test', 'status']),
  kind: z.enum(ID_CARD_ERROR_KINDS),
  summary: z.string(),
  /** The vendor library's or service's own code, when there is one. */
  vendorCode: z.string().nullable(),
});
export type IdCardErrorEntry = z.infer<typeof idCardErrorEntrySchema>;

export const idCardTestResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    ms: z.number(),
    driver: z.enum(ID_CARD_DRIVERS),
    /** Masked: the admin checks the reader works, not whose card it is. */
    summary: z.object({
      cardType: z.enum(CARD_TYPES),
      name: z.string(),
      idNumber: z.string(),
      validTo: z.string(),
      hasPhoto: z.boolean(),
    }),
    expired: z.boolean(),
    warnings: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), ms: z.number(), driver: z.enum(ID_CARD_DRIVERS), kind: z.enum(ID_CARD_ERROR_KINDS), message: z.string() }),
]);
export type IdCardTestResult = z.infer<typeof idCardTestResultSchema>;
