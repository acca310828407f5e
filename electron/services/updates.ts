import { readFileSync } from 'node:fs';
import type { UpdateStatus } from '../../shared/api/updates.js';
import { AppError } from '../../shared/errors.js';
import type { SettingsStore } from '../../shared/settings.js';
import { parseUpdateFeed } from '../../shared/update-feed.js';
import { channelFileFor, compareVersions, installBlocker } from '../../shared/updates.js';
import { createHttpClient } from './sync/http.js';

// Offline updates, the host's half: checks the central service's release area over plain HTTP(S)
// (so browser mode can report a newer version too), remembers which windows have a case open, and
// decides whether the desktop shell may restart into a downloaded version. The shell's half
// (electron-updater: download, verification, install) is electron/shell/updater.ts.

/** A window that stops reporting its open case (closed, crashed) no longer holds the restart back. */
export const PRESENCE_TTL_MS = 3 * 60_000;
/** The desktop updater checks on start and then every four hours; the banner's check follows it. */
export const CHECK_INTERVAL_MS = 4 * 60 * 60_000;
const CHECK_TIMEOUT_MS = 15_000;
/** A check asked by the clerk is not repeated within this time. */
const MIN_MANUAL_CHECK_MS = 10_000;

/** What the Electron shell contributes; absent in browser mode. */
export interface UpdateShell {
  /** Asks electron-updater to look for (and download) a newer version now. */
  check(): void;
  /** quitAndInstall into the downloaded version. */
  install(): void;
}

export interface UpdateServiceDeps {
  settings: SettingsStore;
  now: () => number;
  shell: 'electron' | 'browser';
  version: string;
  /** The applicant screen shows a form, a signature or a rating. */
  applicantBusy: () => boolean;
  platform?: string;
  arch?: string;
}

export function createUpdateService(deps: UpdateServiceDeps) {
  const platform = deps.platform ?? process.platform;
  const arch = deps.arch ?? process.arch;
  const iso = (t: number) => new Date(t).toISOString();
  let shell: UpdateShell | null = null;
  let last: { at: number; url: string | null; available: UpdateStatus['available']; error: string | null } | null = null;
  let checking: Promise<void> | null = null;
  let downloadPercent: number | null = null;
  let downloaded: string | null = null;
  let shellError: string | null = null;
  const openCases = new Map<string, { caseId: string; at: number }>();

  function feed(): { url: string; caFile: string | null } | null {
    const { centralUrl, centralCaFile } = deps.settings.read();
    if (!centralUrl) return null;
    return { url: `${centralUrl.replace(/\/+$/, '')}/updates/`, caFile: centralCaFile };
  }

  async function fetchFeed(): Promise<{ available: UpdateStatus['available']; error: string | null }> {
    const f = feed();
    if (!f) return { available: null, error: '尚未设置中心服务地址：请管理员在“同步”页设置后再检查更新。' };
    const channel = channelFileFor(platform, arch);
    if (!channel) return { available: null, error: `本机的系统（${platform} ${arch}）没有对应的安装包，不能自动更新。` };
    let ca: Buffer | undefined;
    if (f.caFile) {
      try {
        ca = readFileSync(f.caFile);
      } catch {
        return { available: null, error: `无法读取中心证书颁发机构文件：${f.caFile}。请在设置中改正路径。` };
      }
    }
    const http = createHttpClient({ ca, timeoutMs: CHECK_TIMEOUT_MS });
    try {
      const res = await http.request('GET', f.url + channel, { headers: { accept: 'text/yaml, */*', 'cache-control': 'no-cache' } });
      if (res.status === 404) return { available: null, error: `中心服务尚未发布更新（没有 ${channel}）。` };
      if (res.status !== 200) return { available: null, error: `中心服务的更新目录返回了错误（HTTP ${res.status}）。` };
      let published;
      try {
        published = parseUpdateFeed(res.body.toString('utf8'), channel);
      } catch (err) {
        return { available: null, error: `中心服务上的更新信息有误：${(err as Error).message}请联系中心管理员重新发布。` };
      }
      const newer = compareVersions(published.version, deps.version) > 0;
      return { available: newer ? { version: published.version, releaseDate: published.releaseDate } : null, error: null };
    } catch (err) {
      return { available: null, error: `无法连接中心服务检查更新（${(err as { code?: string }).code ?? '网络错误'}）。联网后会自动再试。` };
    } finally {
      http.close();
    }
  }

  /** One check at a time; callers during a check wait for it. */
  function check(): Promise<void> {
    const url = feed()?.url ?? null;
    checking ??= fetchFeed()
      .then((r) => {
        last = { at: deps.now(), url, ...r };
      })
      .finally(() => {
        checking = null;
      });
    return checking;
  }

  function reportOpenCase(clientId: string, caseId: string | null): void {
    if (caseId) openCases.set(clientId, { caseId, at: deps.now() });
    else openCases.delete(clientId);
  }

  function openCaseCount(): number {
    const now = deps.now();
    for (const [client, p] of openCases) if (now - p.at > PRESENCE_TTL_MS) openCases.delete(client);
    return openCases.size;
  }

  function blocker(): string | null {
    // Electron without the updater: a development run (not installed from a package).
    if (deps.shell === 'electron' && !shell) return '本程序不是从安装包安装的版本，不能自动更新。';
    return installBlocker({ shell: deps.shell, downloaded, openCases: openCaseCount(), applicantBusy: deps.applicantBusy() });
  }

  function view(): UpdateStatus {
    const reason = blocker();
    return {
      current: deps.version,
      shell: deps.shell,
      supported: shell !== null,
      feedUrl: feed()?.url ?? null,
      checkedAt: last ? iso(last.at) : null,
      // A downloaded version is also what is available, even if the last plain check failed.
      available: last?.available ?? (downloaded ? { version: downloaded, releaseDate: null } : null),
      checkError: shellError ?? last?.error ?? null,
      downloadPercent,
      downloaded,
      canInstall: reason === null,
      blockedReason: reason,
    };
  }

  return {
    feed,
    attachShell(s: UpdateShell): void {
      shell = s;
    },
    /** From the shell: download progress, a verified download, or the updater's failure. */
    progress(percent: number): void {
      downloadPercent = Math.max(0, Math.min(100, Math.round(percent)));
    },
    downloadedVersion(version: string): void {
      downloaded = version;
      downloadPercent = null;
      shellError = null;
    },
    failed(message: string): void {
      shellError = message;
      downloadPercent = null;
    },

    async status(clientId: string, input: { openCaseId: string | null; check: boolean }): Promise<UpdateStatus> {
      reportOpenCase(clientId, input.openCaseId);
      // A changed central address (or the first one set) is checked at once, not in four hours.
      const age = last && last.url === (feed()?.url ?? null) ? deps.now() - last.at : Infinity;
      if (age > CHECK_INTERVAL_MS || (input.check && age > MIN_MANUAL_CHECK_MS)) {
        if (input.check) shell?.check();
        await check();
      }
      return view();
    },

    /** The clerk agreed to restart into `version`; refused while anything on this counter is mid-case. */
    install(clientId: string, input: { version: string; openCaseId: string | null }): { restarting: true } {
      reportOpenCase(clientId, input.openCaseId);
      const reason = blocker();
      if (reason) throw new AppError('CONFLICT', `现在不能重启安装：${reason}`);
      if (input.version !== downloaded) throw new AppError('CONFLICT', `已下载的版本是 ${downloaded}，不是您确认的 ${input.version}。请刷新后重新确认。`);
      // Answer first: the shell quits the app right after.
      setTimeout(() => shell?.install(), 300);
      return { restarting: true };
    },

    check,
  };
}

export type UpdateService = ReturnType<typeof createUpdateService>;
