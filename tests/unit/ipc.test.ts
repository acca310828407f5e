import { describe, expect, it } from 'vitest';
import { APPLICANT_METHODS, METHOD_NAMES } from '../../shared/api/contract.js';
import { callAllowed, ipcChannel, ipcChannels, ipcInvoker, senderScreen } from '../../electron/transport/ipc.js';

describe('IPC transport', () => {
  it('has one distinct channel per contract method', () => {
    const channels = ipcChannels().map((c) => c.channel);
    expect(new Set(channels).size).toBe(METHOD_NAMES.length);
    expect(channels).toContain(ipcChannel('auth.signIn'));
  });

  it('tells the clerk window from the applicant window and refuses anything else', () => {
    expect(senderScreen('app://renderer/index.html#/settings', true)).toBe('clerk');
    expect(senderScreen('app://renderer/applicant.html', true)).toBe('applicant');
    expect(senderScreen('app://renderer/index.html', false)).toBeNull(); // a sub-frame
    expect(senderScreen('https://evil.example/index.html', true)).toBeNull();
    expect(senderScreen('file:///tmp/index.html', true)).toBeNull();
    expect(senderScreen(undefined, true)).toBeNull();
    expect(senderScreen('not a url', true)).toBeNull();
  });

  it('lets the applicant window call only the applicant methods', () => {
    for (const m of METHOD_NAMES) {
      expect(callAllowed('clerk', m)).toBe(true);
      expect(callAllowed('applicant', m), m).toBe((APPLICANT_METHODS as readonly string[]).includes(m));
      expect(callAllowed(null, m)).toBe(false);
    }
    expect(callAllowed('applicant', 'applicant.view')).toBe(true);
    expect(callAllowed('applicant', 'admin.listClerks')).toBe(false);
  });

  it('unwraps results on the renderer side: values resolve, wire errors reject as plain objects', async () => {
    const seen: string[] = [];
    const invoke = ipcInvoker(async (channel, input) => {
      seen.push(channel);
      return (input as { fail?: boolean }).fail
        ? { ok: false, error: { code: 'FORBIDDEN', message: '无权' } }
        : { ok: true, value: { echoed: input } };
    });
    await expect(invoke('app.info', { a: 1 })).resolves.toEqual({ echoed: { a: 1 } });
    await expect(invoke('admin.listClerks', { fail: true })).rejects.toEqual({ code: 'FORBIDDEN', message: '无权' });
    expect(seen).toEqual([ipcChannel('app.info'), ipcChannel('admin.listClerks')]);
  });
});
