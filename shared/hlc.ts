// Hybrid logical clock: orders events across devices even when wall clocks drift,
// while staying close to real time. Encoded as a fixed-width string so that
// lexicographic order equals causal order (ties broken by device id).

export interface HlcTimestamp {
  wallMs: number;
  counter: number;
  deviceId: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 6;
const MAX_COUNTER = 10 ** COUNTER_WIDTH - 1;
/** A remote clock further ahead than this is rejected rather than followed. */
export const MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

export function encodeHlc(t: HlcTimestamp): string {
  return `${String(t.wallMs).padStart(WALL_WIDTH, '0')}:${String(t.counter).padStart(COUNTER_WIDTH, '0')}:${t.deviceId}`;
}

export function decodeHlc(s: string): HlcTimestamp {
  const m = /^(\d{15}):(\d{6}):(.+)$/.exec(s);
  if (!m) throw new Error(`invalid HLC: ${s}`);
  return { wallMs: Number(m[1]), counter: Number(m[2]), deviceId: m[3]! };
}

export class HybridLogicalClock {
  private wallMs = 0;
  private counter = 0;

  constructor(
    private readonly deviceId: string,
    private readonly now: () => number = Date.now,
    last?: string,
  ) {
    if (last) {
      const t = decodeHlc(last);
      this.wallMs = t.wallMs;
      this.counter = t.counter;
    }
  }

  /** Timestamp for a local event. */
  tick(): string {
    const physical = this.now();
    if (physical > this.wallMs) {
      this.wallMs = physical;
      this.counter = 0;
    } else {
      this.bump();
    }
    return encodeHlc({ wallMs: this.wallMs, counter: this.counter, deviceId: this.deviceId });
  }

  /** Merge a timestamp received from another device (sync pull). */
  receive(remote: string): string {
    const r = decodeHlc(remote);
    const physical = this.now();
    if (r.wallMs - physical > MAX_DRIFT_MS) {
      throw new Error('remote clock too far ahead');
    }
    const maxWall = Math.max(this.wallMs, r.wallMs, physical);
    if (maxWall === this.wallMs && maxWall === r.wallMs) {
      this.counter = Math.max(this.counter, r.counter);
      this.bump();
    } else if (maxWall === this.wallMs) {
      this.bump();
    } else if (maxWall === r.wallMs) {
      this.wallMs = r.wallMs;
      this.counter = r.counter;
      this.bump();
    } else {
      this.wallMs = physical;
      this.counter = 0;
    }
    return encodeHlc({ wallMs: this.wallMs, counter: this.counter, deviceId: this.deviceId });
  }

  private bump(): void {
    if (this.counter >= MAX_COUNTER) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      this.wallMs += 1;
      this.counter = 0;
    } else {
      this.counter += 1;
    }
  }
}
