/**
 * The image view: any 2-D view as a heatmap. Huge slices are reduced in the engine (block min /
 * max / mean per output cell, `imageTile`) and fetched as tiles for the visible area only; the
 * colour limits come from the 2nd and 98th percentiles of the view's histogram (or are typed in);
 * a colorbar shows the scale; zooming goes down to single elements, and hovering shows an
 * element's exact value (read with `page`, printed as numpy prints it).
 */
import { useEffect, useEffectEvent, useId, useMemo, useState } from 'react';
import type { ErrorData } from '../../../shared/errors.js';
import type { SessionInfo, ViewInfo } from '../../../shared/schemas.js';
import { floatStr } from '../../../shared/values/index.js';
import type { PanelProps } from '../app/panel.js';
import { Colorbar } from './Colorbar.js';
import { COLORMAP_NAMES, type ColormapName, colormapLut } from './colormaps.js';
import { PlotError, ProgressRow, useTask } from './common.js';
import { elementText } from './element.js';
import { fitTransform, ImageCanvas, type ImageState, minScaleFor, type Transform, zoomAt } from './ImageCanvas.js';
import { percentile, type Reduction, TileStore } from './image-tiles.js';
import { isNumeric, leafDType, viewKey } from './targets.js';
import { plotTheme, rgbOf } from './theme.js';
import './plots.css';
import { longCall } from './long-calls.js';
import { type ImageOverview, useImageOverview } from './use-image-overview.js';

const AUTO_BINS = 4096;
const COUNT = new Intl.NumberFormat('en-US');

export function ImagePanel(props: PanelProps) {
  if (!props.viewInfo) {
    return (
      <div className="plot-panel">
        <p className="plot-empty">No image: the view is being resolved, or its index expression is not valid (see the view bar).</p>
      </div>
    );
  }
  return <ImageView {...props} info={props.viewInfo} key={`${props.session.id}|${viewKey(props.view)}`} />;
}

function parseLimits(lo: string, hi: string): [number, number] | null {
  const a = Number(lo.trim());
  const b = Number(hi.trim());
  return lo.trim() !== '' && hi.trim() !== '' && Number.isFinite(a) && Number.isFinite(b) && a < b ? [a, b] : null;
}

function ImageView(props: PanelProps & { readonly info: ViewInfo }) {
  const { client, session, view, info, selection, active } = props;
  const ids = useId();
  const [leaf, setLeaf] = useState(selection?.leaf ?? 0);
  const [colormap, setColormap] = useState<ColormapName>('viridis');
  const [auto, setAuto] = useState(true);
  const [loText, setLoText] = useState('');
  const [hiText, setHiText] = useState('');
  const [manual, setManual] = useState<[number, number] | null>(null);
  const [reduction, setReduction] = useState<Reduction>('mean');
  const [view2d, setView2d] = useState<Transform | null>(null);
  const [canvasSize, setCanvasSize] = useState<[number, number]>([0, 0]);
  const [visible, setVisible] = useState<[number, number] | null>(null);
  const [transform, setTransform] = useState<ImageState | null>(null);
  const dtype = leafDType(info, leaf);
  const numeric = dtype !== null && isNumeric(dtype);

  const store = useMemo(() => new TileStore(client, session.id, view, leaf, info.rows, info.cols), [client, session, view, leaf, info.rows, info.cols]);
  useEffect(() => () => store.dispose(), [store]);

  // Automatic limits: percentiles of the view's histogram (the engine histograms field 0 of a view).
  const histogram = useTask<{ edges: Float64Array; counts: Float64Array }>();
  const autoKey = JSON.stringify([viewKey(view), leaf]);
  const canAuto = leaf === 0;
  const [declined, setDeclined] = useState(false);
  // Counted again when the session info is replaced (an edit); the view is fixed for this component.
  const countView = useEffectEvent((key: string, info: SessionInfo) => {
    void histogram.run(key, (options) => longCall(client, 'histogram', { session: info.id, view, bins: AUTO_BINS }, { ...options, priority: 'background' }));
  });
  useEffect(() => {
    if (!active || !auto || !canAuto || !numeric || declined) return;
    countView(autoKey, session);
  }, [active, auto, canAuto, numeric, autoKey, session, declined]);
  // Started after the colour limits (effects run in order; both take the one background slot), so
  // the first picture gets its colours before the overview is built.
  const overview = useImageOverview(client, session, view, leaf, info.rows * info.cols, active && numeric);
  const autoLimits = useMemo((): [number, number] | null => {
    const h = histogram.state.key === autoKey ? histogram.state.value : null;
    if (!h) return null;
    const lo = percentile(h.edges, h.counts, 0.02);
    const hi = percentile(h.edges, h.counts, 0.98);
    return Number.isFinite(lo) && Number.isFinite(hi) ? (lo < hi ? [lo, hi] : [lo - 0.5, hi + 0.5]) : null;
  }, [histogram.state, autoKey]);
  const limits = auto ? autoLimits : manual;
  const shownLimits = limits ?? visible;

  const theme = plotTheme();
  const missing = useMemo(() => rgbOf(theme.special), [theme.special]);
  const lut = colormapLut(colormap);
  const colorKey = `${colormap}|${reduction}|${limits?.[0]}|${limits?.[1]}`;
  const tooltip = useTooltip(props, leaf);

  const applyManual = () => {
    const parsed = parseLimits(loText, hiText);
    if (parsed) setManual(parsed);
  };
  const manualProblem = !auto && (loText || hiText) && !parseLimits(loText, hiText) ? 'Enter two finite numbers, the low limit first.' : null;

  return (
    <div className="plot-panel image-panel">
      <div className="plot-toolbar">
        {info.leaves.length > 1 ? (
          <label className="plot-field" htmlFor={`${ids}-leaf`}>
            Field
            <select id={`${ids}-leaf`} value={leaf} onChange={(e) => setLeaf(Number(e.target.value))}>
              {info.leaves.map((l, i) => (
                <option key={l.path} value={i}>
                  {l.path}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="plot-field" htmlFor={`${ids}-cmap`}>
          Colormap
          <select id={`${ids}-cmap`} value={colormap} onChange={(e) => setColormap(e.target.value as ColormapName)}>
            {COLORMAP_NAMES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="plot-field" htmlFor={`${ids}-reduce`}>
          Cells show
          <select id={`${ids}-reduce`} value={reduction} onChange={(e) => setReduction(e.target.value as Reduction)}>
            <option value="mean">Mean</option>
            <option value="min">Min</option>
            <option value="max">Max</option>
          </select>
        </label>
        <fieldset className="plot-choice">
          <legend className="visually-hidden">Colour limits</legend>
          <label>
            <input type="radio" name={`${ids}-limits`} checked={auto} onChange={() => setAuto(true)} />
            Auto (2–98 %)
          </label>
          <label>
            <input type="radio" name={`${ids}-limits`} checked={!auto} onChange={() => setAuto(false)} />
            Manual
          </label>
        </fieldset>
        {!auto ? (
          <form
            className="plot-range"
            onSubmit={(e) => {
              e.preventDefault();
              applyManual();
            }}
          >
            <label htmlFor={`${ids}-lo`}>Low</label>
            <input id={`${ids}-lo`} className="mono" size={9} value={loText} onChange={(e) => setLoText(e.target.value)} />
            <label htmlFor={`${ids}-hi`}>High</label>
            <input id={`${ids}-hi`} className="mono" size={9} value={hiText} onChange={(e) => setHiText(e.target.value)} />
            <button type="submit" className="button button-small" disabled={!parseLimits(loText, hiText)}>
              Apply
            </button>
          </form>
        ) : null}
        <span className="plot-buttons">
          {(['fit', 'one', 'in', 'out'] as const).map((name) => (
            <button key={name} type="button" className="button button-small" disabled={canvasSize[0] === 0} onClick={() => setView2d(zoomCommand(name, view2d, info, canvasSize))}>
              {{ fit: 'Fit', one: '1:1', in: 'Zoom in', out: 'Zoom out' }[name]}
            </button>
          ))}
        </span>
      </div>
      {manualProblem ? <p className="plot-hint">{manualProblem}</p> : null}
      {auto && !canAuto ? <p className="plot-hint">Automatic limits for this field come from the tiles on screen.</p> : null}
      {histogram.state.running ? (
        <ProgressRow
          label="Finding the 2–98 % colour limits of the view"
          done={histogram.state.done}
          total={histogram.state.total}
          onCancel={() => {
            setDeclined(true);
            histogram.cancel();
          }}
        />
      ) : null}
      {declined && auto && !autoLimits ? (
        <p className="plot-hint">
          Limits from the tiles on screen.{' '}
          <button type="button" className="link-button" onClick={() => setDeclined(false)}>
            Compute 2–98 % limits
          </button>
        </p>
      ) : null}
      {histogram.state.error ? <PlotError what="Colour limits" error={histogram.state.error} /> : null}
      <OverviewStatus overview={overview} />
      {transform?.error ? <PlotError what="Image" error={transform.error} /> : null}
      {!numeric ? (
        <p className="plot-empty">
          {info.leaves[leaf]?.path || 'The array'} holds {dtype?.kind} values; an image needs numbers.
        </p>
      ) : (
        <div className="image-body">
          <ImageCanvas
            store={store}
            rows={info.rows}
            cols={info.cols}
            lut={lut}
            colorKey={colorKey}
            limits={limits}
            reduction={reduction}
            missing={missing}
            overviewBlock={overview.block}
            onHover={tooltip.setAt}
            onVisibleRange={(r) => setVisible((v) => (v?.[0] === r?.[0] && v?.[1] === r?.[1] ? v : r))}
            transform={view2d}
            onTransform={setView2d}
            onSize={(w, h) => setCanvasSize((s) => (s[0] === w && s[1] === h ? s : [w, h]))}
            onState={(t) => setTransform((old) => (old && old.scaleX === t.scaleX && old.scaleY === t.scaleY && old.originRow === t.originRow && old.originCol === t.originCol && old.level === t.level && old.width === t.width && old.height === t.height && old.loading === t.loading && old.error === t.error ? old : t))}
            label={`Image of the ${COUNT.format(info.rows)} × ${COUNT.format(info.cols)} view in ${colormap}`}
          />
          <Colorbar lut={lut} limits={shownLimits} missing={theme.special} name={colormap} />
          {tooltip.at && tooltip.text !== null ? (
            <div className="image-tooltip mono" role="tooltip" style={{ left: tooltip.at.x + 14, top: tooltip.at.y + 14 }}>
              [{tooltip.at.row}, {tooltip.at.col}] = {tooltip.text}
            </div>
          ) : null}
        </div>
      )}
      <ImageStatus info={info} transform={transform} limits={shownLimits} tooltip={tooltip} overviewBlock={overview.block} />
    </div>
  );
}

/** What the Fit, 1:1 and zoom buttons do to the current transform (canvas size in device px). */
function zoomCommand(name: 'fit' | 'one' | 'in' | 'out', current: Transform | null, info: ViewInfo, [width, height]: [number, number]): Transform {
  const t = current ?? fitTransform(info.rows, info.cols, width, height);
  if (name === 'fit') return fitTransform(info.rows, info.cols, width, height);
  if (name === 'one') {
    const dpr = window.devicePixelRatio || 1;
    const centreRow = t.originRow + height / t.scaleY / 2;
    const centreCol = t.originCol + width / t.scaleX / 2;
    return { scaleX: dpr, scaleY: dpr, originRow: centreRow - height / dpr / 2, originCol: centreCol - width / dpr / 2 };
  }
  return zoomAt(t, name === 'in' ? 2 : 0.5, width / 2, height / 2, minScaleFor(info.rows, info.cols, width, height));
}

/** The zoom overview's build (progress and Cancel), its failure, or the offer to build it after a Cancel. */
function OverviewStatus({ overview }: { overview: ImageOverview }) {
  if (overview.building) {
    return <ProgressRow label="Building the zoom overview of the image" done={overview.building.done} total={overview.building.total} onCancel={overview.cancel} />;
  }
  if (overview.error) return <PlotError what="Zoom overview" error={overview.error} />;
  if (!overview.declined) return null;
  return (
    <p className="plot-hint">
      Zoomed-out tiles are reduced from all the elements they cover.{' '}
      <button type="button" className="link-button" onClick={overview.build}>
        Build overview
      </button>
    </p>
  );
}

function ImageStatus({ info, transform, limits, tooltip, overviewBlock }: { info: ViewInfo; transform: ImageState | null; limits: readonly [number, number] | null; tooltip: Tooltip; overviewBlock: number | null }) {
  if (!transform) return <p className="plot-status" />;
  const { scaleX, scaleY, originRow, originCol, width, height, level, loading } = transform;
  const rows = [Math.max(0, Math.floor(originRow)), Math.min(info.rows, Math.ceil(originRow + height / scaleY))];
  const cols = [Math.max(0, Math.floor(originCol)), Math.min(info.cols, Math.ceil(originCol + width / scaleX))];
  const per = (scale: number, what: string) => (scale >= 1 ? `${floatStr(Math.round(scale * 100) / 100, 8)} px per ${what}` : `1 px per ${floatStr(Math.round(100 / scale) / 100, 8)} ${what}s`);
  const zoom = scaleX === scaleY ? per(scaleX, 'element') : `${per(scaleY, 'row')}, ${per(scaleX, 'column')}`;
  return (
    <p className="plot-status" role="status">
      Rows {COUNT.format(rows[0]!)}–{COUNT.format(Math.max(rows[0]!, rows[1]! - 1))}, columns {COUNT.format(cols[0]!)}–{COUNT.format(Math.max(cols[0]!, cols[1]! - 1))} · {zoom}
      {level.rows + level.cols > 0 ? ` · cells are ${2 ** level.rows}×${2 ** level.cols} blocks` : ''}
      {overviewBlock !== null && Math.min(2 ** level.rows, 2 ** level.cols) >= overviewBlock ? ' (from the zoom overview)' : ''}
      {limits ? ` · limits ${floatStr(limits[0], 8)} to ${floatStr(limits[1], 8)}` : ''}
      {loading > 0 ? ` · loading ${loading} tiles` : ''}
      {tooltip.error ? ` · ${tooltip.error.message}` : ''}
    </p>
  );
}

interface Tooltip {
  readonly at: { row: number; col: number; x: number; y: number } | null;
  readonly text: string | null;
  readonly error: ErrorData | null;
  setAt(at: { row: number; col: number; x: number; y: number } | null): void;
}

/** The exact value of the element under the pointer (newest request wins). */
function useTooltip(props: PanelProps & { readonly info: ViewInfo }, leaf: number): Tooltip {
  const { client, session, view, info } = props;
  const [at, setAt] = useState<Tooltip['at']>(null);
  const [shown, setShown] = useState<{ row: number; col: number; text: string } | null>(null);
  const [error, setError] = useState<ErrorData | null>(null);
  const row = at?.row;
  const col = at?.col;
  // The view and its info are read as they are when the value is read; the pointer's element, the
  // field and the session info (replaced after every edit) decide when to read.
  const readElement = useEffectEvent((id: string, element: { row: number; col: number; leaf: number }, signal: AbortSignal) => elementText(client, id, view, info, element, signal));
  useEffect(() => {
    if (row === undefined || col === undefined) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void readElement(session.id, { row, col, leaf }, controller.signal).then((t) => {
        if (controller.signal.aborted) return;
        setError(t.error);
        setShown({ row, col, text: t.text });
      });
    }, 30);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [row, col, leaf, session]);
  const text = at && shown && shown.row === at.row && shown.col === at.col ? shown.text : null;
  return { at, text, error, setAt };
}
