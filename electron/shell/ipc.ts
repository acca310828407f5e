import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Host } from '../host/host.js';
import { callAllowed, ipcChannels, senderScreen } from '../transport/ipc.js';

/** Registers one IPC handler per contract method; calls from other frames, or beyond a window's methods, are refused. */
export function registerIpc(host: Host): void {
  for (const { method, channel } of ipcChannels()) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      if (!callAllowed(senderScreen(frame?.url, frame !== null && frame.parent === null), method)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未授权窗口的请求。' } };
      }
      return host.call({ clientId: `wc:${event.sender.id}` }, method, input);
    });
  }
}
