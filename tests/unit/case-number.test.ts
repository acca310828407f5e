import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openClientStore, type ClientStore } from '../../db/index.js';
import { CASE_NUMBER_RE, deviceTag, formatCaseNumber } from '../../shared/intake.js';
import { tempDir } from '../helpers/tmp.js';

// Case numbers are made offline on each counter: hall code + date + device tag + the device's own
// daily sequence, taken from its SQLite store.

describe('case numbers', () => {
  const open: ClientStore[] = [];
  const dirs: (() => void)[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    for (const c of dirs.splice(0)) c();
  });

  it('gives 100,000 distinct numbers across 10 devices drawing at the same time', async () => {
    // Ten counters of one hall, with the device ids of a real installation (UUIDv7).
    const ids = Array.from({ length: 10 }, (_, i) => `0193a1b2-c3d4-7e5f-8${i}12-${(0x1234567890ab + i * 0x1111).toString(16)}`);
    expect(new Set(ids.map(deviceTag)).size).toBe(10);
    const devices = [];
    for (const id of ids) {
      const t = tempDir('yct-caseno-');
      dirs.push(t.cleanup);
      const store = await openClientStore(join(t.dir, 'c.sqlite'), id, { synchronous: 'NORMAL' });
      open.push(store);
      devices.push({ id, store });
    }
    const numbers: string[] = [];
    await Promise.all(
      devices.map(async ({ id, store }) => {
        // Each device draws 10,000 numbers in bursts of concurrent calls, as simultaneous saves would.
        for (let burst = 0; burst < 100; burst++) {
          const seqs = await Promise.all(Array.from({ length: 100 }, () => store.cases.nextSequence('case:2026-11-23')));
          for (const seq of seqs) numbers.push(formatCaseNumber('232701', '2026-11-23', deviceTag(id), seq));
        }
      }),
    );
    expect(numbers).toHaveLength(100_000);
    expect(new Set(numbers).size).toBe(100_000);
    for (const n of numbers.slice(0, 100)) expect(n).toMatch(CASE_NUMBER_RE);
  }, 120_000);

  it('continues a device sequence after a reopen instead of starting again', async () => {
    const t = tempDir('yct-caseno-');
    dirs.push(t.cleanup);
    const file = join(t.dir, 'c.sqlite');
    let store = await openClientStore(file, 'device-a');
    expect(await store.cases.nextSequence('case:2026-11-23')).toBe(1);
    expect(await store.cases.nextSequence('case:2026-11-23')).toBe(2);
    expect(await store.cases.nextSequence('case:2026-11-24')).toBe(1);
    await store.close();
    store = await openClientStore(file, 'device-a');
    open.push(store);
    expect(await store.cases.nextSequence('case:2026-11-23')).toBe(3);
  });

  it('reads as hall, date, device and sequence', () => {
    expect(formatCaseNumber('232701', '2026-11-23', 'F82Q', 12)).toBe('232701-20261123-F82Q-0012');
    expect(formatCaseNumber('', '2026-11-23', 'F82Q', 12345)).toBe('YCT-20261123-F82Q-12345');
    expect(deviceTag('x')).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
  });
});
