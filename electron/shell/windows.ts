import { BrowserWindow, screen, type Rectangle } from 'electron';
import type { SettingsStore } from '../../shared/settings.js';
import { APP_ORIGIN } from '../transport/ipc.js';

const SECURE_PREFS = { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false } as const;

function lockDown(win: BrowserWindow): void {
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.on('will-redirect', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
  win.webContents.session.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
}

function visible(bounds: Rectangle): boolean {
  return screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    return bounds.x < a.x + a.width && bounds.x + bounds.width > a.x && bounds.y < a.y + a.height && bounds.y + bounds.height > a.y;
  });
}

export function createMainWindow(settings: SettingsStore, preload: string): BrowserWindow {
  const saved = settings.read().window;
  const win = new BrowserWindow({
    width: saved?.width ?? 1366,
    height: saved?.height ?? 860,
    ...(saved && visible(saved) ? { x: saved.x, y: saved.y } : {}),
    minWidth: 1024,
    minHeight: 700,
    title: '一窗通',
    show: false,
    webPreferences: { ...SECURE_PREFS, preload },
  });
  lockDown(win);
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    settings.update({ window: { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() } });
  });
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** The applicant-facing screen: on the second display when there is one; its preload exposes only the applicant methods. */
export function createApplicantWindow(preload: string): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const second = screen.getAllDisplays().find((d) => d.id !== primary.id);
  const area = (second ?? primary).workArea;
  const win = new BrowserWindow({
    x: area.x,
    y: area.y,
    width: second ? area.width : 800,
    height: second ? area.height : 600,
    fullscreen: Boolean(second),
    title: '一窗通 · 申请人屏',
    show: Boolean(second),
    webPreferences: { ...SECURE_PREFS, preload },
  });
  lockDown(win);
  void win.loadURL(`${APP_ORIGIN}/applicant.html`);
  return win;
}
