import { app, type Certificate } from 'electron';
import { autoUpdater } from 'electron-updater';
import { readFileSync } from 'node:fs';
import type { Host } from '../host/host.js';
import { log } from '../host/log.js';
import { chainTrustedBy } from '../services/tls-trust.js';
import { CHECK_INTERVAL_MS } from '../services/updates.js';

// The desktop half of offline updates: electron-updater's generic provider on the central
// service's /updates/, from the URL in the sync settings. It downloads in the background and
// checks the SHA-512 from the channel file (and, on Windows, the installer's signature when the
// build names its publisher); it never installs on quit. The restart is the host's decision
// (electron/services/updates.ts: only with the clerk's consent and no case open).

function pemChain(cert: Certificate): string[] {
  const out: string[] = [];
  for (let c: Certificate | undefined = cert; c && out.length < 10; c = c.issuerCert) {
    out.push(c.data);
    if (c.issuerCert && c.issuerCert.fingerprint === c.fingerprint) break;
  }
  return out;
}

/** Starts the updater in an installed build; returns the stop function. */
export function startUpdater(host: Host): () => void {
  // A development run has no app-update.yml and must not replace itself.
  if (!app.isPackaged) return () => undefined;
  const updates = host.services.updates;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  // electron-updater logs versions and URLs only; nothing about cases or people.
  autoUpdater.logger = {
    info: (m?: unknown) => log.info('updater', { detail: String(m).slice(0, 200) }),
    warn: (m?: unknown) => log.warn('updater', { detail: String(m).slice(0, 200) }),
    error: (m?: unknown) => log.warn('updater error', { detail: String(m).slice(0, 200) }),
    debug: () => undefined,
  };

  let configured: string | null = null;
  function configure(): boolean {
    const feed = updates.feed();
    if (!feed) return false;
    const key = `${feed.url}|${feed.caFile ?? ''}`;
    if (key === configured) return true;
    autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
    const session = autoUpdater.netSession;
    let ca: Buffer | null = null;
    if (feed.caFile) {
      try {
        ca = readFileSync(feed.caFile);
      } catch {
        log.warn('updater: hall CA file unreadable');
      }
    }
    // The hall's private CA, as the sync client trusts it; anything Chromium trusts stays trusted.
    session.setCertificateVerifyProc(
      ca
        ? (req, done) => done(req.errorCode === 0 || chainTrustedBy(pemChain(req.certificate), ca, req.hostname, Date.now()) ? 0 : -2)
        : null,
    );
    configured = key;
    return true;
  }

  let running = false;
  async function check(): Promise<void> {
    if (running || !configure()) return;
    running = true;
    try {
      await autoUpdater.checkForUpdates();
    } catch {
      // Reported through the 'error' event.
    } finally {
      running = false;
    }
  }

  autoUpdater.on('download-progress', (p: { percent: number }) => updates.progress(p.percent));
  autoUpdater.on('update-downloaded', (info: { version: string }) => {
    log.info('update downloaded', { version: info.version });
    updates.downloadedVersion(info.version);
  });
  autoUpdater.on('error', (err: Error) => {
    const checksum = /sha512|checksum/i.test(err.message);
    const signature = /signature|publisher/i.test(err.message);
    updates.failed(
      checksum
        ? '下载的安装包校验值与中心发布的不符，已丢弃：将在下次检查时重新下载。如反复出现，请联系中心管理员重新发布。'
        : signature
          ? '下载的安装包签名无效，已拒绝安装。请联系中心管理员。'
          : '自动更新暂时失败（无法连接中心服务或下载中断），将在下次检查时重试。',
    );
  });

  updates.attachShell({
    check: () => void check(),
    // Silent: the clerk already agreed; the installer restarts the app when done.
    install: () => autoUpdater.quitAndInstall(true, true),
  });

  const first = setTimeout(() => void check(), 30_000);
  const timer = setInterval(() => void check(), CHECK_INTERVAL_MS);
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
