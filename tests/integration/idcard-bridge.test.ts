import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBridgeReader } from '../../electron/devices/idcard/bridge.js';
import { IdCardError } from '../../electron/devices/idcard/types.js';
import { DEFAULT_BRIDGE_FIELD_MAP, DEFAULT_ID_CARD_SETTINGS, validateCardData, type IdCardSettings } from '../../shared/idcard.js';
import { startBridgeStandin } from '../helpers/idcard.js';

// The bridge driver against a vendor-style card service on 127.0.0.1 (a real HTTP server).

const TODAY = '2026-11-23';
let service: Awaited<ReturnType<typeof startBridgeStandin>>;

beforeEach(async () => {
  service = await startBridgeStandin();
});
afterEach(async () => {
  await service.close();
});

function reader(patch: Partial<IdCardSettings['bridge']> = {}) {
  return createBridgeReader({ ...DEFAULT_ID_CARD_SETTINGS.bridge, url: service.url, requestTimeoutMs: 1000, ...patch });
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

describe('bridge driver', () => {
  it('opens the device, reads the card, normalises it and converts the BMP photo', async () => {
    const r = validateCardData(await reader().read({ timeoutMs: 2000 }), TODAY);
    if (!r.ok) throw new Error(r.message);
    expect(r.card).toMatchObject({
      cardType: 'resident',
      name: '吴海燕',
      sex: '女',
      ethnicity: '回',
      birthDate: '1987-12-09',
      idNumber: '230102198712090460',
      validFrom: '2017-04-05',
      validTo: '2037-04-05',
    });
    expect(r.card.photo?.mime).toBe('image/png');
    const meta = await sharp(Buffer.from(r.card.photo!.base64, 'base64')).metadata();
    expect([meta.width, meta.height]).toEqual([102, 126]);
    expect(service.paths.slice(0, 2)).toEqual(['GET /OpenDevice', 'GET /readcard']);
  });

  it('keeps asking until a card is placed, then reads it', async () => {
    service.setCardAfter(3);
    expect((await reader().read({ timeoutMs: 3000 })).name).toBe('吴海燕');
    expect(service.paths.filter((p) => p.endsWith('/readcard'))).toHaveLength(4);
    expect(service.paths.filter((p) => p.endsWith('/OpenDevice'))).toHaveLength(1);
  });

  it('gives up with the service\'s last word when no card comes', async () => {
    service.setMode('no_card');
    const e = await failure(reader().read({ timeoutMs: 500 }));
    expect(e.kind).toBe('no_card');
    expect(e.message).toContain('读卡服务：未放卡或卡片放置不正确');
    expect(e.message).toContain('可直接输入证件号码');
  });

  it('reports a reader the service cannot open, a service that is down and HTTP errors', async () => {
    service.setMode('no_device');
    const nd = await failure(reader().read({ timeoutMs: 1000 }));
    expect(nd).toMatchObject({ kind: 'not_connected', vendorCode: '-1' });
    expect(nd.message).toContain('未找到设备');
    service.setMode('http_error');
    expect((await failure(reader().read({ timeoutMs: 1000 }))).message).toContain('HTTP 500');
    const url = service.url;
    await service.close();
    const down = await failure(createBridgeReader({ ...DEFAULT_ID_CARD_SETTINGS.bridge, url }).read({ timeoutMs: 1000 }));
    expect(down.kind).toBe('not_connected');
    expect(down.message).toContain('无法连接');
    service = await startBridgeStandin();
  });

  it('turns garbage, non-objects and wrong types into clear errors', async () => {
    service.setMode('garbage');
    const g = await failure(reader().read({ timeoutMs: 1000 }));
    expect(g.kind).toBe('garbage');
    expect(g.message).toContain('不是有效的 JSON');
    service.setMode('not_object');
    expect((await failure(reader().read({ timeoutMs: 1000 }))).message).toContain('不是 JSON 对象');
    service.setMode('wrong_types');
    const w = await failure(reader().read({ timeoutMs: 1000 }));
    expect(w.message).toContain('字段“partyName”应为文字，实为 对象');
  });

  it('refuses an ID number sent as a JSON number (digits already lost)', async () => {
    service.setMode('wrong_types');
    const e = await failure(reader({ fieldMap: { ...DEFAULT_BRIDGE_FIELD_MAP, name: 'errorMsg' } }).read({ timeoutMs: 1000 }));
    expect(e.message).toContain('字段“certNumber”应为文字，实为 number');
  });

  it('times out on a service that never answers, within the read timeout', async () => {
    service.setMode('hang');
    const t0 = performance.now();
    const e = await failure(reader({ requestTimeoutMs: 5000 }).read({ timeoutMs: 400 }));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('没有应答');
    expect(performance.now() - t0).toBeLessThan(1200);
  });

  it('follows a configured field map into nested answers, over POST', async () => {
    service.setMode('nested');
    const fieldMap = Object.fromEntries(Object.entries(DEFAULT_BRIDGE_FIELD_MAP).map(([k, v]) => [k, `data.${v}`])) as typeof DEFAULT_BRIDGE_FIELD_MAP;
    const fields = await reader({ fieldMap, method: 'POST' }).read({ timeoutMs: 1000 });
    expect(fields).toMatchObject({ name: '吴海燕', idNumber: '230102198712090460' });
    expect(fields.photo?.mime).toBe('image/png');
    expect(service.paths).toContain('POST /readcard');
    // With the default map the nested answer has no fields: the check names the first one missing.
    const flat = validateCardData(await reader().read({ timeoutMs: 1000 }), TODAY);
    expect(!flat.ok && flat.field).toBe('name');
  });

  it('reads a foreigner card and keeps a read whose photo is junk', async () => {
    service.setMode('foreigner');
    const f = validateCardData(await reader().read({ timeoutMs: 1000 }), TODAY);
    expect(f.ok && f.card).toMatchObject({ cardType: 'foreigner_permanent', name: '伊万诺娃', englishName: 'IVANOVA, MARIA', nationality: 'RUS', sex: '女' });
    service.setMode('bad_photo');
    const b = validateCardData(await reader().read({ timeoutMs: 1000 }), TODAY);
    expect(b.ok && b.card.photo).toBeNull();
    expect(b.ok && b.warnings.join()).toContain('照片无法识别');
  });

  it('refuses a second read while one runs, cancels, reports status and closes the device', async () => {
    service.setCardAfter(5);
    const r = reader();
    const first = r.read({ timeoutMs: 3000 });
    expect((await failure(r.read({ timeoutMs: 3000 }))).kind).toBe('busy');
    expect((await r.status()).state).toBe('busy');
    expect((await first).name).toBe('吴海燕');

    service.setMode('no_card');
    const ac = new AbortController();
    const waiting = r.read({ timeoutMs: 5000, signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    expect((await failure(waiting)).kind).toBe('cancelled');

    service.setMode('card');
    expect(await r.status()).toEqual({ state: 'connected', label: `已连接（读卡服务 ${service.url}）` });
    await r.close();
    expect(service.paths.at(-1)).toBe('GET /CloseDevice');
  });
});
