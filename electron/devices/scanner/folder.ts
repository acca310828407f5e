import { watch, type FSWatcher } from 'node:fs';
import { mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { deviceError, type PageHandler, type ScanRequest, type ScannerDriver } from './types.js';

// A folder the vendor's capture tool saves into. A file is taken once its size and time have
// stayed the same for settleMs (the tool has finished writing it) and it can be opened; after
// ingest it is moved into 已导入/ so it is never taken twice. Files that cannot be read as an
// image or PDF go to 无法识别/. fs.watch wakes the loop early; polling covers the file systems
// (network shares, some USB sticks) where watching does not work.

export interface FolderOptions {
  path: string;
  settleMs: number;
  /** How long a scan waits for the first file. */
  waitMs: number;
  /** After at least one page, the batch ends when no new file came for this long. */
  idleMs?: number;
  pollMs?: number;
}

export const IMPORTED_DIR = '已导入';
export const REJECTED_DIR = '无法识别';
const EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.bmp', '.webp', '.pdf']);
/** A file that still fails to decode this many settle periods after it stopped growing is given up. */
const DECODE_RETRIES = 3;

interface Seen {
  size: number;
  mtimeMs: number;
  stableSince: number;
  failures: number;
}

function candidate(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~')) return false;
  return EXTENSIONS.has(extname(name).toLowerCase());
}

async function moveAside(dir: string, sub: string, name: string): Promise<void> {
  await mkdir(join(dir, sub), { recursive: true });
  let target = join(dir, sub, name);
  if (await stat(target).then(() => true, () => false)) target = join(dir, sub, `${Date.now()}-${name}`);
  await rename(join(dir, name), target);
}

export function createFolderDriver(opts: FolderOptions): ScannerDriver {
  const pollMs = opts.pollMs ?? 500;
  const idleMs = opts.idleMs ?? Math.max(3000, opts.settleMs * 2);
  let cancel: (() => void) | null = null;
  // Files that could not be moved away (read-only share) are remembered for this session.
  const taken = new Set<string>();

  async function checkFolder(): Promise<void> {
    if (!opts.path) throw deviceError('尚未设置高拍仪保存图片的文件夹：请在“设置 → 设备”中填写文件夹路径。', { driver: 'folder' });
    const st = await stat(opts.path).catch(() => null);
    if (!st?.isDirectory()) throw deviceError(`找不到高拍仪保存图片的文件夹（${opts.path}）：请检查路径或在“设置 → 设备”中重新选择。`, { driver: 'folder' });
  }

  async function scan(req: ScanRequest, onPage: PageHandler): Promise<{ cancelled: boolean }> {
    await checkFolder();
    const dir = opts.path;
    const seen = new Map<string, Seen>();
    let delivered = 0;
    const started = Date.now();
    let lastActivity = started;
    let cancelled = false;
    let wake: (() => void) | null = null;
    const sleep = () =>
      new Promise<void>((resolve) => {
        const t = setTimeout(resolve, pollMs);
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    cancel = () => {
      cancelled = true;
      wake?.();
    };
    let watcher: FSWatcher | null = null;
    try {
      watcher = watch(dir, () => wake?.());
      watcher.on('error', () => watcher?.close());
    } catch {
      watcher = null; // polling alone
    }

    try {
      for (;;) {
        if (cancelled) return { cancelled: true };
        const now = Date.now();
        const ready: { name: string; mtimeMs: number }[] = [];
        let names: string[];
        try {
          names = (await readdir(dir)).filter(candidate);
        } catch {
          throw deviceError(`无法读取高拍仪保存图片的文件夹（${dir}）：请检查文件夹是否还在、是否有访问权限。`, { driver: 'folder' });
        }
        for (const gone of [...seen.keys()].filter((n) => !names.includes(n))) seen.delete(gone);
        for (const name of names) {
          const st = await stat(join(dir, name)).catch(() => null);
          // An empty file is one the tool has created but not yet written.
          if (!st?.isFile() || st.size === 0) continue;
          const key = `${name}:${st.size}:${st.mtimeMs}`;
          if (taken.has(key)) continue;
          const prev = seen.get(name);
          if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
            seen.set(name, { size: st.size, mtimeMs: st.mtimeMs, stableSince: now, failures: prev?.failures ?? 0 });
            lastActivity = now;
            continue;
          }
          if (now - prev.stableSince >= opts.settleMs) ready.push({ name, mtimeMs: st.mtimeMs });
        }
        ready.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));

        for (const { name } of ready) {
          if (cancelled) return { cancelled: true };
          const file = join(dir, name);
          // Windows tools keep the file locked while writing; an open that fails means "not yet".
          const fh = await open(file, 'r').catch(() => null);
          if (!fh) continue;
          await fh.close();
          const info = seen.get(name)!;
          try {
            await onPage({ path: file });
          } catch (err) {
            const unreadable = err instanceof AppError && err.code === 'INVALID_INPUT';
            if (unreadable && ++info.failures <= DECODE_RETRIES) {
              info.stableSince = Date.now();
              continue;
            }
            if (unreadable) {
              await moveAside(dir, REJECTED_DIR, name).catch(() => taken.add(`${name}:${info.size}:${info.mtimeMs}`));
              throw deviceError(`高拍仪保存的一个文件无法识别，已移到“${REJECTED_DIR}”文件夹：${err.message}`, { driver: 'folder', pages: delivered });
            }
            throw err;
          }
          delivered++;
          lastActivity = Date.now();
          seen.delete(name);
          await moveAside(dir, IMPORTED_DIR, name).catch(() => taken.add(`${name}:${info.size}:${info.mtimeMs}`));
          if (req.pages > 0 && delivered >= req.pages) return { cancelled: false };
        }

        const t = Date.now();
        if (delivered > 0 && seen.size === 0 && t - lastActivity >= idleMs) return { cancelled: false };
        if (delivered === 0 && seen.size === 0 && t - started >= opts.waitMs) {
          throw deviceError(`等待 ${Math.round(opts.waitMs / 1000)} 秒仍未收到高拍仪保存的图片：请在高拍仪软件中拍摄并保存到“${dir}”，然后重新点击“扫描”。`, {
            driver: 'folder',
          });
        }
        // A file that keeps changing for this long is not going to be finished by this scan.
        if (t - Math.max(started, lastActivity) >= opts.waitMs * 2 || (seen.size > 0 && t - started >= opts.waitMs * 4)) {
          if (delivered > 0) return { cancelled: false };
          throw deviceError('高拍仪软件一直没有写完图片文件：请在高拍仪软件中重新保存后再扫描。', { driver: 'folder' });
        }
        await sleep();
      }
    } finally {
      watcher?.close();
      cancel = null;
    }
  }

  return {
    name: 'folder',
    async list() {
      await checkFolder();
      return [{ id: opts.path, label: `文件夹 ${opts.path}` }];
    },
    scan,
    cancel() {
      cancel?.();
    },
  };
}
