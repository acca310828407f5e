import { BrowserWindow } from 'electron';

/** Electron's PDF printer: an offscreen, sandboxed window with no preload prints the HTML. */
export async function electronPdf(html: string): Promise<Buffer> {
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false } });
  try {
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    return await win.webContents.printToPDF({ pageSize: 'A4', preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
  } finally {
    win.destroy();
  }
}
