// The core benchmarks run on a small machine shared with other work, where load comes and goes
// within seconds. One long tinybench run measures each task in its own time slot, so a burst of
// load skews the ratio. Instead: several short rounds, task order rotated each round, a ratio
// taken within each round, and the median of those ratios reported.

import { Bench } from 'tinybench';
import { throughput } from '../../../scripts/bench-report.js';

export interface Rounds {
  /** Operations per second of each task, one entry per round. */
  readonly ops: Record<string, number[]>;
  readonly rounds: number;
}

export async function runRounds(
  name: string,
  tasks: Record<string, () => void>,
  { rounds = 7, time = 500, warmupTime = 100 } = {},
): Promise<Rounds> {
  const names = Object.keys(tasks);
  const ops: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ name, time, warmupTime });
    for (let i = 0; i < names.length; i++) {
      const task = names[(i + round) % names.length] as string;
      bench.add(task, tasks[task] as () => void);
    }
    await bench.run();
    const measured = throughput(bench);
    for (const task of names) ops[task]?.push(measured[task] ?? Number.NaN);
  }
  return { ops, rounds };
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
};

/** Median over rounds of `ops[a] / ops[b]` measured in the same round. */
export function medianRatio(r: Rounds, a: string, b: string): number {
  const ratios = (r.ops[a] ?? []).map((x, i) => x / (r.ops[b]?.[i] ?? Number.NaN));
  return median(ratios);
}

/** Smallest and largest per-round ratio, to show the spread next to the median. */
export function ratioRange(r: Rounds, a: string, b: string): [number, number] {
  const ratios = (r.ops[a] ?? []).map((x, i) => x / (r.ops[b]?.[i] ?? Number.NaN));
  return [Math.min(...ratios), Math.max(...ratios)];
}
