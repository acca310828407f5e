import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSdtapiReader } from '../../electron/devices/idcard/sdk-sdtapi.js';
import { createTermbReader } from '../../electron/devices/idcard/sdk-termb.js';
import { IdCardError, type IdCardReader } from '../../electron/devices/idcard/types.js';
import { DEFAULT_ID_CARD_SETTINGS, validateCardData, type CardFields, type IdCardSettings } from '../../shared/idcard.js';
import { compileStandin, standinControl } from '../helpers/idcard.js';
import { tempDir } from '../helpers/tmp.js';

// The sdk drivers against a real compiled library (tests/fixtures/idcard/standin.c) through koffi.

const TODAY = '2026-11-23';
let lib: string;
let ctl: ReturnType<typeof standinControl>;
const open: IdCardReader[] = [];

beforeAll(() => {
  lib = compileStandin();
  ctl = standinControl(lib);
});

beforeEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  ctl.reset();
});

afterAll(async () => {
  await Promise.all(open.map((r) => r.close()));
});

function sdk(patch: Partial<IdCardSettings['sdk']> = {}): IdCardSettings['sdk'] {
  return { ...DEFAULT_ID_CARD_SETTINGS.sdk, libraryPath: lib, port: 1001, ...patch };
}

function termb(patch: Partial<IdCardSettings['sdk']> = {}): IdCardReader {
  const r = createTermbReader(sdk(patch));
  open.push(r);
  return r;
}

function sdtapi(patch: Partial<IdCardSettings['sdk']> = {}): IdCardReader {
  const r = createSdtapiReader(sdk({ family: 'sdtapi', ...patch }));
  open.push(r);
  return r;
}

async function failure(p: Promise<unknown>): Promise<IdCardError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof IdCardError) return err;
    throw err;
  }
  throw new Error('expected the read to fail');
}

function valid(fields: CardFields) {
  const r = validateCardData(fields, TODAY);
  if (!r.ok) throw new Error(r.message);
  return r;
}

const RESIDENT = {
  cardType: 'resident',
  name: '刘志强',
  sex: '男',
  ethnicity: '汉',
  birthDate: '1983-10-05',
  address: '黑龙江省哈尔滨市南岗区学府路74号',
  idNumber: '230103198310050614',
  issuer: '哈尔滨市公安局南岗分局',
  validFrom: '2016-03-20',
  validTo: '2036-03-20',
};

async function expectStandinPhoto(photo: { mime: string; base64: string } | null) {
  expect(photo?.mime).toBe('image/png');
  const { data, info } = await sharp(Buffer.from(photo!.base64, 'base64')).raw().toBuffer({ resolveWithObject: true });
  expect([info.width, info.height]).toEqual([102, 126]);
  expect([...data.subarray(0, 3)]).toEqual([0, 0, 128]);
  const last = (125 * 102 + 101) * 3;
  expect([...data.subarray(last, last + 3)]).toEqual([202, 250, 128]);
}

describe('termb driver on the stand-in library', () => {
  it('reads a resident card in GBK with its photo', async () => {
    const fields = await termb().read({ timeoutMs: 2000 });
    const r = valid(fields);
    expect(r.card).toMatchObject(RESIDENT);
    expect(r.expired).toBe(false);
    expect(r.warnings).toEqual([]);
    await expectStandinPhoto(r.card.photo);
  });

  it('reads the same card when the library answers in UTF-16LE', async () => {
    ctl.mode('utf16');
    expect(valid(await termb().read({ timeoutMs: 2000 })).card).toMatchObject(RESIDENT);
    ctl.mode('utf16');
    expect(valid(await termb({ textEncoding: 'utf-16le' }).read({ timeoutMs: 2000 })).card.name).toBe('刘志强');
  });

  it('finds the reader on its port when the port is automatic', async () => {
    ctl.port(1005);
    const r = termb({ port: 0 });
    expect(await r.status()).toEqual({ state: 'connected', label: '已连接（USB 1005）' });
    expect(ctl.lastPort()).toBe(1005);
    expect(valid(await r.read({ timeoutMs: 2000 })).card.name).toBe('刘志强');
  });

  it('says which port failed when the reader is elsewhere or absent', async () => {
    ctl.port(1005);
    const e = await failure(termb({ port: 1001 }).read({ timeoutMs: 1000 }));
    expect(e.kind).toBe('not_connected');
    expect(e.message).toContain('USB 1001');
    expect(e.message).toContain('可直接输入证件号码');
    ctl.mode('noReader');
    const all = await failure(termb({ port: 0 }).read({ timeoutMs: 1000 }));
    expect(all.message).toContain('已尝试 USB 1001–1016 和串口 1–16');
    expect(ctl.lastPort()).toBe(16);
    expect((await termb({ port: 3 }).status()).state).toBe('disconnected');
  });

  it('waits for a card and gives up with a clear message when none comes', async () => {
    ctl.mode('noCard');
    const t0 = performance.now();
    const e = await failure(termb().read({ timeoutMs: 600 }));
    const elapsed = performance.now() - t0;
    expect(e.kind).toBe('no_card');
    expect(e.message).toMatch(/秒内未检测到证件/);
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(1500);
    expect(ctl.polls()).toBeGreaterThan(2);
  });

  it('reports no card, not a timeout, when the deadline falls during a slow search', async () => {
    ctl.mode('noCard');
    ctl.findDelay(180);
    const r = termb();
    expect((await failure(r.read({ timeoutMs: 500 }))).kind).toBe('no_card');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A first search that never ends is the reader hanging.
    ctl.findDelay(1000);
    expect((await failure(r.read({ timeoutMs: 300 }))).kind).toBe('timeout');
    await new Promise((resolve) => setTimeout(resolve, 800));
  });

  it('reads a card placed while it waits', async () => {
    ctl.cardAfter(3);
    const fields = await termb().read({ timeoutMs: 3000 });
    expect(fields.name).toBe('刘志强');
    expect(ctl.polls()).toBe(4);
  });

  it('reports a card moved away mid-read, garbage text and garbage dates', async () => {
    ctl.mode('removed');
    expect((await failure(termb().read({ timeoutMs: 1000 }))).kind).toBe('removed');
    ctl.mode('garbageText');
    const garbage = await failure(termb().read({ timeoutMs: 1000 }));
    expect(garbage.kind).toBe('garbage');
    expect(garbage.message).toContain('姓名不是有效的 GBK/GB18030 文字');
    ctl.mode('garbageDate');
    const dated = validateCardData(await termb().read({ timeoutMs: 1000 }), TODAY);
    expect(dated.ok).toBe(false);
    expect(!dated.ok && dated.message).toContain('“19AB0412”不是有效日期');
  });

  it('keeps the read but drops a photo that is not an image', async () => {
    ctl.mode('garbagePhoto');
    const r = valid(await termb().read({ timeoutMs: 1000 }));
    expect(r.card.photo).toBeNull();
    expect(r.warnings.join()).toContain('照片无法识别');
  });

  it('reads foreigner cards, residence permits and flags expired cards', async () => {
    ctl.mode('foreigner');
    const f = valid(await termb().read({ timeoutMs: 1000 }));
    expect(f.card).toMatchObject({ cardType: 'foreigner_permanent', name: '伊万诺娃', englishName: 'IVANOVA, MARIA', nationality: 'RUS', sex: '女', ethnicity: '', idNumber: '923643199002210021' });
    ctl.mode('permit');
    const p = valid(await termb().read({ timeoutMs: 1000 }));
    expect(p.card).toMatchObject({ cardType: 'hk_macao_tw_permit', name: '黄家豪', ethnicity: '', idNumber: '820000199611080032' });
    ctl.mode('expired');
    const x = valid(await termb().read({ timeoutMs: 1000 }));
    expect(x.expired).toBe(true);
    expect(x.warnings[0]).toContain('2016-03-01 过期');
  });

  it('gives up on a hung library call at the deadline and stays busy until it returns', async () => {
    ctl.mode('slow');
    ctl.delay(1200);
    const r = termb();
    const t0 = performance.now();
    const e = await failure(r.read({ timeoutMs: 300 }));
    expect(e.kind).toBe('timeout');
    expect(performance.now() - t0).toBeLessThan(900);
    expect((await failure(r.read({ timeoutMs: 300 }))).kind).toBe('busy');
    expect((await r.status()).state).toBe('busy');
    await new Promise((resolve) => setTimeout(resolve, 1300));
    ctl.mode('card');
    expect((await r.read({ timeoutMs: 1000 })).name).toBe('刘志强');
  });

  it('refuses a second read while one runs, and stops on cancel', async () => {
    ctl.cardAfter(4);
    const r = termb();
    const first = r.read({ timeoutMs: 3000 });
    const second = await failure(r.read({ timeoutMs: 3000 }));
    expect(second.kind).toBe('busy');
    expect(second.message).toContain('正在读卡');
    expect((await first).name).toBe('刘志强');

    ctl.mode('noCard');
    const ac = new AbortController();
    const waiting = r.read({ timeoutMs: 5000, signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const t0 = performance.now();
    expect((await failure(waiting)).kind).toBe('cancelled');
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('closes the port', async () => {
    const r = termb();
    await r.read({ timeoutMs: 1000 });
    expect(ctl.isOpen()).toBe(true);
    await r.close();
    expect(ctl.isOpen()).toBe(false);
  });

  it('explains a missing, foreign or broken library in Chinese', async () => {
    const t = tempDir();
    try {
      const missing = await failure(createTermbReader(sdk({ libraryPath: join(t.dir, 'libtermb.so') })).read({ timeoutMs: 500 }));
      expect(missing.kind).toBe('library');
      expect(missing.message).toContain('找不到库文件');
      const libm = await failure(createTermbReader(sdk({ libraryPath: 'libm.so.6' })).read({ timeoutMs: 500 }));
      expect(libm.message).toContain('缺少函数 CVR_InitComm');
      const text = join(t.dir, 'termb.so');
      writeFileSync(text, 'not a library\n');
      expect((await failure(createTermbReader(sdk({ libraryPath: text })).read({ timeoutMs: 500 }))).message).toContain('不是有效的动态库文件');
      const status = await createSdtapiReader(sdk({ family: 'sdtapi', libraryPath: 'libm.so.6' })).status();
      expect(status.state).toBe('disconnected');
      expect(status.label).toContain('SDT_OpenPort');
    } finally {
      t.cleanup();
    }
  });
});

describe('sdtapi driver on the stand-in library', () => {
  it('reads the UCS-2 text block; without a WLT decoder the photo is left out and said so', async () => {
    const r = valid(await sdtapi().read({ timeoutMs: 2000 }));
    expect(r.card).toMatchObject({ ...RESIDENT, photo: null });
    expect(r.warnings.join()).toContain('未配置厂商照片解码库');
  });

  it('decodes the photo through a configured WLT decoder', async () => {
    const r = valid(await sdtapi({ wltDecoderPath: lib }).read({ timeoutMs: 2000 }));
    expect(r.warnings).toEqual([]);
    await expectStandinPhoto(r.card.photo);
  });

  it('reads residence permits and 2017 foreigner cards', async () => {
    ctl.mode('permit');
    expect(valid(await sdtapi().read({ timeoutMs: 1000 })).card).toMatchObject({ cardType: 'hk_macao_tw_permit', name: '黄家豪', sex: '男', ethnicity: '' });
    ctl.mode('foreigner');
    expect(valid(await sdtapi().read({ timeoutMs: 1000 })).card).toMatchObject({
      cardType: 'foreigner_permanent',
      name: '伊万诺娃',
      englishName: 'IVANOVA, MARIA',
      idNumber: 'RUS230090022102',
      nationality: 'RUS',
      birthDate: '1990-02-21',
    });
  });

  it('maps the return codes: no card, moved away, unreadable, no reader, garbage', async () => {
    ctl.mode('noCard');
    expect((await failure(sdtapi().read({ timeoutMs: 400 }))).kind).toBe('no_card');
    ctl.mode('removed');
    expect(await failure(sdtapi().read({ timeoutMs: 400 }))).toMatchObject({ kind: 'removed', vendorCode: '0x41' });
    ctl.mode('unreadable');
    expect(await failure(sdtapi().read({ timeoutMs: 400 }))).toMatchObject({ kind: 'unreadable', vendorCode: '0x33' });
    ctl.mode('noReader');
    expect(await failure(sdtapi().read({ timeoutMs: 400 }))).toMatchObject({ kind: 'not_connected', vendorCode: '0x01' });
    ctl.mode('garbageText');
    const g = await failure(sdtapi().read({ timeoutMs: 400 }));
    expect(g.kind).toBe('garbage');
    expect(g.message).toContain('姓名');
  });

  it('waits for a card, and finds the reader on an automatic port', async () => {
    ctl.port(1002);
    ctl.cardAfter(2);
    const r = sdtapi({ port: 0 });
    expect((await r.read({ timeoutMs: 2000 })).name).toBe('刘志强');
    expect(ctl.lastPort()).toBe(1002);
    expect(ctl.polls()).toBe(3);
    expect(await r.status()).toEqual({ state: 'connected', label: '已连接（USB 1002）' });
  });
});
