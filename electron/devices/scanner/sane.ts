import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { deviceError, type PageHandler, type ScanRequest, type ScannerDeviceInfo, type ScannerDriver } from './types.js';

// SANE through scanimage (Linux, also UOS / Kylin). Pages are written as PNM (no compression
// in scanimage, no PNG decode here) into a private temp folder; --batch-print names each file
// once it is complete, and it is ingested right away while the scanner feeds the next sheet.

export interface SaneOptions {
  scanimagePath: string;
  /** Empty: the first device scanimage lists. */
  device: string;
  /** Use the automatic document feeder. */
  feeder: boolean;
  pageTimeoutMs: number;
  /** Extra backend options as typed by the admin (quotes group words). */
  options?: string;
  /** Lets diagnostics and tests see the scanimage process. */
  onProcess?: (pid: number) => void;
}

interface DeviceCaps {
  modes: string[];
  sources: string[];
  resolution: { min: number; max: number } | number[] | null;
}

const LIST_TIMEOUT_MS = 30_000;
const STDERR_KEEP = 4096;

function missingScanimage(path: string): AppError {
  return deviceError(
    `未找到扫描程序 scanimage（${path}）：请安装 sane-utils 软件包（统信 UOS / 麒麟：sudo apt install sane-utils），或在“设置 → 设备”中改用其他扫描方式。`,
    { driver: 'sane', missing: 'sane-utils' },
  );
}

/** The clerk's message for what scanimage reported (SANE status strings are fixed English). */
export function saneFailure(stderr: string, exitCode: number | null, signal: string | null): AppError {
  const last = stderr.trim().split('\n').filter((l) => /scanimage:/.test(l)).at(-1)?.replace(/^scanimage:\s*/, '') ?? null;
  const details = { driver: 'sane', exitCode, signal, deviceMessage: last };
  const has = (re: RegExp) => re.test(stderr);
  if (has(/device busy/i)) return deviceError('扫描仪正被其他程序占用：请关闭其他扫描软件，稍等片刻后重新扫描。', details);
  if (has(/jammed/i)) return deviceError('扫描仪卡纸：请打开进纸器取出卡住的纸张，整理好后重新扫描。', details);
  if (has(/cover is open/i)) return deviceError('扫描仪盖板未关好：请盖好后重新扫描。', details);
  if (has(/out of documents|no documents/i)) return deviceError('进纸器中没有纸张：请把材料放入进纸器后重新扫描。', details);
  if (has(/access to resource has been denied|permission denied/i)) {
    return deviceError('没有访问扫描仪的权限：请联系管理员把当前用户加入 scanner 组（或检查 udev 规则）后重试。', details);
  }
  if (has(/no SANE devices found/i)) return deviceError('没有找到扫描仪：请检查扫描仪电源和 USB 线，确认已安装驱动后重试。', details);
  if (has(/setting of option|option .* not (supported|found)|unrecognized option/i)) {
    return deviceError('扫描仪不支持所选的扫描参数：请在“设置 → 设备”中调整分辨率、颜色模式或进纸方式后重试。', details);
  }
  if (has(/open of device .* failed|error during device i\/o|invalid argument/i)) {
    return deviceError('无法连接扫描仪（可能已断开或未通电）：请检查 USB 线和电源后重新扫描。', details);
  }
  if (has(/out of memory/i)) return deviceError('扫描时内存不足：请降低扫描分辨率后重试。', details);
  if (signal) return deviceError('扫描程序意外退出（扫描仪可能已断开）：请检查扫描仪后重新扫描。', details);
  return deviceError(`扫描失败（scanimage 退出码 ${exitCode}）：请检查扫描仪后重新扫描。`, details);
}

function run(bin: string, args: string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_KEEP)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject((err as { code?: string }).code === 'ENOENT' ? missingScanimage(bin) : deviceError('无法启动扫描程序 scanimage：请检查设置中的程序路径。', { driver: 'sane' }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export function parseDeviceList(stdout: string): ScannerDeviceInfo[] {
  return stdout
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f.length >= 4 && f[0]!.trim() !== '')
    .map(([id, vendor, model, type]) => ({ id: id!.trim(), label: `${vendor!.trim()} ${model!.trim()}（${type!.trim()}）` }));
}

/** Reads the mode, source and resolution choices from `scanimage -A`. */
export function parseCaps(text: string): DeviceCaps {
  const caps: DeviceCaps = { modes: [], sources: [], resolution: null };
  for (const line of text.split('\n')) {
    const m = /^\s+--(mode|source|resolution)\s+(.+?)\s+\[[^\]]*\]\s*$/.exec(line);
    if (!m) continue;
    const values = m[2]!;
    if (m[1] === 'mode') caps.modes = values.split('|');
    else if (m[1] === 'source') caps.sources = values.split('|');
    else {
      const range = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)/.exec(values);
      caps.resolution = range
        ? { min: Number(range[1]), max: Number(range[2]) }
        : values
            .replace(/dpi.*$/, '')
            .split('|')
            .map(Number)
            .filter((n) => Number.isFinite(n) && n > 0);
    }
  }
  return caps;
}

function pickResolution(caps: DeviceCaps, wanted: number): number {
  const r = caps.resolution;
  if (!r) return wanted;
  if (Array.isArray(r)) return r.length === 0 ? wanted : r.reduce((best, v) => (Math.abs(v - wanted) < Math.abs(best - wanted) ? v : best), r[0]!);
  return Math.min(r.max, Math.max(r.min, wanted));
}

function pickMode(caps: DeviceCaps, colour: 'color' | 'gray'): string | null {
  if (caps.modes.length === 0) return null;
  const re = colour === 'color' ? /colou?r/i : /gr[ae]y/i;
  return caps.modes.find((m) => re.test(m) && !/lineart|halftone/i.test(m)) ?? caps.modes.find((m) => re.test(m)) ?? null;
}

function pickSource(caps: DeviceCaps, feeder: boolean, duplex: boolean): string | null | 'unsupported' {
  // No source option: the device has one way of feeding, use it.
  if (caps.sources.length === 0) return null;
  if (duplex) return caps.sources.find((s) => /duplex/i.test(s)) ?? 'unsupported';
  if (feeder) return caps.sources.find((s) => /adf|feeder|automatic/i.test(s) && !/duplex/i.test(s)) ?? caps.sources.find((s) => /adf|feeder/i.test(s)) ?? 'unsupported';
  return caps.sources.find((s) => /flatbed|platen/i.test(s)) ?? null;
}

const PAGE_FILE = /^p(\d+)\.pnm$/;
/** Options the driver sets itself; letting them through would send pages elsewhere. */
/** How long scanimage may take to exit once it has reported the end of its batch. */
const EXIT_GRACE_MS = 3000;
const RESERVED = /^(-d|--device-name|--format|-o|--output-file|-b|--batch.*|-L|--list-devices|-f|--formatted-device-list|-h|--help|-A|--all-options)(=|$)/;

/** Splits extra options like a shell would for plain words and quotes, without a shell. */
export function splitOptions(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  let cur: string | null = null;
  let lastEnd = -1;
  while ((m = re.exec(text))) {
    const piece = m[1] ?? m[2] ?? m[3]!;
    // Glue pieces without a space between them: --mode="Color pattern".
    if (cur !== null && m.index === lastEnd) cur += piece;
    else {
      if (cur !== null) out.push(cur);
      cur = piece;
    }
    lastEnd = m.index + m[0].length;
  }
  if (cur !== null) out.push(cur);
  for (const a of out) {
    if (RESERVED.test(a)) throw deviceError(`扫描设置中的附加参数 ${a.split('=')[0]} 由程序自行设置，不能填写：请在“设置 → 设备”中删除后重试。`, { driver: 'sane' });
  }
  return out;
}

export function createSaneDriver(opts: SaneOptions): ScannerDriver {
  const bin = opts.scanimagePath;
  const capsCache = new Map<string, DeviceCaps>();
  let child: ChildProcess | null = null;
  let cancelled = false;

  const list = async (): Promise<ScannerDeviceInfo[]> => {
    const r = await run(bin, ['-f', '%d\t%v\t%m\t%t%n'], LIST_TIMEOUT_MS);
    if (r.code !== 0 && !/no SANE devices/i.test(r.stderr)) throw saneFailure(r.stderr, r.code, null);
    return parseDeviceList(r.stdout);
  };

  async function resolveDevice(): Promise<string> {
    if (opts.device) return opts.device;
    const devices = await list();
    if (devices.length === 0) throw deviceError('没有找到扫描仪：请检查扫描仪电源和 USB 线，确认已安装驱动后重试。', { driver: 'sane' });
    return devices[0]!.id;
  }

  async function capsOf(device: string): Promise<DeviceCaps> {
    const hit = capsCache.get(device);
    if (hit) return hit;
    const r = await run(bin, ['-d', device, '-A'], LIST_TIMEOUT_MS);
    if (r.code !== 0) throw saneFailure(r.stderr, r.code, null);
    const caps = parseCaps(r.stdout);
    capsCache.set(device, caps);
    return caps;
  }

  function killGroup(sig: NodeJS.Signals): void {
    const pid = child?.pid;
    if (!pid || child?.exitCode !== null) return;
    try {
      process.kill(-pid, sig);
    } catch {
      child?.kill(sig);
    }
  }

  async function scan(req: ScanRequest, onPage: PageHandler): Promise<{ cancelled: boolean }> {
    cancelled = false;
    const extra = splitOptions(opts.options ?? '');
    const device = await resolveDevice();
    const caps = await capsOf(device);
    const feeder = opts.feeder || req.duplex || req.pages > 1;
    const source = pickSource(caps, feeder, req.duplex);
    if (source === 'unsupported') {
      throw deviceError(req.duplex ? '该扫描仪不支持双面扫描：请关闭“双面”后重新扫描。' : '该扫描仪没有自动进纸器：请逐页放在玻璃板上扫描（每次 1 页）。', { driver: 'sane' });
    }
    const dir = await mkdtemp(join(tmpdir(), 'yct-scan-'));
    const args = ['-d', device, '--format=pnm', `--batch=${join(dir, 'p%04d.pnm')}`, '--batch-print', '--resolution', String(pickResolution(caps, req.resolution))];
    const mode = pickMode(caps, req.colour);
    if (mode) args.push('--mode', mode);
    if (source) args.push('--source', source);
    // A flatbed holds one sheet; a feeder runs until empty unless a count was asked for.
    const count = !feeder ? 1 : req.pages > 0 ? req.pages * (req.duplex ? 2 : 1) : 0;
    if (count > 0) args.push(`--batch-count=${count}`);
    args.push(...extra);

    const done = new Set<string>();
    let chain: Promise<void> = Promise.resolve();
    let pageError: unknown = null;
    let delivered = 0;
    let stderr = '';
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    let exitGrace: NodeJS.Timeout | undefined;
    let hungOnExit = false;

    const armTimer = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        killGroup('SIGKILL');
      }, opts.pageTimeoutMs);
    };
    const take = (file: string) => {
      const name = basename(file);
      if (!PAGE_FILE.test(name) || done.has(name)) return;
      done.add(name);
      chain = chain.then(async () => {
        if (pageError || cancelled) return;
        try {
          await onPage({ path: join(dir, name) });
          delivered++;
        } catch (err) {
          pageError = err;
          killGroup('SIGTERM');
        } finally {
          await rm(join(dir, name), { force: true });
        }
      });
    };

    try {
      const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
        const c = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        child = c;
        let out = '';
        c.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          let nl: number;
          while ((nl = out.indexOf('\n')) >= 0) {
            const line = out.slice(0, nl).trim();
            out = out.slice(nl + 1);
            if (line) {
              armTimer();
              take(line);
            }
          }
        });
        c.stderr!.on('data', (d: Buffer) => {
          stderr = (stderr + d.toString()).slice(-STDERR_KEEP);
          // The batch is over; some backends (SANE's own test backend among them) then hang while
          // closing. Give scanimage a moment to exit, then end it instead of waiting for the page timeout.
          if (/Batch terminated/.test(stderr) && !exitGrace) {
            exitGrace = setTimeout(() => {
              hungOnExit = true;
              killGroup('SIGKILL');
            }, EXIT_GRACE_MS);
          }
        });
        c.on('spawn', () => {
          armTimer();
          if (c.pid) opts.onProcess?.(c.pid);
        });
        c.on('error', (err) => reject((err as { code?: string }).code === 'ENOENT' ? missingScanimage(bin) : deviceError('无法启动扫描程序 scanimage：请检查设置中的程序路径。', { driver: 'sane' })));
        c.on('close', (code, signal) => resolve({ code, signal }));
      });
      clearTimeout(timer);
      clearTimeout(exitGrace);
      // Complete pages scanimage finished but did not get to print (killed right after).
      if (!cancelled && !pageError) {
        const rest = (await readdir(dir)).filter((f) => PAGE_FILE.test(f)).sort();
        for (const f of rest) take(f);
      }
      await chain;
      if (pageError) throw pageError;
      if (cancelled) return { cancelled: true };
      if (timedOut) {
        throw deviceError(`扫描仪超过 ${Math.round(opts.pageTimeoutMs / 1000)} 秒没有送出下一页，已停止：请检查扫描仪是否卡纸或断开后重新扫描。`, {
          driver: 'sane',
          pages: delivered,
        });
      }
      if (exit.code === 0 && exit.signal === null) return { cancelled: false };
      // Ended after its batch finished: what it said on stderr decides, not the kill.
      const clean = hungOnExit && !/scanimage: sane_/.test(stderr);
      if (clean) return { cancelled: false };
      // An emptied feeder ends a batch with "out of documents": normal once a page came through.
      if (delivered > 0 && /out of documents|no documents/i.test(stderr) && !/jammed/i.test(stderr)) return { cancelled: false };
      throw saneFailure(stderr, exit.code, exit.signal);
    } finally {
      clearTimeout(timer);
      clearTimeout(exitGrace);
      child = null;
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  return {
    name: 'sane',
    list,
    scan,
    cancel() {
      cancelled = true;
      killGroup('SIGTERM');
      const c = child;
      // scanimage asks the backend to stop on SIGTERM; a wedged driver gets SIGKILL.
      setTimeout(() => {
        if (c && c.exitCode === null && c.signalCode === null && c.pid) {
          try {
            process.kill(-c.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }, 3000).unref();
    },
  };
}
