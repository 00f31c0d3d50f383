/**
 * The benchmark harness: sections measure, the harness prints one table of figures with
 * ratios against numpy measured in the same run. Benchmarks report; they never assert.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  readonly section: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** numpy's figure for the same task in this run, when numpy is present. */
  readonly numpy?: number;
  /** The target from the issue, as text ("≤ 50 µs", "≥ 2× numpy"). */
  readonly target?: string;
  /** Whether higher is better (throughput) or lower is (time, memory). */
  readonly better: 'higher' | 'lower';
}

export interface BenchContext {
  /** A directory for generated data files, kept between runs (regenerated when missing). */
  readonly dataDir: string;
  readonly hasNumpy: boolean;
  report(figure: Omit<Figure, 'section'>): void;
  log(message: string): void;
  /** Runs a python script with numpy; returns stdout. */
  python(script: string, args?: readonly string[]): string;
}

export interface BenchSection {
  readonly name: string;
  run(ctx: BenchContext): Promise<void>;
}

export function createContext(section: string, figures: Figure[]): BenchContext {
  const dataDir = process.env.ARRAYSCOPE_BENCH_DIR ?? path.join(os.tmpdir(), 'arrayscope-bench');
  mkdirSync(dataDir, { recursive: true });
  const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
  return {
    dataDir,
    hasNumpy,
    report: (f) => {
      figures.push({ section, ...f });
      const ratio = f.numpy !== undefined ? `  (numpy ${fmt(f.numpy)} ${f.unit}; ${ratioText(f.value, f.numpy, f.better)})` : '';
      console.log(`  ${f.name.padEnd(52)} ${fmt(f.value).padStart(10)} ${f.unit}${ratio}${f.target ? `  target ${f.target}` : ''}`);
    },
    log: (m) => console.log(`  · ${m}`),
    python: (script, args = []) => {
      const r = spawnSync('python3', ['-c', `import sys, json, time, os\nimport numpy as np\n${script}`, ...args], {
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      });
      if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
      return r.stdout;
    },
  };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1000 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 0.1 ? x.toFixed(2) : x.toPrecision(3);
}

/** "2.4× faster than numpy" style text: > 1 always means Arrayscope is better. */
export function ratioText(ours: number, numpy: number, better: 'higher' | 'lower'): string {
  const ratio = better === 'higher' ? ours / numpy : numpy / ours;
  return `${ratio.toFixed(2)}× numpy`;
}
