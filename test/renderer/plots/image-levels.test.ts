/**
 * Which tile levels the image panel asks for (src/renderer/src/plots/image-tiles.ts): the finest
 * level whose cells are at least a device pixel, raised to the zoom overview's block only where a
 * tile at the finest level would reduce more than DIRECT_TILE_ELEMENTS elements, so every tile
 * is either cheap to reduce directly or aligned to the overview's cells.
 */
import { describe, expect, it } from 'vitest';
import { DIRECT_TILE_ELEMENTS, levelFor, levelsFor, TILE, tileRect } from '../../../src/renderer/src/plots/image-tiles.js';

describe('levelsFor', () => {
  it('is the finest level per axis without an overview', () => {
    expect(levelsFor(0.01, 0.01, 100_000, 100_000, null)).toEqual({ rows: levelFor(0.01, 100_000), cols: levelFor(0.01, 100_000) });
    expect(levelsFor(1 / 40, 1 / 40, 100_000, 100_000, null)).toEqual({ rows: 5, cols: 5 });
  });

  it('raises costly levels to the overview block on a 100k × 100k slice, and leaves cheap ones', () => {
    // 40 elements per pixel: 32 × 32 blocks, a tile of 8192² = 67M elements, above the budget.
    expect(levelsFor(1 / 40, 1 / 40, 100_000, 100_000, 128)).toEqual({ rows: 7, cols: 7 });
    // 20 elements per pixel: 16 × 16 blocks, a tile of 4096² = 16.8M elements: within it.
    expect(levelsFor(1 / 20, 1 / 20, 100_000, 100_000, 128)).toEqual({ rows: 4, cols: 4 });
    // Already coarser than the block: unchanged.
    expect(levelsFor(1 / 300, 1 / 300, 100_000, 100_000, 128)).toEqual({ rows: 8, cols: 8 });
  });

  it('keeps every tile it asks for within the budget or aligned to the overview cells', () => {
    for (const block of [8, 16, 128]) {
      for (let e = 0; e < 14; e++) {
        for (const [rows, cols] of [
          [100_000, 100_000],
          [16_384, 16_384],
          [40_000_000, 3],
        ] as const) {
          const scale = 2 ** -e;
          const level = levelsFor(scale, scale, rows, cols, block);
          const rect = tileRect({ level, ty: 0, tx: 0 }, rows, cols);
          const aligned = 2 ** level.rows % block === 0 && 2 ** level.cols % block === 0 && (TILE * 2 ** level.rows) % block === 0 && (TILE * 2 ** level.cols) % block === 0;
          expect(rect.rows * rect.cols <= DIRECT_TILE_ELEMENTS || aligned, `${rows}×${cols} at 1/${2 ** e}, block ${block}`).toBe(true);
        }
      }
    }
  });
});
