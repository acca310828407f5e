import { describe, expect, it } from 'vitest';
import { decodeHlc, HybridLogicalClock, MAX_DRIFT_MS } from '../../shared/hlc.js';

describe('hybrid logical clock', () => {
  it('is strictly increasing even when the wall clock stands still or goes back', () => {
    let t = 1_000_000;
    const clock = new HybridLogicalClock('dev-a', () => t);
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      if (i === 20) t -= 5_000; // clock set back
      if (i % 3 === 0) t += 1;
      seen.push(clock.tick());
    }
    const sorted = [...seen].sort();
    expect(sorted).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('moves past a remote timestamp it receives', () => {
    const a = new HybridLogicalClock('a', () => 1000);
    const b = new HybridLogicalClock('b', () => 500);
    const fromA = a.tick();
    const merged = b.receive(fromA);
    expect(merged > fromA).toBe(true);
    expect(b.tick() > merged).toBe(true);
    expect(decodeHlc(merged).wallMs).toBe(1000);
  });

  it('resumes after its last persisted timestamp', () => {
    const first = new HybridLogicalClock('a', () => 2000);
    const last = first.tick();
    const resumed = new HybridLogicalClock('a', () => 1500, last);
    expect(resumed.tick() > last).toBe(true);
  });

  it('refuses a remote clock that is far in the future', () => {
    const a = new HybridLogicalClock('a', () => 0);
    const future = new HybridLogicalClock('z', () => MAX_DRIFT_MS + 10_000).tick();
    expect(() => a.receive(future)).toThrow(/too far ahead/);
  });
});
