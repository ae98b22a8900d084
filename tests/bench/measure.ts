import { performance } from 'node:perf_hooks';

export type Measured = { count: number; seconds: number; perSecond: number; p99: number };

/** Runs `work` `count` times one after another and times each call. */
export async function measure(count: number, work: () => unknown): Promise<Measured> {
  const latencies: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await work();
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - start) / 1000;
  return { count, seconds, perSecond: count / seconds, p99: percentile(latencies, 0.99) };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export function ratio(ours: { perSecond: number }, baseline: { perSecond: number }): string {
  return (ours.perSecond / baseline.perSecond).toFixed(2);
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}
