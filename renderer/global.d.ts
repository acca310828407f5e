import type { HostApi } from '../shared/api/contract';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode until api.ts installs the HTTP client. */
    api?: HostApi;
  }
}
