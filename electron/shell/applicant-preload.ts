import { contextBridge, ipcRenderer } from 'electron';
import { buildHostApi } from '../../shared/api/client.js';
import { APPLICANT_METHODS } from '../../shared/api/contract.js';
import { ipcInvoker } from '../transport/ipc.js';

// The applicant window's `window.api`: only the methods it needs to display what the clerk shows.
contextBridge.exposeInMainWorld('api', buildHostApi(ipcInvoker((channel, input) => ipcRenderer.invoke(channel, input)), APPLICANT_METHODS));
