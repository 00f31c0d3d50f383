/**
 * Histogram of the selected column, the whole view or the whole array: numpy's np.histogram
 * counts (the engine's native kernel reproduces them exactly), a chosen number of bins, a range
 * from the data's min/max or typed in, linear or log counts. The counts are drawn as uPlot bars
 * and listed in a table (for reading and for assistive technology).
 */
import { useEffect, useEffectEvent, useId, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import type { Input } from '../../../shared/contract.js';
import type { SessionInfo } from '../../../shared/schemas.js';
import { floatStr } from '../../../shared/values/index.js';
import type { PanelProps } from '../app/panel.js';
import { PartPicker, PlotError, ProgressRow, ScopePicker, useElementSize, useTask } from './common.js';
import { type ColumnRef, columnLabel, isNumeric, leafDType, type Part, type Scope, selectionColumn, viewKey } from './targets.js';
import { plotTheme, withAlpha } from './theme.js';
import { axis, type ChartSpec, useUPlot } from './uplot-chart.js';
import './plots.css';
import { longCall } from './long-calls.js';

type Histogram = { edges: Float64Array; counts: Float64Array };
const COUNT_FORMAT = new Intl.NumberFormat('en-US');

function parseRange(lo: string, hi: string): { range: [number, number] } | { problem: string } {
  const a = Number(lo.trim());
  const b = Number(hi.trim());
  if (lo.trim() === '' || hi.trim() === '' || !Number.isFinite(a) || !Number.isFinite(b)) return { problem: 'Enter a finite number for both ends of the range.' };
  if (a > b) return { problem: `The range start ${lo.trim()} is greater than its end ${hi.trim()}.` };
  return { range: [a, b] };
}

export function HistogramPanel(props: PanelProps) {
  const { client, session, view, viewInfo, selection, active } = props;
  const ids = useId();
  const [scope, setScope] = useState<Scope>('column');
  const [part, setPart] = useState<Part>('abs');
  const [bins, setBins] = useState(50);
  const [binsText, setBinsText] = useState('50');
  const [manual, setManual] = useState(false);
  const [loText, setLoText] = useState('');
  const [hiText, setHiText] = useState('');
  const [applied, setApplied] = useState<[number, number] | null>(null);
  const [logCounts, setLogCounts] = useState(false);
  const [showTable, setShowTable] = useState(false);
  const task = useTask<Histogram>();
  const column = selectionColumn(selection, viewInfo, part);
  const dtype = column && viewInfo ? leafDType(viewInfo, column.leaf) : null;
  const numeric = scope !== 'column' || (dtype !== null && isNumeric(dtype));
  const range = manual ? applied : null;
  const request = histogramRequest(scope, session, view, column, bins, range);
  // The effect below follows this text key, not the request object (a new one on every render).
  const key = request ? JSON.stringify([viewKey(view), request.column ?? null, scope, bins, range]) : null;
  const [cancelledKey, setCancelledKey] = useState<string | null>(null);

  // Counted once per (what, session info): the shell replaces the info after every edit.
  const fetched = useRef<{ key: string | null; session: SessionInfo | null }>({ key: null, session: null });
  const countOnce = useEffectEvent((runKey: string, info: SessionInfo) => {
    if (!request || (fetched.current.key === runKey && fetched.current.session === info)) return;
    fetched.current = { key: runKey, session: info };
    void task.run(runKey, (options) => longCall(client, 'histogram', request, { ...options, priority: 'background' }));
  });
  useEffect(() => {
    if (!active || !key || !numeric || cancelledKey === key) return;
    countOnce(key, session);
  }, [active, key, numeric, session, cancelledKey]);

  const result = task.state.key === key ? task.state.value : null;
  const what = scope === 'array' ? 'the whole array' : scope === 'view' ? 'the view' : column && viewInfo ? columnLabel(viewInfo, column) : 'the selected column';
  const rangeCheck = manual ? parseRange(loText, hiText) : null;

  const applyBins = (text: string) => {
    setBinsText(text);
    const n = Number(text);
    if (Number.isInteger(n) && n >= 1 && n <= 10_000) setBins(n);
  };
  const binsProblem = !(Number.isInteger(Number(binsText)) && Number(binsText) >= 1 && Number(binsText) <= 10_000);

  return (
    <div className="plot-panel histogram-panel">
      <div className="plot-toolbar">
        <ScopePicker scope={scope} onChange={setScope} columnText="Selected column" />
        {scope === 'column' && dtype?.kind === 'complex' ? <PartPicker part={part} onChange={setPart} /> : null}
        <label className="plot-field" htmlFor={`${ids}-bins`}>
          Bins
          <input id={`${ids}-bins`} type="number" min={1} max={10000} value={binsText} aria-invalid={binsProblem} onChange={(e) => applyBins(e.target.value)} />
        </label>
        <label className="plot-check">
          <input type="checkbox" checked={manual} onChange={(e) => setManual(e.target.checked)} />
          Manual range
        </label>
        {manual ? (
          <form
            className="plot-range"
            onSubmit={(e) => {
              e.preventDefault();
              if (rangeCheck && 'range' in rangeCheck) setApplied(rangeCheck.range);
            }}
          >
            <label htmlFor={`${ids}-lo`}>From</label>
            <input id={`${ids}-lo`} className="mono" value={loText} onChange={(e) => setLoText(e.target.value)} size={10} />
            <label htmlFor={`${ids}-hi`}>to</label>
            <input id={`${ids}-hi`} className="mono" value={hiText} onChange={(e) => setHiText(e.target.value)} size={10} />
            <button type="submit" className="button button-small" disabled={!rangeCheck || 'problem' in rangeCheck}>
              Apply
            </button>
          </form>
        ) : null}
        <label className="plot-check">
          <input type="checkbox" checked={logCounts} onChange={(e) => setLogCounts(e.target.checked)} />
          Log counts
        </label>
        <button type="button" className="button button-small" aria-pressed={showTable} onClick={() => setShowTable((v) => !v)}>
          {showTable ? 'Hide counts table' : 'Show counts table'}
        </button>
      </div>
      {binsProblem ? <p className="plot-hint">Bins must be a whole number from 1 to 10000.</p> : null}
      {manual && rangeCheck && 'problem' in rangeCheck && (loText || hiText) ? <p className="plot-hint">{rangeCheck.problem}</p> : null}
      {manual && !applied ? <p className="plot-hint">Type the range and press Apply; until then the range is the data's min to max.</p> : null}
      {task.state.running ? (
        <ProgressRow
          label={`Counting ${what}`}
          done={task.state.done}
          total={task.state.total}
          onCancel={() => {
            setCancelledKey(key);
            fetched.current = { key: null, session: null };
            task.cancel();
          }}
        />
      ) : null}
      {task.state.error && task.state.key === key ? <PlotError what={`Histogram of ${what}`} error={task.state.error} /> : null}
      {scope !== 'column' && viewInfo && viewInfo.leaves.length > 1 ? <p className="plot-hint">{scope === 'view' ? 'The view' : 'The array'} is counted over its first field, {viewInfo.leaves[0]!.path}; pick a column to count another field.</p> : null}
      {!request ? <p className="plot-empty">Select a column in the table to see its histogram.</p> : null}
      {request && !numeric ? <p className="plot-empty">{what} holds {dtype?.kind} values; a histogram needs numbers.</p> : null}
      {cancelledKey === key && !result ? (
        <p className="plot-empty">
          Cancelled.{' '}
          <button type="button" className="link-button" onClick={() => setCancelledKey(null)}>
            Count again
          </button>
        </p>
      ) : null}
      {result ? <HistogramChart result={result} logCounts={logCounts} what={what} /> : <div className="plot-chart" />}
      {result && showTable ? <CountsTable result={result} what={what} /> : null}
    </div>
  );
}

function histogramRequest(scope: Scope, session: SessionInfo, view: PanelProps['view'], column: ColumnRef | null, bins: number, range: [number, number] | null): Input<'histogram'> | null {
  const base = { session: session.id, bins, ...(range ? { range } : {}) };
  if (scope === 'array') return base;
  if (scope === 'view') return { ...base, view };
  return column ? { ...base, view, column } : null;
}

function HistogramChart({ result, logCounts, what }: { result: Histogram; logCounts: boolean; what: string }) {
  const box = useRef<HTMLDivElement>(null);
  const size = useElementSize(box);
  const spec = useMemo((): ChartSpec => {
    const theme = plotTheme();
    const { edges, counts } = result;
    const centers = Array.from(counts, (_, i) => (edges[i]! + edges[i + 1]!) / 2);
    const ys = Array.from(counts, (c) => (logCounts && c <= 0 ? null : c));
    return {
      data: [centers, ys],
      options: {
        scales: { x: { time: false, range: () => [edges[0]!, edges[edges.length - 1]!] }, y: logCounts ? { distr: 3 } : { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] } },
        series: [
          {},
          {
            label: 'count',
            stroke: theme.accent,
            fill: withAlpha(theme.accent, 0.55),
            width: 1,
            paths: uPlot.paths.bars!({ size: [1, Infinity], gap: 0 }),
            points: { show: false },
          },
        ],
        axes: [axis(theme), axis(theme, { size: 60 })],
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
      },
    };
  }, [result, logCounts]);
  useUPlot(box, { width: size.width, height: Math.max(0, size.height) }, spec);
  const total = result.counts.reduce((a, b) => a + b, 0);
  return (
    <figure className="plot-figure">
      <div ref={box} className="plot-chart" role="img" aria-label={`Histogram of ${what}: ${result.counts.length} bins from ${floatStr(result.edges[0]!, 8)} to ${floatStr(result.edges[result.edges.length - 1]!, 8)}, ${COUNT_FORMAT.format(total)} values counted`} />
      <figcaption className="plot-caption">
        {result.counts.length} bins over [{floatStr(result.edges[0]!, 8)}, {floatStr(result.edges[result.edges.length - 1]!, 8)}], {COUNT_FORMAT.format(total)} values counted
        {logCounts ? ' · log counts (empty bins not drawn)' : ''}
      </figcaption>
    </figure>
  );
}

function CountsTable({ result, what }: { result: Histogram; what: string }) {
  const { edges, counts } = result;
  const last = counts.length - 1;
  return (
    <div className="plot-table-scroll">
      <table className="counts-table" aria-label={`Histogram counts of ${what}`}>
        <thead>
          <tr>
            <th scope="col">Bin</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Count</th>
          </tr>
        </thead>
        <tbody>
          {Array.from(counts, (c, i) => (
            <tr key={i}>
              <td>{i}</td>
              <td className="mono">{floatStr(edges[i]!, 8)}</td>
              <td className="mono">
                {floatStr(edges[i + 1]!, 8)}
                {i === last ? ' (incl.)' : ''}
              </td>
              <td className="mono" data-count={c}>
                {String(c)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
