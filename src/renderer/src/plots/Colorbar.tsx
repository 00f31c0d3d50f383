/**
 * The image's colour scale: the LUT drawn bottom (low limit) to top (high limit), with the two
 * limits and the middle value labelled, plus the colour used for missing values (NaN, NaT).
 */
import { useEffect, useRef } from 'react';
import { floatStr } from '../../../shared/values/index.js';
import { cssColor } from './colormaps.js';

export function Colorbar({ lut, limits, missing, name }: { lut: Uint8Array; limits: readonly [number, number] | null; missing: string; name: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    el.width = 1;
    el.height = 256;
    for (let k = 0; k < 256; k++) {
      ctx.fillStyle = cssColor(lut, k);
      ctx.fillRect(0, 255 - k, 1, 1);
    }
  }, [lut]);
  const text = (x: number) => floatStr(x, 8);
  return (
    <figure className="colorbar" aria-label={limits ? `Colour scale ${name} from ${text(limits[0])} to ${text(limits[1])}` : `Colour scale ${name}`}>
      <div className="colorbar-body">
        <canvas ref={canvas} className="colorbar-canvas" />
        <div className="colorbar-labels mono">
          <span>{limits ? text(limits[1]) : ''}</span>
          <span>{limits ? text((limits[0] + limits[1]) / 2) : ''}</span>
          <span>{limits ? text(limits[0]) : ''}</span>
        </div>
      </div>
      <figcaption className="colorbar-missing">
        <span className="plot-swatch" style={{ background: missing }} aria-hidden="true" /> NaN
      </figcaption>
    </figure>
  );
}
