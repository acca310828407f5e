import { BRIDGE_FIELDS, cardTypeOf, type BridgeField, type CardFields, type IdCardSettings } from '../../../shared/idcard.js';
import { photoFrom } from './image.js';
import { noCard, pollForCard, ReadGate } from './poll.js';
import { IdCardError, messages, type IdCardReader, type ReadOptions, type ReaderStatus } from './types.js';

// The vendor's local HTTP service (e.g. 127.0.0.1:19196 with /OpenDevice, /readcard,
// /CloseDevice answering JSON with a result flag). Where the service puts each field is
// configurable; an answer without success is "no card yet" until the read times out.

export type BridgeOptions = IdCardSettings['bridge'];

const MAX_BODY = 2 * 1024 * 1024;
/** Fields a service may send as JSON numbers; an ID number as a number has already lost digits. */
const NUMERIC_OK = new Set<BridgeField>(['sex', 'ethnicity', 'birthDate', 'validFrom', 'validTo', 'cardType']);

type Json = Record<string, unknown>;

/** `data.partyName` → obj.data.partyName. */
function pick(obj: Json, path: string): unknown {
  let v: unknown = obj;
  for (const k of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Json)[k];
  }
  return v;
}

export function createBridgeReader(opts: BridgeOptions): IdCardReader {
  const gate = new ReadGate();
  const base = opts.url.replace(/\/+$/, '');
  let opened = false;
  const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

  /** `search`: cut off by the read's deadline after earlier answers said "no card", this means no card. */
  async function request(path: string, deadline: number, signal?: AbortSignal, search?: { timeoutMs: number; emptyPolls: number }): Promise<Json> {
    const left = deadline - performance.now();
    const ms = Math.max(1, Math.ceil(Math.min(opts.requestTimeoutMs, left)));
    const timeout = AbortSignal.timeout(ms);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    let body: Uint8Array;
    let status: number;
    try {
      const res = await fetch(base + path, {
        method: opts.method,
        signal: combined,
        headers: { accept: 'application/json', ...(opts.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
        ...(opts.method === 'POST' ? { body: '{}' } : {}),
      });
      status = res.status;
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > MAX_BODY) {
        await res.body?.cancel();
        throw new IdCardError('garbage', messages.garbage(`读卡服务的应答过大（${declared} 字节）`));
      }
      body = new Uint8Array(await res.arrayBuffer());
    } catch (err) {
      if (err instanceof IdCardError) throw err;
      if (signal?.aborted) throw new IdCardError('cancelled', messages.cancelled());
      if (timeout.aborted && search && search.emptyPolls > 0 && left <= opts.requestTimeoutMs) throw noCard(search.timeoutMs);
      if (timeout.aborted) throw new IdCardError('timeout', `读卡服务 ${seconds(ms)} 秒内没有应答：请重启厂商读卡服务或拔插读卡器后再读一次，或可直接输入证件号码继续办理。`);
      const code = (err as { cause?: { code?: string } }).cause?.code ?? null;
      throw new IdCardError('not_connected', messages.notConnected(`读卡服务 ${base} 无法连接`), code);
    }
    if (body.length > MAX_BODY) throw new IdCardError('garbage', messages.garbage('读卡服务的应答过大'));
    if (status < 200 || status > 299) throw new IdCardError('not_connected', messages.notConnected(`读卡服务 ${base}${path} 返回 HTTP ${status}`), `HTTP ${status}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body).replace(/^\uFEFF/, ''));
    } catch {
      throw new IdCardError('garbage', messages.garbage('读卡服务的应答不是有效的 JSON'));
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new IdCardError('garbage', messages.garbage('读卡服务的应答不是 JSON 对象'));
    return parsed as Json;
  }

  const succeeded = (j: Json) => opts.successField === '' || String(pick(j, opts.successField)) === opts.successValue;
  const flagOf = (j: Json) => (opts.successField ? String(pick(j, opts.successField) ?? '') : null);
  /** The service's own message, shortened: it goes into a sentence for the clerk. */
  const serviceMessage = (j: Json) => {
    const m = opts.messageField ? pick(j, opts.messageField) : undefined;
    // eslint-disable-next-line no-control-regex -- strips control characters
    return typeof m === 'string' ? m.replace(/[\u0000-\u001f]/g, '').slice(0, 60) : '';
  };

  function fields(j: Json): CardFields {
    const v: Partial<Record<BridgeField, string>> = {};
    for (const f of BRIDGE_FIELDS) {
      const key = opts.fieldMap[f];
      if (!key) continue;
      const x = pick(j, key);
      if (x === undefined || x === null) continue;
      if (typeof x === 'string') v[f] = x;
      else if (typeof x === 'number' && NUMERIC_OK.has(f)) v[f] = String(x);
      else throw new IdCardError('garbage', messages.garbage(`字段“${key}”应为文字，实为 ${Array.isArray(x) ? '数组' : typeof x === 'object' ? '对象' : typeof x}`));
    }
    let photoBytes: Uint8Array | null = null;
    let photoProblem: string | undefined;
    if (v.photo) {
      const b64 = v.photo.replace(/^data:[^,]*,/, '').replace(/\s+/g, '');
      if (/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) photoBytes = Buffer.from(b64, 'base64');
      else photoProblem = '读卡服务返回的证件照片无法识别，已略去照片，请当面核对本人。';
    }
    const p = photoFrom(photoBytes);
    photoProblem ??= p.problem;
    const idNumber = v.idNumber ?? '';
    const cardType = cardTypeOf(v.cardType ?? null, idNumber);
    return {
      cardType,
      name: v.name ?? v.englishName ?? '',
      sex: v.sex ?? '',
      ethnicity: cardType === 'resident' ? (v.ethnicity ?? '') : '',
      birthDate: v.birthDate ?? '',
      address: v.address ?? '',
      idNumber,
      issuer: v.issuer ?? '',
      validFrom: v.validFrom ?? '',
      validTo: v.validTo ?? '',
      photo: p.photo,
      ...(photoProblem ? { photoProblem } : {}),
      ...(v.englishName ? { englishName: v.englishName } : {}),
      ...(cardType === 'foreigner_permanent' && v.nationality ? { nationality: v.nationality } : {}),
    };
  }

  async function openDevice(deadline: number, signal?: AbortSignal): Promise<void> {
    if (opened) return;
    const j = await request(opts.openPath, deadline, signal);
    if (!succeeded(j)) {
      const m = serviceMessage(j);
      throw new IdCardError('not_connected', messages.notConnected(`读卡服务未能打开读卡器${m ? `：${m}` : ''}`), flagOf(j));
    }
    opened = true;
  }

  return {
    driver: 'bridge',

    async open() {
      await gate.run(() => openDevice(performance.now() + opts.requestTimeoutMs));
    },

    read(ro: ReadOptions) {
      return gate.run(async () => {
        let last = '';
        try {
          return await pollForCard(ro, async (deadline, emptyPolls) => {
            await openDevice(deadline, ro.signal);
            const j = await request(opts.readPath, deadline, ro.signal, { timeoutMs: ro.timeoutMs, emptyPolls });
            if (succeeded(j)) return fields(j);
            last = serviceMessage(j);
            return null;
          });
        } catch (err) {
          // Say what the service last answered: "no card" and "reader unplugged" look alike from here.
          if (err instanceof IdCardError && err.kind === 'no_card' && last) throw new IdCardError('no_card', err.message.replace('：', `（读卡服务：${last}）：`), err.vendorCode);
          if (err instanceof IdCardError && err.kind === 'not_connected') opened = false;
          throw err;
        }
      });
    },

    async close() {
      if (!opened) return;
      opened = false;
      await request(opts.closePath, performance.now() + opts.requestTimeoutMs).catch(() => undefined);
    },

    async status(): Promise<ReaderStatus> {
      if (gate.busy) return { state: 'busy', label: '正在读卡' };
      try {
        opened = false;
        await gate.run(() => openDevice(performance.now() + opts.requestTimeoutMs));
        return { state: 'connected', label: `已连接（读卡服务 ${base}）` };
      } catch (err) {
        if (err instanceof IdCardError && err.kind === 'busy') return { state: 'busy', label: '正在读卡' };
        return { state: 'disconnected', label: err instanceof IdCardError ? err.message : messages.notConnected() };
      }
    },
  };
}
