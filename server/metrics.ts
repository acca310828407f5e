// In-process counters for the metrics endpoint: accepted events per second over the
// last minute. Each instance reports its own rate; totals come from the database.

export interface Metrics {
  accepted(n: number): void;
  eventsPerSecond(): number;
  /** `outOfOrder`: pushes refused because they came before the batch they follow was settled. */
  pushes: { count: number; totalMs: number; outOfOrder: number };
}

export function createMetrics(now: () => number): Metrics {
  const buckets = new Map<number, number>();
  const pushes = { count: 0, totalMs: 0, outOfOrder: 0 };
  return {
    pushes,
    accepted(n) {
      const s = Math.floor(now() / 1000);
      buckets.set(s, (buckets.get(s) ?? 0) + n);
      for (const k of buckets.keys()) if (k < s - 60) buckets.delete(k);
    },
    eventsPerSecond() {
      const s = Math.floor(now() / 1000);
      let sum = 0;
      for (const [k, v] of buckets) if (k >= s - 60 && k < s) sum += v;
      return Math.round((sum / 60) * 100) / 100;
    },
  };
}
