/**
 * The demo arrays a newcomer sees when Arrayscope starts with no file: a few hundred MB in
 * several dtypes and shapes, generated once into the user's cache folder (or the temp folder)
 * and reused. Generation is atomic: files are written into a staging directory that is renamed
 * into place only when complete, so an interrupted run is never mistaken for a finished one.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DType, parseDTypeString, scalar } from '../shared/dtype.js';
import { uniform } from '../shared/random.js';
import { encodeNpyHeader } from './formats/index.js';

const DEMO_VERSION = 'demo-v3';

export function demoDirectory(): string {
  const cache = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir());
  return path.join(cache, 'arrayscope', DEMO_VERSION);
}

interface DemoArray {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Fills `out` (a chunk of whole rows starting at `row0`) with the array's bytes. */
  readonly fill: (out: DataView, row0: number, rows: number) => void;
  readonly raw?: boolean;
}


const SIGNAL_ROWS = 4_000_000;
const SIGNAL_COLS = 8;

function signalValue(row: number, col: number, noise: number, walk: number[]): number {
  const t = row / 1000;
  switch (col) {
    case 0:
      return Math.sin(t / 40);
    case 1:
      return Math.sin(t / 40) + 0.3 * (noise - 0.5);
    case 2:
      return (walk[0]! += noise - 0.5);
    case 3:
      return Math.sin(t * t * 0.01);
    case 4:
      return Math.sin(t / 10) >= 0 ? 1 : -1;
    case 5:
      return row % 100_000 >= 50_000 && row % 100_000 < 52_000 ? NaN : Math.exp(-t / 2000) * Math.cos(t);
    case 6:
      return row === 1_234_567 ? Infinity : row * 0.5;
    default:
      return Math.round(noise * 1000) / 10;
  }
}

function demoArrays(): DemoArray[] {
  const rnd = uniform(42);
  const walk = [0];
  return [
    {
      name: 'signals.npy',
      dtype: scalar('float', 8),
      shape: [SIGNAL_ROWS, SIGNAL_COLS],
      fill: (out, row0, rows) => {
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < SIGNAL_COLS; c++) {
            out.setFloat64((r * SIGNAL_COLS + c) * 8, signalValue(row0 + r, c, rnd(), walk), true);
          }
        }
      },
    },
    {
      name: 'image.npy',
      dtype: scalar('float', 4),
      shape: [2048, 2048],
      fill: (out, row0, rows) => {
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < 2048; c++) {
            const y = (row0 + r - 1024) / 1024;
            const x = (c - 1024) / 1024;
            out.setFloat32((r * 2048 + c) * 4, Math.cos(12 * Math.hypot(x, y)) * Math.exp(-(x * x + y * y)) + x, true);
          }
        }
      },
    },
    {
      name: 'volume.npy',
      dtype: scalar('int', 2),
      shape: [32, 512, 512],
      fill: (out, row0, rows) => {
        for (let z = 0; z < rows; z++) {
          for (let i = 0; i < 512 * 512; i++) {
            const y = Math.floor(i / 512) - 256;
            const x = (i % 512) - 256;
            out.setInt16((z * 512 * 512 + i) * 2, Math.round(1000 * Math.sin((x * x + y * y) / (500 + 100 * (row0 + z)))), true);
          }
        }
      },
    },
    {
      name: 'events.npy',
      dtype: parseDTypeString('<i8,<M8[ms],<f4,?,S8'),
      shape: [200_000],
      fill: (out, row0, rows) => {
        const start = Date.UTC(2024, 0, 1);
        for (let r = 0; r < rows; r++) {
          const i = row0 + r;
          const base = r * 29;
          out.setBigInt64(base, BigInt(i), true);
          out.setBigInt64(base + 8, BigInt(start + i * 1500 + Math.floor(rnd() * 1000)), true);
          out.setFloat32(base + 16, rnd() * 100, true);
          out.setUint8(base + 20, rnd() < 0.1 ? 1 : 0);
          const label = ['alpha', 'beta', 'gamma', 'delta'][i % 4]!;
          for (let k = 0; k < 8; k++) out.setUint8(base + 21 + k, k < label.length ? label.charCodeAt(k) : 0);
        }
      },
    },
    {
      name: 'samples-float32-1000x256.dat',
      dtype: scalar('float', 4),
      shape: [1000, 256],
      raw: true,
      fill: (out, row0, rows) => {
        for (let r = 0; r < rows; r++) for (let c = 0; c < 256; c++) out.setFloat32((r * 256 + c) * 4, (row0 + r) * 1000 + c, true);
      },
    },
  ];
}

async function writeDemo(dir: string, array: DemoArray): Promise<void> {
  const file = path.join(dir, array.name);
  const layout = { dtype: array.dtype, shape: array.shape, fortranOrder: false };
  const header = array.raw ? new Uint8Array(0) : encodeNpyHeader(layout);
  const rowBytes = (array.shape.slice(1).reduce((a, b) => a * b, 1) * array.dtype.itemsize) | 0;
  const rowsPerChunk = Math.max(1, Math.floor((8 << 20) / rowBytes));
  const handle = await open(file, 'w');
  try {
    await handle.write(header, 0, header.byteLength, 0);
    let position = header.byteLength;
    for (let row0 = 0; row0 < array.shape[0]!; row0 += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, array.shape[0]! - row0);
      const chunk = new Uint8Array(rows * rowBytes);
      array.fill(new DataView(chunk.buffer), row0, rows);
      await handle.write(chunk, 0, chunk.byteLength, position);
      position += chunk.byteLength;
    }
  } finally {
    await handle.close();
  }
}

/** Returns the demo files, generating them first if needed (a few seconds, once). */
export async function ensureDemo(log: (message: string) => void = () => undefined): Promise<{ dir: string; files: string[] }> {
  const dir = demoDirectory();
  const names = demoArrays().map((a) => a.name);
  if (!existsSync(dir)) {
    log(`generating demo arrays in ${dir} (once)…`);
    mkdirSync(path.dirname(dir), { recursive: true });
    const staging = `${dir}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    for (const array of demoArrays()) await writeDemo(staging, array);
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process finished first
    }
  }
  return { dir, files: names.map((n) => path.join(dir, n)) };
}
