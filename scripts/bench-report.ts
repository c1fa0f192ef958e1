// Benchmarks write their figures into one shared page, each into its own marked section, so
// running one package's benchmark never erases another's. Repo-only: it writes docs/benchmarks.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Bench } from 'tinybench';

/** The repository root: the nearest ancestor holding pnpm-workspace.yaml. */
function repoRoot(from = process.cwd()): string {
  let dir = from;
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`pnpm-workspace.yaml not found above ${from}`);
    dir = up;
  }
  return dir;
}

/** Replaces (or appends) the section `name` of docs/benchmarks.md with `markdown`. */
export function recordBenchmark(name: string, markdown: string): string {
  const file = join(repoRoot(), 'docs', 'benchmarks.md');
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  let page = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures are written by `pnpm bench`; each section compares ratios measured in one run on one machine.\n';
  const at = page.indexOf(begin);
  const until = page.indexOf(end);
  page =
    at >= 0 && until > at
      ? page.slice(0, at) + block + page.slice(until + end.length)
      : `${page.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, page);
  return file;
}

/** Machine line for a section: where and with what the figures were taken. */
export function benchEnvironment(): string {
  return `Node ${process.version}, ${process.platform}/${process.arch}, measured ${new Date().toISOString().slice(0, 10)}.`;
}

/** Operations per second of each task of a finished tinybench run, by task name. */
export function throughput(bench: Bench): Record<string, number> {
  const out: Record<string, number> = {};
  for (const task of bench.tasks) {
    const r = task.result as { throughput?: { mean?: number } } | undefined;
    out[task.name] = r?.throughput?.mean ?? Number.NaN;
  }
  return out;
}
