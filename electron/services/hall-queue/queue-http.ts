import { AppError } from '../../../shared/errors.js';
import { callResponseSchema, pickTicket, type Ticket } from '../../../shared/hall-queue.js';

// The hall's queue system (叫号系统) over HTTP, JSON both ways:
//   POST {url}/call     { windowNo }           → { ticket: { number: "A012", lane: "normal"|"priority",
//                                                 bundleId: string|null, appointmentId: string|null,
//                                                 issuedAt: ISO 8601 } }, or { ticket: null } when nobody waits
//   POST {url}/recall   { number, windowNo }   → 2xx (重呼: the display and speaker call the number again)
//   POST {url}/no-show  { number }             → 2xx (过号)
//   POST {url}/transfer { number, toWindow }   → 2xx (转窗口: the ticket waits for that window)
// The queue system puts priority-lane tickets first; should it offer several (`tickets: [...]`),
// the counter takes the priority one itself. Any failure leaves the counter's current ticket as it is.

export interface QueueConfig {
  url: string;
  timeoutMs: number;
}

const MANUAL = '请检查网络后重试，或改用手工叫号（按大厅叫号屏呼叫，在“新建办件”中填写排队号）。';

function endpoint(base: string, path: string): URL {
  return new URL(path, base.endsWith('/') ? base : `${base}/`);
}

function transportError(err: unknown, what: string): AppError {
  const e = err as { name?: string; cause?: { code?: unknown; name?: string } };
  const timeout = e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError';
  const cause = typeof e?.cause?.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(e.cause.code) ? e.cause.code : null;
  return new AppError('DEVICE_ERROR', `叫号系统连接失败（${timeout ? '响应超时' : '无法连接'}），${what}未完成。${MANUAL}`, { reason: timeout ? 'timeout' : (cause ?? 'network') });
}

async function post(config: QueueConfig, path: string, body: Record<string, string>, what: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(endpoint(config.url, path), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(config.timeoutMs),
    });
  } catch (err) {
    throw transportError(err, what);
  }
  if (res.status < 200 || res.status >= 300) {
    await res.body?.cancel().catch(() => undefined);
    const hint = res.status === 404 || res.status === 405 ? '请管理员在“设置 → 叫号与预约”中核对叫号系统地址。' : MANUAL;
    throw new AppError('DEVICE_ERROR', `叫号系统拒绝了请求（HTTP ${res.status}），${what}未完成。${hint}`, { status: res.status });
  }
  return res;
}

export function createQueueClient(config: QueueConfig) {
  return {
    /** The next ticket for this window, or null when nobody waits. */
    async call(windowNo: string): Promise<Ticket | null> {
      const res = await post(config, 'call', { windowNo }, '呼叫下一位');
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new AppError('DEVICE_ERROR', `叫号系统的应答无法识别（不是 JSON），呼叫下一位未完成。${MANUAL}`);
      }
      const parsed = callResponseSchema.safeParse(body);
      if (!parsed.success) {
        throw new AppError('DEVICE_ERROR', `叫号系统的应答无法识别（缺少号码或取号时间），呼叫下一位未完成。请联系管理员核对叫号系统接口。`, {
          issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
        });
      }
      return pickTicket(parsed.data);
    },
    async recall(number: string, windowNo: string): Promise<void> {
      await (await post(config, 'recall', { number, windowNo }, '重呼')).body?.cancel().catch(() => undefined);
    },
    async noShow(number: string): Promise<void> {
      await (await post(config, 'no-show', { number }, '过号')).body?.cancel().catch(() => undefined);
    },
    async transfer(number: string, toWindow: string): Promise<void> {
      await (await post(config, 'transfer', { number, toWindow }, '转窗口')).body?.cancel().catch(() => undefined);
    },
  };
}

export type QueueClient = ReturnType<typeof createQueueClient>;
