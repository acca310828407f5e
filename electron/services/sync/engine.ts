import { readFileSync } from 'node:fs';
import type { ClientStore, PendingEvent } from '../../../db/index.js';
import { AppError } from '../../../shared/errors.js';
import type { SettingsStore } from '../../../shared/settings.js';
import {
  AFTER_RESERVE_BYTES,
  backoffMs,
  BLOB_CHUNK_BYTES,
  blobRefs,
  MAX_AFTER_IDS,
  MAX_BATCH_BYTES,
  MAX_BATCH_EVENTS,
  type Ack,
  type Publication,
  type PushResponse,
} from '../../../shared/sync.js';
import { isDamagedBlob, type BlobFiles, type BlobReader } from '../blob-files.js';
import { createCentralClient, CentralRefusal, type CentralClient } from './client.js';
import { createHttpClient, MAX_CONNECTIONS, NetworkError, type HttpClient } from './http.js';
import type { SecretStore } from './secret-store.js';

// The background sync engine: on a schedule and on demand, probe the service, then upload
// blobs, push events, pull events (in that order). Every step records its outcome in the
// local database before the next, so a process killed at any instant resumes where it was:
// blobs resume at the service's offset, pushes are resent and acked again by event id, and
// a pulled page is stored together with its cursor.

export const TOKEN_SECRET = 'deviceToken';
export const DEFAULT_INTERVAL_MS = 30_000;
const PULL_PAGE = 500;
const BLOB_UPLOADS_AT_ONCE = MAX_CONNECTIONS;
const TLS_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;
/** Shown on the sync page for an event held back by a scan damaged on this device. */
export const DAMAGED_SCAN_REASON = '所引用的附件在本机已损坏或无法解密，无法上传，本案件之后的事件也随之暂缓：请保留本机数据目录原样，联系系统管理员从备份恢复该文件，恢复后自动同步。';

export interface Enrolment {
  hallCode: string | null;
  departments: string[];
  enrolledAt: string;
}

export interface EngineDeps {
  store: ClientStore;
  blobFiles: BlobFiles;
  settings: SettingsStore;
  secrets: SecretStore;
  now: () => number;
  /** Applies a catalog or calendar version the service published. */
  onPublication?: (p: Publication) => Promise<void>;
  /** Current catalog/calendar version on this device, to skip what is already here. */
  publishedVersion?: (kind: Publication['kind']) => Promise<string | null>;
  /** Called with the cases whose items other devices approved, after their events are applied. */
  onPulled?: (caseIds: string[]) => Promise<void>;
  intervalMs?: number;
  log?: (msg: string, fields?: Record<string, string | number | boolean | null>) => void;
}

interface Batch {
  events: PendingEvent[];
  /** The request body, `{"events":[…]}`, serialised once. */
  body: string;
  /** Local seq of the batch's last event. */
  last: number;
}
type Sent = Batch & { reply: Promise<PushResponse | null> };

export type EngineState = 'not_configured' | 'not_enrolled' | 'idle' | 'syncing' | 'offline' | 'error';

export interface CycleReport {
  blobsUploaded: number;
  pushed: number;
  accepted: number;
  rejected: number;
  deferred: number;
  pulled: number;
  conflicts: number;
  /** Milliseconds per phase, for the status page and the benchmark. */
  ms: { probe: number; blobs: number; push: number; pull: number };
  /** CPU milliseconds this process spent per phase (with an in-process service, both sides): for the benchmark. */
  cpuMs?: { blobs: number; push: number };
}

export function createSyncEngine(deps: EngineDeps) {
  const { store, settings, secrets, now } = deps;
  const iso = () => new Date(now()).toISOString();
  let state: EngineState = 'idle';
  let failures = 0;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<CycleReport | null> | null = null;
  let nextAttemptAt: number | null = null;
  let stopped = true;
  let cached: { key: string; http: HttpClient; client: CentralClient } | null = null;
  /** Blobs the service said it misses although the local index marks them uploaded. */
  const forceUpload = new Set<string>();

  function client(): CentralClient | null {
    const { centralUrl, centralCaFile } = settings.read();
    if (!centralUrl) return null;
    const key = `${centralUrl}|${centralCaFile ?? ''}`;
    if (cached?.key !== key) {
      cached?.http.close();
      let ca: Buffer | undefined;
      if (centralCaFile) {
        try {
          ca = readFileSync(centralCaFile);
        } catch {
          throw new AppError('INVALID_INPUT', `无法读取中心证书颁发机构文件：${centralCaFile}。请在设置中改正路径。`);
        }
      }
      const http = createHttpClient({ ca });
      cached = { key, http, client: createCentralClient(centralUrl, http, () => secrets.get(TOKEN_SECRET)) };
    }
    return cached.client;
  }

  /**
   * Uploads one blob. 'missing': the file is gone from this device; 'damaged': it cannot be
   * decrypted, or its content no longer matches its name (the service refused it). Neither stops
   * the cycle: the events that need the blob stay deferred and the clerk is told.
   */
  async function uploadBlob(c: CentralClient, sha256: string, mime: string): Promise<'uploaded' | 'missing' | 'damaged'> {
    // Decrypted here: the service stores and verifies the plaintext under its hash.
    let reader: BlobReader;
    try {
      reader = await deps.blobFiles.openRead(sha256);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return 'missing';
      if (isDamagedBlob(err)) return 'damaged';
      throw err;
    }
    try {
      const size = reader.size;
      // Start at 0 without asking: a 409 answers with the service's offset, saving a round trip.
      let offset = 0;
      let complete = false;
      while (!complete) {
        let bytes: Buffer;
        try {
          bytes = await reader.read(offset, Math.min(BLOB_CHUNK_BYTES, size - offset));
        } catch (err) {
          if (isDamagedBlob(err)) return 'damaged';
          throw err;
        }
        let r: Awaited<ReturnType<CentralClient['blobPatch']>>;
        try {
          r = await c.blobPatch(sha256, offset, size, mime, bytes);
        } catch (err) {
          if (err instanceof CentralRefusal && err.code === 'BLOB_HASH_MISMATCH') return 'damaged';
          throw err;
        }
        if (r.offset === offset && !r.complete && bytes.length === 0) throw new AppError('STORAGE_FAILED', '附件上传无进展。');
        offset = r.offset;
        complete = r.complete;
      }
      return 'uploaded';
    } finally {
      await reader.close();
    }
  }

  /** Uploads what waits; returns how many went, and which are damaged on this device. */
  async function uploadBlobs(c: CentralClient): Promise<{ uploaded: number; damaged: Set<string> }> {
    let uploaded = 0;
    const damaged = new Set<string>();
    const skipped = new Set<string>();
    const skip = (sha256: string, outcome: 'missing' | 'damaged') => {
      skipped.add(sha256);
      if (outcome === 'damaged') damaged.add(sha256);
      deps.log?.(`sync blob ${outcome} locally`, { sha256 });
    };
    for (const sha of [...forceUpload]) {
      const rec = await store.blobs.get(sha);
      const outcome = await uploadBlob(c, sha, rec?.mime ?? 'application/octet-stream');
      if (outcome === 'uploaded') {
        uploaded++;
        if (rec) await store.blobs.markUploaded([sha], iso());
      } else skip(sha, outcome);
      forceUpload.delete(sha);
    }
    for (;;) {
      const batch = (await store.blobs.listNotUploaded(50 + skipped.size)).filter((b) => !skipped.has(b.sha256));
      if (batch.length === 0) return { uploaded, damaged };
      // A few uploads at a time keep the line busy while each waits for its answer. After a
      // failure no new upload starts, and the cycle fails once the running ones are done.
      let next = 0;
      const done: string[] = [];
      const errors: unknown[] = [];
      const worker = async () => {
        while (errors.length === 0 && next < batch.length) {
          const b = batch[next++]!;
          try {
            const outcome = await uploadBlob(c, b.sha256, b.mime);
            if (outcome === 'uploaded') done.push(b.sha256);
            else skip(b.sha256, outcome);
          } catch (err) {
            errors.push(err);
          }
        }
      };
      await Promise.all(Array.from({ length: BLOB_UPLOADS_AT_ONCE }, worker));
      // Marked once per batch. One uploaded but not yet marked when the process dies is sent
      // again next time, and the service takes it again.
      await store.blobs.markUploaded(done, iso());
      uploaded += done.length;
      if (errors.length > 0) throw errors[0];
    }
  }

  /**
   * `damaged`: scans this device could not upload because they are damaged here. The service
   * defers the events that reference them as it does for any blob not there yet ("稍后自动重试");
   * for these only restoring the file helps (a rescan has another hash), and the sync page says so.
   */
  async function pushEvents(c: CentralClient, report: CycleReport, damaged: ReadonlySet<string>): Promise<void> {
    let floor = await store.sync.pushFloor();
    let contiguous = true;
    /** Cases with a deferred event: their later events wait for the next cycle, in order. */
    const waiting = new Set<string>();

    /** The next batch after local seq `after` (skipping waiting cases), or null when none is left. */
    async function nextBatch(after: number): Promise<Batch | null> {
      for (;;) {
        const fetched = await store.sync.pending(after, MAX_BATCH_EVENTS);
        if (fetched.length === 0) return null;
        const candidates = fetched.filter((e) => e.caseId === null || !waiting.has(e.caseId));
        if (candidates.length === 0) {
          after = fetched[fetched.length - 1]!.seq;
          continue;
        }
        const events: PendingEvent[] = [];
        let bytes = 16;
        for (const e of candidates) {
          if (bytes + e.bytes > MAX_BATCH_BYTES - AFTER_RESERVE_BYTES) break;
          events.push(e);
          bytes += e.bytes;
        }
        if (events.length === 0) {
          const e = candidates[0]!;
          await store.sync.rejectLocally(e.id, 'TOO_LARGE', '事件内容过大，无法同步。请联系管理员。', iso());
          after = e.seq;
          continue;
        }
        return { events, body: `{"events":[${events.map((e) => e.json).join(',')}]}`, last: events[events.length - 1]!.seq };
      }
    }

    /**
     * The events of `b` the service must have settled before it takes the batch behind `b`:
     * the last one (so `b` was committed) and those that reference blobs, because a deferral
     * starts only there (shared/sync.ts). Too many of them: the next batch waits for the answer.
     */
    function settleIds(b: Batch): string[] | null {
      const ids = new Set(b.events.filter((e) => blobRefs(e.payload).length > 0).map((e) => e.id));
      ids.add(b.events[b.events.length - 1]!.id);
      return ids.size <= MAX_AFTER_IDS ? [...ids] : null;
    }
    /** Sends a batch; its reply is null when the service found it ahead of its predecessor. */
    function send(b: Batch, after: string[] | null): Sent {
      const reply = c.push(after ? `{"after":${JSON.stringify(after)},${b.body.slice(1)}` : b.body).catch((err: unknown) => {
        if (after && err instanceof CentralRefusal && err.code === 'BATCH_OUT_OF_ORDER') return null;
        throw err;
      });
      // Awaited in turn later; until then a failure must not count as unhandled.
      reply.catch(() => undefined);
      return { ...b, reply };
    }

    // Two batches on the line: while the service stores one, the next travels and waits behind
    // it, and the counter records the answers before. The service takes the second only once
    // the first is settled, so order never rests on the connection.
    let recording: Promise<void> = Promise.resolve();
    const first = await nextBatch(floor);
    let current: Sent | null = first && send(first, null);
    try {
      while (current) {
        let upcoming = await nextBatch(current.last);
        const after = upcoming && settleIds(current);
        let pipelined = upcoming && after ? send(upcoming, after) : null;
        let answer: PushResponse | null;
        try {
          answer = await current.reply;
          if (answer === null) {
            // This batch overtook its predecessor, whose answer is recorded by now: send it again.
            current = send(current, null);
            answer = (await current.reply)!;
          }
        } catch (err) {
          await pipelined?.reply.catch(() => null);
          throw err;
        }
        const byId = new Map<string, Ack>(answer.acks.map((a) => [a.id, a]));
        if (current.events.some((e) => !byId.has(e.id))) throw new CentralRefusal(200, 'BAD_RESPONSE', '中心服务的应答缺少部分事件的回执。');
        // A case held back by a damaged scan: its deferred events (also the later ones, which
        // wait behind it) say what helps instead of the service's "稍后自动重试".
        const stuck = new Set<string>();
        for (const e of current.events) {
          const a = byId.get(e.id)!;
          if (a.status === 'deferred' && a.blobs.some((sha) => damaged.has(sha))) stuck.add(e.caseId ?? e.id);
        }
        for (const e of current.events) {
          const a = byId.get(e.id)!;
          if (a.status === 'deferred' && stuck.has(e.caseId ?? e.id)) byId.set(e.id, { ...a, reason: DAMAGED_SCAN_REASON });
        }
        const acks = [...byId.values()];
        let deferred = false;
        for (const e of current.events) {
          const a = byId.get(e.id)!;
          if (a.status === 'deferred') {
            deferred = true;
            contiguous = false;
            if (e.caseId !== null) waiting.add(e.caseId);
            for (const sha of a.blobs) forceUpload.add(sha);
          } else if (contiguous) {
            floor = e.seq;
          }
          if (a.status === 'accepted') report.accepted++;
          else if (a.status === 'rejected') report.rejected++;
          else report.deferred++;
        }
        report.pushed += current.events.length;
        await recording;
        recording = store.sync.recordAcks(acks, iso(), floor);
        if (acks.some((a) => a.status === 'rejected')) deps.log?.('sync events rejected', { count: acks.filter((a) => a.status === 'rejected').length });
        if (deferred) {
          // Referenced blobs are missing: they are uploaded next cycle, and the deferred events
          // (still pending, before the floor) are sent again then. Other cases go on now.
          const blobs = new Set(current.events.flatMap((e) => (byId.get(e.id)!.status === 'deferred' ? blobRefs(e.payload) : [])));
          for (const sha of blobs) if (!(await store.blobs.get(sha))?.uploadedAt) forceUpload.add(sha);
          // The next batch may hold later events of a waiting case: build it again. If it was
          // already sent, the service refused it (a deferred event is not settled), or it took
          // it all and the resend is acked the same.
          await pipelined?.reply.catch(() => null);
          pipelined = null;
          upcoming = await nextBatch(current.last);
        }
        current = pipelined ?? (upcoming && send(upcoming, null));
      }
    } finally {
      await recording;
    }
  }

  async function pull(c: CentralClient, report: CycleReport): Promise<void> {
    let cursor = (await store.sync.getState('pull_cursor')) ?? '0';
    for (;;) {
      const page = await c.pull(cursor, PULL_PAGE);
      if (page.events.length > 0 || page.cursor !== cursor) {
        const r = await store.sync.applyPulled(page.events, page.cursor, iso());
        report.pulled += r.applied;
        report.conflicts += r.conflicts.length;
        const approvals = page.events.filter((e) => e.type === 'item.state_changed' && (e.payload as { to?: string }).to === 'approved' && e.caseId);
        if (approvals.length && deps.onPulled) {
          await deps.onPulled([...new Set(approvals.map((e) => e.caseId!))]).catch((err: unknown) => deps.log?.('unblock after pull failed', { error: err instanceof Error ? err.name : 'unknown' }));
        }
      }
      cursor = page.cursor;
      if (!page.more) return;
    }
  }

  async function publications(c: CentralClient): Promise<void> {
    if (!deps.onPublication) return;
    for (const kind of ['catalog', 'calendar'] as const) {
      const p = await c.latestPublication(kind);
      if (!p) continue;
      if ((await deps.publishedVersion?.(kind)) === p.version) continue;
      await deps.onPublication(p);
    }
  }

  function schedule(ms: number): void {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    nextAttemptAt = now() + ms;
    timer = setTimeout(() => {
      timer = null;
      void syncNow().catch(() => undefined);
    }, ms);
    timer.unref();
  }

  async function fail(kind: 'offline' | 'error', message: string): Promise<void> {
    failures++;
    state = kind;
    if (kind === 'offline') {
      if (!(await store.sync.getState('offline_since'))) await store.sync.setState('offline_since', iso());
      await store.sync.setState('last_error', null);
    } else {
      await store.sync.setState('last_error', message);
    }
    schedule(backoffMs(failures));
  }

  async function cycle(): Promise<CycleReport | null> {
    const report: CycleReport = { blobsUploaded: 0, pushed: 0, accepted: 0, rejected: 0, deferred: 0, pulled: 0, conflicts: 0, ms: { probe: 0, blobs: 0, push: 0, pull: 0 } };
    let c: CentralClient | null;
    try {
      c = client();
    } catch (err) {
      await fail('error', (err as Error).message);
      return null;
    }
    if (!c) {
      state = 'not_configured';
      return null;
    }
    if (!secrets.get(TOKEN_SECRET)) {
      state = 'not_enrolled';
      return null;
    }
    state = 'syncing';
    try {
      let t = performance.now();
      const lap = () => {
        const n = performance.now();
        const ms = Math.round((n - t) * 10) / 10;
        t = n;
        return ms;
      };
      await c.probe();
      report.ms.probe = lap();
      let cpu = process.cpuUsage();
      const cpuLap = () => {
        const d = process.cpuUsage(cpu);
        cpu = process.cpuUsage();
        return Math.round((d.user + d.system) / 1000);
      };
      const blobs = await uploadBlobs(c);
      report.blobsUploaded = blobs.uploaded;
      report.ms.blobs = lap();
      const blobCpu = cpuLap();
      await pushEvents(c, report, blobs.damaged);
      report.ms.push = lap();
      report.cpuMs = { blobs: blobCpu, push: cpuLap() };
      await pull(c, report);
      report.ms.pull = lap();
      await publications(c);
      failures = 0;
      await store.sync.setState('last_success_at', iso());
      await store.sync.setState('offline_since', null);
      // Everything else went through; damaged scans stay an error the clerk sees until restored.
      state = blobs.damaged.size > 0 ? 'error' : 'idle';
      await store.sync.setState(
        'last_error',
        blobs.damaged.size > 0 ? `本机有 ${blobs.damaged.size} 份附件已损坏或无法解密，未能上传，引用它们的案件暂缓同步（见“同步”页）；其余数据已照常同步。请保留本机数据目录原样，联系系统管理员从备份恢复这些文件。` : null,
      );
      schedule(deps.intervalMs ?? DEFAULT_INTERVAL_MS);
      return report;
    } catch (err) {
      if (err instanceof NetworkError && TLS_ERROR.test(err.code)) {
        await fail('error', `无法验证中心服务的证书（${err.code}）：请在“同步”页填写大厅私有 CA 证书文件，或联系管理员核对证书。`);
      } else if (err instanceof NetworkError) {
        await fail('offline', err.message);
      } else if (err instanceof CentralRefusal) {
        deps.log?.('sync refused', { status: err.status, code: err.code });
        await fail('error', err.message);
      } else if (err instanceof AppError) {
        await fail('error', err.message);
      } else {
        deps.log?.('sync failed', { error: (err as Error)?.name ?? 'Error' });
        await fail('error', '同步时发生未预期的错误，稍后自动重试。');
      }
      return null;
    }
  }

  /** Runs one cycle now; a cycle already running is awaited first (then this one runs). */
  async function syncNow(): Promise<CycleReport | null> {
    while (running) await running.catch(() => null);
    running = cycle().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    syncNow,
    start(firstDelayMs = 2_000): void {
      stopped = false;
      schedule(firstDelayMs);
    },
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => null);
      cached?.http.close();
      cached = null;
    },
    state: () => state,
    nextAttemptAt: () => nextAttemptAt,
    client,
    /** Enrols this device with a one-time code; the token goes to the secret store only. */
    async enrol(code: string, deviceId: string, label: string): Promise<Enrolment> {
      const c = client();
      if (!c) throw new AppError('NOT_SET_UP', '尚未设置中心服务地址：请先在“同步”页填写中心地址。');
      let r;
      try {
        r = await c.enrol(code, deviceId, label);
      } catch (err) {
        if (err instanceof NetworkError && TLS_ERROR.test(err.code)) {
          throw new AppError('INVALID_INPUT', `无法连接中心服务：其证书无法验证（${err.code}）。请填写大厅私有 CA 证书文件后重试。`);
        }
        if (err instanceof NetworkError) throw new AppError('INVALID_INPUT', `无法连接中心服务（${err.code}）：请检查网络和中心地址后重试。`);
        if (err instanceof CentralRefusal) throw new AppError(err.status === 404 || err.status === 410 ? 'INVALID_INPUT' : 'FORBIDDEN', err.message);
        throw err;
      }
      secrets.set(TOKEN_SECRET, r.deviceToken);
      const enrolment: Enrolment = { hallCode: r.hallCode, departments: r.departments, enrolledAt: iso() };
      await store.sync.setState('enrolment', JSON.stringify(enrolment));
      failures = 0;
      state = 'idle';
      schedule(0);
      return enrolment;
    },
    async enrolment(): Promise<Enrolment | null> {
      const v = await store.sync.getState('enrolment');
      return v && secrets.get(TOKEN_SECRET) ? (JSON.parse(v) as Enrolment) : null;
    },
    /** Makes a blob available locally, downloading it from the service when needed. */
    async fetchBlob(sha256: string): Promise<void> {
      if (await deps.blobFiles.has(sha256)) return;
      const c = client();
      if (!c || !secrets.get(TOKEN_SECRET)) throw new AppError('NOT_FOUND', '本机没有该附件，且未连接中心服务，暂时无法查看。');
      // Known to be offline: answer at once instead of waiting for a dead line to time out.
      if (state === 'offline') throw new AppError('NOT_FOUND', '本机没有该附件，当前与中心断开：联网后会自动恢复，请稍后再打开。');
      let got;
      try {
        got = await c.blobGet(sha256);
      } catch (err) {
        if (err instanceof NetworkError) throw new AppError('NOT_FOUND', '本机没有该附件，中心服务暂时无法连接：请联网后重试。');
        if (err instanceof CentralRefusal) throw new AppError('NOT_FOUND', err.message);
        throw err;
      }
      const stored = await deps.blobFiles.putStream(got.stream, got.mime);
      if (stored.sha256 !== sha256) {
        throw new AppError('STORAGE_FAILED', '下载的附件内容与其编号不符，已丢弃。请稍后重试，仍不成功请联系管理员。');
      }
      await store.blobs.record({ sha256, size: stored.size, mime: got.mime }, iso());
      await store.blobs.markUploaded([sha256], iso());
    },
  };
}

export type SyncEngine = ReturnType<typeof createSyncEngine>;
