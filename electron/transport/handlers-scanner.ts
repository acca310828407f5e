import type { scannerMethods } from '../../shared/api/scanner.js';
import type { Handlers } from './handlers.js';

export const scannerHandlers: Handlers<keyof typeof scannerMethods> = {
  'scanner.scan': (s, _ctx, input) => s.scanner.scan(input),
  'scanner.cancel': (s) => s.scanner.cancel(),
  'scanner.status': (s) => s.scanner.status(),
  'scanner.attach': (s, _ctx, input) => s.scanner.attach(input),
  'scanner.attachBegin': (s, _ctx, input) => s.scanner.attachBegin(input),
  'scanner.attachChunk': (s, _ctx, input) => s.scanner.attachChunk(input),
  'scanner.attachEnd': (s, _ctx, input) => s.scanner.attachEnd(input),
  'scanner.rotate': (s, _ctx, input) => s.scanner.rotate(input),
  'scanner.page': (s, _ctx, input) => s.scanner.page(input),
  'scanner.test': (s) => s.scanner.test(),
  'scanner.devices': (s) => s.scanner.devices(),
  'admin.getScannerSettings': (s) => s.scanner.settingsView(),
  'admin.updateScannerSettings': (s, _ctx, input) => s.scanner.updateSettings(input),
};
