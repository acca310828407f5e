import { cardTypeOf, type CardFields } from '../../../shared/idcard.js';
import { callAsync, openLibrary, type NativeLibrary } from './ffi.js';
import { photoFrom } from './image.js';
import { pollForCard, ReadGate } from './poll.js';
import { boundedCall, candidatePorts, clampLength, defaultLibraryPath, notConnected, portLabel, statusFrom, type SdkOptions } from './sdk-common.js';
import { ucs2Field } from './text.js';
import { IdCardError, messages, type IdCardReader, type ReadOptions, type ReaderStatus } from './types.js';

// The sdtapi family (sdtapi.dll / libsdtapi.so, the Ministry of Public Security reference API):
// SDT_StartFindIDCard → SDT_SelectIDCard → SDT_ReadBaseMsg, which returns the chip's 256-byte
// UCS-2 text block and its 1024-byte WLT photo. WLT is an encrypted format only the vendor's
// decoder turns into a BMP; without one configured (wltDecoderPath: a library exporting
// `int unpack(char *wlt, char *bmp, int bmpSave)` as libwlt2bmp does, called with bmpSave 0 and
// expected to write a BMP with its header) the card comes back without a photo.

const OK = 0x90;
const FOUND = 0x9f;
const NO_CARD = 0x80;
const TEXT_SIZE = 256;
const WLT_SIZE = 1024;
/** 102 × 126 pixels, 24-bit, rows padded to 308 bytes, plus the 54-byte header. */
const BMP_SIZE = 38_862;

type Fn = ReturnType<NativeLibrary['fn']>;

interface Sdtapi {
  openPort: Fn;
  closePort: Fn;
  findCard: Fn;
  selectCard: Fn;
  readBaseMsg: Fn;
}

/** Return codes that mean the reader itself is unreachable. */
const LINK_CODES = new Set([0x01, 0x02, 0x03, 0x05, 0x10, 0x11]);
/** Codes that mean the card is there but cannot be read or authenticated. */
const CARD_CODES = new Set([0x31, 0x32, 0x33, 0x40, 0x47]);

const hex = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;

async function bind(path: string): Promise<Sdtapi> {
  const lib = await openLibrary(path, ' sdtapi 系列读卡库');
  return {
    openPort: lib.fn('int', 'SDT_OpenPort', 'int port'),
    closePort: lib.fn('int', 'SDT_ClosePort', 'int port'),
    findCard: lib.fn('int', 'SDT_StartFindIDCard', 'int port, _Out_ uint8_t *manaInfo, int ifOpen'),
    selectCard: lib.fn('int', 'SDT_SelectIDCard', 'int port, _Out_ uint8_t *manaMsg, int ifOpen'),
    readBaseMsg: lib.fn('int', 'SDT_ReadBaseMsg', 'int port, _Out_ uint8_t *chMsg, _Out_ uint32_t *chLen, _Out_ uint8_t *phMsg, _Out_ uint32_t *phLen, int ifOpen'),
  };
}

/**
 * The text block by its fixed widths (bytes). Residence permits (type mark J at byte 248) share
 * the resident layout, without ethnicity; the 2017 foreigner's card (mark I) has its own.
 */
export function decodeTextBlock(block: Uint8Array): Omit<CardFields, 'photo'> {
  if (block.length !== TEXT_SIZE) throw new IdCardError('garbage', messages.garbage(`文字信息为 ${block.length} 字节，应为 ${TEXT_SIZE} 字节`));
  const f = (offset: number, length: number, label: string) => ucs2Field(block, offset, length, label);
  const mark = f(248, 2, '证件类型');
  if (mark === 'I') {
    const englishName = f(0, 120, '英文姓名');
    const chinese = f(158, 30, '中文姓名');
    const idNumber = f(122, 30, '证件号码');
    return {
      cardType: cardTypeOf('I', idNumber),
      name: chinese || englishName,
      englishName,
      sex: f(120, 2, '性别'),
      idNumber,
      nationality: f(152, 6, '国籍'),
      validFrom: f(188, 16, '有效期起始日'),
      validTo: f(204, 16, '有效期截止日'),
      birthDate: f(220, 16, '出生日期'),
      // The chip holds an authority code here, not the printed authority name.
      issuer: '',
      ethnicity: '',
      address: '',
    };
  }
  if (mark !== '' && mark !== 'J') {
    throw new IdCardError('unreadable', messages.unsupported(mark));
  }
  const idNumber = f(122, 36, '证件号码');
  const cardType = cardTypeOf(mark || ' ', idNumber);
  return {
    cardType,
    name: f(0, 30, '姓名'),
    sex: f(30, 2, '性别'),
    ethnicity: cardType === 'resident' ? f(32, 4, '民族') : '',
    birthDate: f(36, 16, '出生日期'),
    address: f(52, 70, '住址'),
    idNumber,
    issuer: f(158, 30, '签发机关'),
    validFrom: f(188, 16, '有效期起始日'),
    validTo: f(204, 16, '有效期截止日'),
  };
}

export function createSdtapiReader(opts: SdkOptions): IdCardReader {
  const path = opts.libraryPath || defaultLibraryPath('sdtapi');
  const gate = new ReadGate();
  let lib: Sdtapi | null = null;
  let unpack: Fn | null | undefined;
  let openPort: number | null = null;

  async function ensureOpen(call: <T>(p: Promise<T>) => Promise<T>): Promise<Sdtapi> {
    lib ??= await bind(path);
    if (unpack === undefined) {
      unpack = opts.wltDecoderPath ? (await openLibrary(opts.wltDecoderPath, ' WLT 照片解码库')).fn('int', 'unpack', 'uint8_t *wlt, _Out_ uint8_t *bmp, int flag') : null;
    }
    if (openPort !== null) return lib;
    let last: number | null = null;
    for (const p of candidatePorts(opts.port)) {
      last = await call(callAsync(lib.openPort, p));
      if (last === OK) {
        openPort = p;
        return lib;
      }
    }
    throw notConnected(opts.port, last === null ? null : hex(last));
  }

  function failure(code: number): IdCardError {
    if (LINK_CODES.has(code)) {
      openPort = null;
      return notConnected(opts.port, hex(code));
    }
    if (CARD_CODES.has(code)) return new IdCardError('unreadable', messages.unreadable(), hex(code));
    return new IdCardError('removed', messages.removed(), hex(code));
  }

  function photo(wlt: Uint8Array): Pick<CardFields, 'photo' | 'photoProblem'> {
    if (!unpack) return { photo: null, photoProblem: '证件照片为加密格式，本机未配置厂商照片解码库，无法显示照片，请当面核对本人。' };
    const bmp = Buffer.alloc(BMP_SIZE + 1024);
    if (unpack(Buffer.from(wlt), bmp, 0) !== 1) return { photo: null, photoProblem: '证件照片解码失败，已略去照片，请当面核对本人。' };
    const p = photoFrom(bmp);
    return { photo: p.photo, ...(p.problem ? { photoProblem: p.problem } : {}) };
  }

  return {
    driver: 'sdk',

    async open() {
      await gate.run(() => ensureOpen((p) => gate.track(p)));
    },

    read(ro: ReadOptions) {
      return gate.run(() =>
        pollForCard(ro, async (deadline, emptyPolls) => {
          const call = boundedCall(gate, deadline, ro.signal, ro.timeoutMs, emptyPolls);
          const t = await ensureOpen(call);
          const port = openPort!;
          const mana = Buffer.alloc(8);
          const found = await call(callAsync(t.findCard, port, mana, 0), true);
          if (found === NO_CARD) return null;
          if (found !== FOUND) throw failure(found);
          const selected = await call(callAsync(t.selectCard, port, mana, 0));
          if (selected !== OK) throw failure(selected);
          const text = Buffer.alloc(TEXT_SIZE * 2);
          const wlt = Buffer.alloc(WLT_SIZE * 2);
          const textLen = [0];
          const wltLen = [0];
          const read = await call(callAsync(t.readBaseMsg, port, text, textLen, wlt, wltLen, 0));
          if (read !== OK) throw failure(read);
          const fields = decodeTextBlock(text.subarray(0, clampLength(textLen[0], text.length)));
          return { ...fields, ...photo(wlt.subarray(0, clampLength(wltLen[0], wlt.length))) };
        }),
      );
    },

    async close() {
      if (!lib || openPort === null) return;
      const port = openPort;
      openPort = null;
      await gate.idle();
      await callAsync(lib.closePort, port).catch(() => undefined);
    },

    async status(): Promise<ReaderStatus> {
      if (gate.busy) return { state: 'busy', label: '正在读卡' };
      try {
        await gate.run(() => ensureOpen((p) => gate.track(p)));
        return { state: 'connected', label: `已连接（${portLabel(openPort!)}）` };
      } catch (err) {
        if (err instanceof IdCardError && err.kind === 'busy') return { state: 'busy', label: '正在读卡' };
        return statusFrom(err);
      }
    },
  };
}
