import { contextBridge, ipcRenderer } from 'electron';
import { buildHostApi } from '../shared/api/client.js';
import { ipcInvoker } from './transport/ipc.js';

// Exposes exactly `window.api`: one function per contract method, nothing else.
// Failures reject with a plain { code, message, details } object, the same as browser mode.
contextBridge.exposeInMainWorld('api', buildHostApi(ipcInvoker((channel, input) => ipcRenderer.invoke(channel, input))));
