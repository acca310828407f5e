import { contextBridge, ipcRenderer } from 'electron';
import { buildHostApi } from '../shared/api/client.js';
import type { CallResult } from './transport/dispatch.js';
import { ipcChannel } from './transport/ipc.js';

// Exposes exactly `window.api`: one function per contract method, nothing else.
// Failures reject with a plain { code, message, details } object, the same as browser mode.
contextBridge.exposeInMainWorld(
  'api',
  buildHostApi(async (method, input) => {
    const result = (await ipcRenderer.invoke(ipcChannel(method), input)) as CallResult;
    if (result.ok) return result.value;
    throw result.error;
  }),
);
