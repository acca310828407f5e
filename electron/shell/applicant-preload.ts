import { contextBridge, ipcRenderer } from 'electron';
import { buildHostApi } from '../../shared/api/client.js';
import { APPLICANT_METHODS } from '../../shared/api/contract.js';
import type { CallResult } from '../transport/dispatch.js';
import { ipcChannel } from '../transport/ipc.js';

// The applicant window's `window.api`: only the methods it needs to display what the clerk shows.
contextBridge.exposeInMainWorld(
  'api',
  buildHostApi(async (method, input) => {
    const result = (await ipcRenderer.invoke(ipcChannel(method), input)) as CallResult;
    if (result.ok) return result.value;
    throw result.error;
  }, APPLICANT_METHODS),
);
