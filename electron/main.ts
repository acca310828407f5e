import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../shared/errors.js';
import { createHost, type Host } from './host/host.js';
import { testClockFromEnv } from './host/test-clock.js';
import { configureLog } from './host/log.js';
import { registerIpc } from './shell/ipc.js';
import { registerSchemePrivileges, serveRenderer } from './shell/protocol.js';
import { electronPdf } from './shell/pdf.js';
import { electronSecretStore } from './shell/secrets.js';
import { electronDataKeyStore } from './shell/data-key.js';
import { rotateKeyCommand } from './host/rotate-key.js';
import { openElectronSettings } from './shell/settings.js';
import { createApplicantWindow, createMainWindow } from './shell/windows.js';
import { startUpdater } from './shell/updater.js';

// The Electron shell: windows, IPC and the app:// protocol around the same host as browser mode.

const here = fileURLToPath(new URL('.', import.meta.url));
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');

if (process.argv.includes('--rotate-key')) {
  // Maintenance without a window: the key is sealed by this OS account, so only the app can rotate it.
  void app.whenReady().then(async () => {
    const dataDir = arg('data-dir') ?? app.getPath('userData');
    let code = 2;
    try {
      code = await rotateKeyCommand(dataDir, electronDataKeyStore(dataDir), (line) => process.stdout.write(`${line}\n`));
    } catch (err) {
      process.stderr.write(`${err instanceof AppError ? err.message : '更换数据密钥失败：发生未预期的错误。'}\n`);
    }
    app.exit(code);
  });
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerSchemePrivileges();
  let host: Host | null = null;
  let main: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!main) return;
    if (main.isMinimized()) main.restore();
    main.focus();
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app
    .whenReady()
    .then(async () => {
      const dataDir = arg('data-dir') ?? app.getPath('userData');
      configureLog({ dir: join(dataDir, 'logs') });
      host = await createHost({
        dataDir,
        shell: 'electron',
        openSettings: openElectronSettings,
        renderPdf: electronPdf,
        secrets: electronSecretStore(dataDir),
        dataKeys: electronDataKeyStore(dataDir),
        demo: process.argv.includes('--demo'),
        // The e2e test clock, never in a packaged build.
        ...(!app.isPackaged && testClockFromEnv() ? { now: testClockFromEnv()! } : {}),
      });
      serveRenderer(join(here, '..', 'renderer'));
      registerIpc(host);
      // Offline updates from the central service; the restart waits for the clerk (installed builds only).
      startUpdater(host);
      main = createMainWindow(host.services.settings, join(here, 'preload.cjs'));
      const applicant = createApplicantWindow(join(here, 'applicant-preload.cjs'));
      main.on('closed', () => {
        main = null;
        if (!applicant.isDestroyed()) applicant.close();
      });
    })
    .catch((err: unknown) => {
      const msg = err instanceof AppError ? err.message : '发生未预期的错误，请联系管理员。';
      dialog.showErrorBox('一窗通无法启动', msg);
      app.exit(2);
    });

  app.on('window-all-closed', () => {
    void (host?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
}
