import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../shared/api/contract.js';
import { ipcChannel, ipcChannels, senderAllowed } from '../../electron/transport/ipc.js';

describe('IPC transport', () => {
  it('has one distinct channel per contract method', () => {
    const channels = ipcChannels().map((c) => c.channel);
    expect(new Set(channels).size).toBe(METHOD_NAMES.length);
    expect(channels).toContain(ipcChannel('auth.signIn'));
  });

  it('accepts only the main frame of the clerk window', () => {
    expect(senderAllowed('app://renderer/index.html#/settings', true)).toBe(true);
    expect(senderAllowed('app://renderer/index.html', false)).toBe(false); // a sub-frame
    expect(senderAllowed('app://renderer/applicant.html', true)).toBe(false); // the applicant screen
    expect(senderAllowed('https://evil.example/index.html', true)).toBe(false);
    expect(senderAllowed('file:///tmp/index.html', true)).toBe(false);
    expect(senderAllowed(undefined, true)).toBe(false);
    expect(senderAllowed('not a url', true)).toBe(false);
  });
});
