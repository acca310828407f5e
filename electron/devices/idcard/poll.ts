import { IdCardError, messages, type ReadOptions } from './types.js';

// The waiting common to every driver: one read at a time, poll for a card until the
// deadline or the caller's cancel, never leave a device call running unnoticed.

export const POLL_INTERVAL_MS = 150;

function cancelled(): IdCardError {
  return new IdCardError('cancelled', messages.cancelled());
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Serialises reads and counts device calls still running. A native call cannot be interrupted:
 * when a read gives up on it (timeout, cancel), the reader stays busy until the call returns.
 */
export class ReadGate {
  private reading = false;
  private pending = 0;

  get busy(): boolean {
    return this.reading || this.pending > 0;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.busy) throw new IdCardError('busy', messages.busy());
    this.reading = true;
    try {
      return await fn();
    } finally {
      this.reading = false;
    }
  }

  /** Registers a device call so the reader stays busy while it runs. */
  track<T>(p: Promise<T>): Promise<T> {
    this.pending++;
    const done = () => {
      this.pending--;
    };
    p.then(done, done);
    return p;
  }

  /** Resolves once no device call is running (for close()). */
  async idle(limitMs = 10_000): Promise<void> {
    const until = Date.now() + limitMs;
    while (this.pending > 0 && Date.now() < until) await sleep(20);
  }
}

/**
 * Waits for `p` until `deadline` (performance.now() based) or the signal; `p` goes on running.
 * `onLate` builds the error for a call that outlives the deadline.
 */
export function beforeDeadline<T>(p: Promise<T>, deadline: number, signal: AbortSignal | undefined, onLate: () => IdCardError): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => finish(() => reject(onLate())), Math.max(0, deadline - performance.now()));
    const onAbort = () => finish(() => reject(cancelled()));
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    function finish(f: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      signal?.removeEventListener('abort', onAbort);
      f();
    }
    p.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

export function noCard(timeoutMs: number): IdCardError {
  return new IdCardError('no_card', messages.noCard(Math.max(1, Math.round(timeoutMs / 1000))));
}

/**
 * Calls `attempt` until it returns a card (not null), the time is up (kind `no_card`) or the
 * caller cancels. `attempt` throws IdCardError for anything other than "no card yet"; it is told
 * how many earlier attempts found no card, so a search cut off by the deadline after the device
 * has answered "no card" is reported as no card rather than as a device timeout.
 */
export async function pollForCard<T>(opts: ReadOptions, attempt: (deadline: number, emptyPolls: number) => Promise<T | null>, intervalMs = POLL_INTERVAL_MS): Promise<T> {
  const deadline = performance.now() + opts.timeoutMs;
  for (let emptyPolls = 0; ; emptyPolls++) {
    if (opts.signal?.aborted) throw cancelled();
    const card = await attempt(deadline, emptyPolls);
    if (card !== null) return card;
    const left = deadline - performance.now();
    if (left <= 0) throw noCard(opts.timeoutMs);
    await sleep(Math.min(intervalMs, left), opts.signal);
  }
}
