import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Host } from '../host/host.js';
import { ipcChannels, senderAllowed } from '../transport/ipc.js';

/** Registers one IPC handler per contract method; calls from any other frame are refused. */
export function registerIpc(host: Host): void {
  for (const { method, channel } of ipcChannels()) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame;
      if (!senderAllowed(frame?.url, frame !== null && frame.parent === null)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未授权窗口的请求。' } };
      }
      return host.call({ clientId: `wc:${event.sender.id}` }, method, input);
    });
  }
}
