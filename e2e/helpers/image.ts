/**
 * Reading the Image panel's canvas in e2e specs. The canvas publishes its transform as data
 * attributes (origin row/column, device pixels per element), so a spec can find the pixel that
 * shows element (row, col) without guessing the layout.
 */
import { expect, type Locator } from '@playwright/test';

/** The canvas pixel (device px) at the centre of element (row, col), as [r, g, b]. */
export async function pixelOf(canvas: Locator, row: number, col: number): Promise<[number, number, number]> {
  return canvas.evaluate(
    (el, at) => {
      const c = el as HTMLCanvasElement;
      const x = Math.floor((at.col + 0.5 - Number(c.dataset.originCol)) * Number(c.dataset.scaleX));
      const y = Math.floor((at.row + 0.5 - Number(c.dataset.originRow)) * Number(c.dataset.scaleY));
      const d = c.getContext('2d')!.getImageData(x, y, 1, 1).data;
      return [d[0]!, d[1]!, d[2]!] as [number, number, number];
    },
    { row, col },
  );
}

/** Switches the Image panel to the gray colormap with manual limits [low, high] and waits until drawn with them. */
export async function useGrayLimits(panel: Locator, canvas: Locator, low: number, high: number): Promise<void> {
  await panel.getByLabel('Colormap').selectOption('gray');
  await panel.getByLabel('Manual').check();
  await panel.getByLabel('Low').fill(String(low));
  await panel.getByLabel('High').fill(String(high));
  await panel.getByRole('button', { name: 'Apply' }).click();
  await expect(canvas).toHaveAttribute('data-limits', `${low.toFixed(1)},${high.toFixed(1)}`);
}
