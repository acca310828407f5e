import { cardTypeOf, type CardFields } from '../../../shared/idcard.js';
import { callAsync, openLibrary, type NativeLibrary } from './ffi.js';
import { photoFrom } from './image.js';
import { pollForCard, ReadGate } from './poll.js';
import { boundedCall, candidatePorts, clampLength, defaultLibraryPath, notConnected, portLabel, statusFrom, type SdkOptions } from './sdk-common.js';
import { decodeText, detectEncoding } from './text.js';
import { IdCardError, messages, type IdCardReader, type ReadOptions, type ReaderStatus } from './types.js';

// The termb family (termb.dll / libtermb.so, CVR_* and Get* exports). A read is
// CVR_Authenticate (finds and authenticates a card) → CVR_Read_Content → the field getters,
// which copy from the library's memory. Return codes as in the vendor's documentation:
//   CVR_InitComm 1 ok, otherwise the port could not be opened;
//   CVR_Authenticate 1 ok, 2 no card found, 3 card not selectable, 4 reader not connected;
//   CVR_Read_Content 1 ok, otherwise the read broke off (card moved away).

const TEXT_SIZE = 256;
const PHOTO_SIZE = 64 * 1024;

type Fn = ReturnType<NativeLibrary['fn']>;

interface Termb {
  initComm: Fn;
  authenticate: Fn;
  /** CVR_Read_Content(4): text and photo, no files written; older builds only have CVR_Read_FPContent(). */
  readContent: { fn: Fn; args: number[] };
  closeComm: Fn;
  text: Record<'name' | 'sex' | 'nation' | 'birth' | 'address' | 'id' | 'issuer' | 'start' | 'end', Fn>;
  certType: Fn | null;
  chineseName: Fn | null;
  bmp: Fn;
}

async function bind(path: string): Promise<Termb> {
  const lib = await openLibrary(path, ' termb 系列读卡库');
  const getter = (name: string) => lib.fn('int', name, '_Out_ uint8_t *buf, _Inout_ int *len');
  const content = lib.optional('int', 'CVR_Read_Content', 'int active');
  return {
    initComm: lib.fn('int', 'CVR_InitComm', 'int port'),
    authenticate: lib.fn('int', 'CVR_Authenticate', ''),
    readContent: content ? { fn: content, args: [4] } : { fn: lib.fn('int', 'CVR_Read_FPContent', ''), args: [] },
    closeComm: lib.fn('int', 'CVR_CloseComm', ''),
    text: {
      name: getter('GetPeopleName'),
      sex: getter('GetPeopleSex'),
      nation: getter('GetPeopleNation'),
      birth: getter('GetPeopleBirthday'),
      address: getter('GetPeopleAddress'),
      id: getter('GetPeopleIDCode'),
      issuer: getter('GetDepartment'),
      start: getter('GetStartDate'),
      end: getter('GetEndDate'),
    },
    // Card type (" ", "I", "J") and the Chinese name on a foreigner's card exist in newer builds only.
    certType: lib.optional('int', 'GetCertType', '_Out_ uint8_t *buf, _Inout_ int *len'),
    chineseName: lib.optional('int', 'GetPeopleChineseName', '_Out_ uint8_t *buf, _Inout_ int *len'),
    bmp: lib.fn('int', 'GetBMPData', '_Out_ uint8_t *buf, _Inout_ int *len'),
  };
}

/** Copies one getter's bytes; a getter that fails yields an empty field, which validation then names. */
function bytesOf(fn: Fn | null, size = TEXT_SIZE): Uint8Array {
  if (!fn) return new Uint8Array(0);
  const buf = Buffer.alloc(size);
  const len = [size];
  if (fn(buf, len) !== 1) return new Uint8Array(0);
  return buf.subarray(0, clampLength(len[0], size));
}

function decode(t: Termb, encoding: SdkOptions['textEncoding']): CardFields {
  const raw = {
    id: bytesOf(t.text.id),
    name: bytesOf(t.text.name),
    sex: bytesOf(t.text.sex),
    nation: bytesOf(t.text.nation),
    birth: bytesOf(t.text.birth),
    address: bytesOf(t.text.address),
    issuer: bytesOf(t.text.issuer),
    start: bytesOf(t.text.start),
    end: bytesOf(t.text.end),
    type: bytesOf(t.certType),
    chineseName: bytesOf(t.chineseName),
  };
  const enc = encoding === 'auto' ? detectEncoding(raw.id) : encoding;
  const d = (b: Uint8Array, label: string) => decodeText(b, enc, label);
  const idNumber = d(raw.id, '证件号码');
  const mark = t.certType ? d(raw.type, '证件类型') : null;
  const cardType = cardTypeOf(mark, idNumber);
  const photo = photoFrom(bytesOf(t.bmp, PHOTO_SIZE));
  const common = {
    sex: d(raw.sex, '性别'),
    birthDate: d(raw.birth, '出生日期'),
    idNumber,
    issuer: d(raw.issuer, '签发机关'),
    validFrom: d(raw.start, '有效期起始日'),
    validTo: d(raw.end, '有效期截止日'),
    photo: photo.photo,
    ...(photo.problem ? { photoProblem: photo.problem } : {}),
  };
  if (cardType === 'foreigner_permanent') {
    // On a foreigner's card the name getter gives the English name and the nation getter the nationality code.
    const englishName = d(raw.name, '英文姓名');
    const chinese = d(raw.chineseName, '中文姓名');
    return { ...common, cardType, name: chinese || englishName, englishName, nationality: d(raw.nation, '国籍'), ethnicity: '', address: d(raw.address, '住址') };
  }
  return { ...common, cardType, name: d(raw.name, '姓名'), ethnicity: cardType === 'resident' ? d(raw.nation, '民族') : '', address: d(raw.address, '住址') };
}

export function createTermbReader(opts: SdkOptions): IdCardReader {
  const path = opts.libraryPath || defaultLibraryPath('termb');
  const gate = new ReadGate();
  let lib: Termb | null = null;
  let openPort: number | null = null;

  async function ensureOpen(call: <T>(p: Promise<T>) => Promise<T>): Promise<Termb> {
    lib ??= await bind(path);
    if (openPort !== null) return lib;
    let last: number | null = null;
    for (const p of candidatePorts(opts.port)) {
      last = await call(callAsync(lib.initComm, p));
      if (last === 1) {
        openPort = p;
        return lib;
      }
    }
    throw notConnected(opts.port, last);
  }

  async function closePort(): Promise<void> {
    if (!lib || openPort === null) return;
    openPort = null;
    await gate.idle();
    await callAsync(lib.closeComm).catch(() => undefined);
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
          const auth = await call(callAsync(t.authenticate), true);
          if (auth === 2 || auth === 3) return null;
          if (auth !== 1) {
            // 4 (reader gone) or 0 (library not initialised): open the port afresh next time.
            openPort = null;
            throw notConnected(opts.port, auth);
          }
          const content = await call(callAsync(t.readContent.fn, ...t.readContent.args));
          if (content === 4) {
            openPort = null;
            throw notConnected(opts.port, content);
          }
          if (content !== 1) throw new IdCardError('removed', messages.removed(), content);
          return decode(t, opts.textEncoding);
        }),
      );
    },

    async close() {
      await closePort();
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
