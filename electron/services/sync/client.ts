import type { Readable } from 'node:stream';
import {
  enrolResponseSchema,
  publicationSchema,
  pullResponseSchema,
  pushResponseSchema,
  type EnrolResponse,
  type Publication,
  type PullResponse,
  type PushResponse,
  type WireEvent,
} from '../../../shared/sync.js';
import { hallDevicesResponseSchema, type HallDevicesResponse } from '../../../shared/api/board.js';
import { deviceChainResponseSchema, type DeviceChainResponse } from '../../../shared/api/chain.js';
import type { HttpClient, HttpResponse } from './http.js';

// The counter's side of the central protocol: one method per endpoint, answers checked
// against the shared schemas. Transport failures are NetworkError; refusals CentralRefusal.

export class CentralRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CentralRefusal';
  }
}

function refusal(res: HttpResponse): CentralRefusal {
  try {
    const b = JSON.parse(res.body.toString('utf8')) as { code?: unknown; message?: unknown; details?: Record<string, unknown> };
    if (typeof b.code === 'string' && typeof b.message === 'string') return new CentralRefusal(res.status, b.code, b.message, b.details);
  } catch {
    // not our service's JSON: a proxy or a captive portal answered
  }
  return new CentralRefusal(res.status, 'HTTP_' + res.status, `中心服务返回了意外的应答（HTTP ${res.status}），请检查中心地址是否正确。`);
}

function json<T>(res: HttpResponse, schema: { parse(v: unknown): T }): T {
  if (res.status < 200 || res.status >= 300) throw refusal(res);
  try {
    return schema.parse(JSON.parse(res.body.toString('utf8')));
  } catch {
    throw new CentralRefusal(res.status, 'BAD_RESPONSE', '中心服务的应答格式不对，可能版本不匹配。请联系管理员。');
  }
}

export interface BlobOffset {
  offset: number;
  complete: boolean;
}

export function createCentralClient(baseUrl: string, http: HttpClient, token: () => string | null) {
  const base = baseUrl.replace(/\/+$/, '');
  const auth = (): Record<string, string> => {
    const t = token();
    return t ? { authorization: `Bearer ${t}` } : {};
  };
  const offsetOf = (res: HttpResponse): BlobOffset => ({
    offset: Number(res.headers['upload-offset'] ?? NaN),
    complete: res.headers['blob-complete'] === '1',
  });

  return {
    /** Cheap reachability probe; throws NetworkError when the service cannot be reached. */
    async probe(timeoutMs = 5_000): Promise<void> {
      const res = await http.request('GET', `${base}/health`, { timeoutMs });
      if (res.status !== 200) throw refusal(res);
    },

    async enrol(code: string, deviceId: string, label: string): Promise<EnrolResponse> {
      const res = await http.request('POST', `${base}/enrol`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceId, label }),
      });
      return json(res, enrolResponseSchema);
    },

    /** `body` is the batch already serialised (its size was checked while building it). */
    async push(body: string): Promise<PushResponse> {
      const res = await http.request('POST', `${base}/sync/push`, { headers: { ...auth(), 'content-type': 'application/json' }, body });
      return json(res, pushResponseSchema);
    },

    async pull(after: string, limit: number): Promise<PullResponse> {
      const res = await http.request('GET', `${base}/sync/pull?after=${encodeURIComponent(after)}&limit=${limit}`, { headers: auth() });
      return json(res, pullResponseSchema);
    },

    async blobHead(sha256: string): Promise<BlobOffset> {
      const res = await http.request('HEAD', `${base}/blobs/${sha256}`, { headers: auth() });
      if (res.status !== 200) throw refusal(res);
      return offsetOf(res);
    },

    /** Sends one chunk; a stale offset answers with the service's offset instead of throwing. */
    async blobPatch(sha256: string, offset: number, length: number, mime: string, chunk: Buffer): Promise<BlobOffset> {
      const res = await http.request('PATCH', `${base}/blobs/${sha256}`, {
        headers: {
          ...auth(),
          'content-type': 'application/offset+octet-stream',
          'upload-offset': String(offset),
          'upload-length': String(length),
          'upload-mime': mime,
        },
        body: chunk,
        timeoutMs: 120_000,
      });
      if (res.status === 204 || res.status === 200 || res.status === 409) return offsetOf(res);
      throw refusal(res);
    },

    async blobGet(sha256: string): Promise<{ mime: string; size: number; stream: Readable }> {
      const r = await http.stream('GET', `${base}/blobs/${sha256}`, { headers: auth(), timeoutMs: 120_000 });
      if (r.status !== 200) {
        const chunks: Buffer[] = [];
        for await (const c of r.stream) chunks.push(c as Buffer);
        throw refusal({ status: r.status, headers: r.headers, body: Buffer.concat(chunks) });
      }
      return { mime: String(r.headers['content-type'] ?? 'application/octet-stream'), size: Number(r.headers['content-length'] ?? NaN), stream: r.stream };
    },

    /** The hall's enrolled devices and when the service last heard from each (supervision board). */
    async hallDevices(timeoutMs = 5_000): Promise<HallDevicesResponse> {
      const res = await http.request('GET', `${base}/sync/hall-devices`, { headers: auth(), timeoutMs });
      return json(res, hallDevicesResponseSchema);
    },

    /** The service's check of this device's event chain as it stores it. */
    async verifyChain(timeoutMs = 30_000): Promise<DeviceChainResponse> {
      const res = await http.request('GET', `${base}/sync/verify-chain`, { headers: auth(), timeoutMs });
      return json(res, deviceChainResponseSchema);
    },

    async latestPublication(kind: Publication['kind']): Promise<Publication | null> {
      const res = await http.request('GET', `${base}/publications/${kind}/latest`, { headers: auth() });
      if (res.status === 204) return null;
      return json(res, publicationSchema);
    },
  };
}

export type CentralClient = ReturnType<typeof createCentralClient>;
export type { WireEvent };
