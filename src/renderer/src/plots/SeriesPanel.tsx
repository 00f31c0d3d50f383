/**
 * The series plot: one or more columns (or rows, through the transposed view) over their whole
 * length, drawn from the engine's min/max buckets for the visible range, one per device pixel,
 * so a column of 10^10 elements plots without being loaded. Zooming fetches finer buckets down to
 * raw points; long columns get a background pyramid (progress and Cancel) so later redraws cost
 * O(pixels). The readout shows the exact index under the cursor and each column's value there,
 * read with `page` and printed as numpy prints it.
 */
import { useEffect, useEffectEvent, useId, useMemo, useState } from 'react';
import type { ScalarDType } from '../../../shared/dtype.js';
import type { ErrorData } from '../../../shared/errors.js';
import type { ViewInfo, ViewSpec } from '../../../shared/schemas.js';
import type { PanelProps } from '../app/panel.js';
import { PartPicker, PlotError, ProgressRow } from './common.js';
import { elementText } from './element.js';
import { SeriesChart } from './SeriesChart.js';
import { alignedData, answerTable, bucketsFor, clampRange, datetimeToSeconds } from './series-data.js';
import { columnLabel, type ColumnRef, isNumeric, leafDType, type Part, sameColumn, selectionColumn, transposed, viewKey } from './targets.js';
import { isDeclined, usePyramids, useSeries } from './use-series.js';
import { seriesColor, plotTheme } from './theme.js';
import './plots.css';

type Mode = 'columns' | 'rows';
const COUNT = new Intl.NumberFormat('en-US');
const NOTHING: readonly ColumnRef[] = [];

export function SeriesPanel(props: PanelProps) {
  if (!props.viewInfo) {
    return (
      <div className="plot-panel">
        <p className="plot-empty">No plot: the view is being resolved, or its index expression is not valid (see the view bar).</p>
      </div>
    );
  }
  return <SeriesPlot {...props} info={props.viewInfo} key={`${props.session.id}|${viewKey(props.view)}`} />;
}

function SeriesPlot(props: PanelProps & { readonly info: ViewInfo }) {
  const { client, session, view, info, selection, active } = props;
  const ids = useId();
  const [mode, setMode] = useState<Mode>('columns');
  const [part, setPart] = useState<Part>('abs');
  const [follow, setFollow] = useState(true);
  const [pinned, setPinned] = useState<readonly ColumnRef[]>([]);
  const [addText, setAddText] = useState('');
  const [logY, setLogY] = useState(false);
  const [width, setWidth] = useState(0);
  const plotView = mode === 'rows' ? transposed(view, info) : view;
  const length = mode === 'rows' ? info.cols : info.rows;
  const lineCount = mode === 'rows' ? info.rows : info.cols;
  const axisWord = mode === 'rows' ? 'column' : 'row';
  const lineWord = mode === 'rows' ? 'row' : 'column';
  // The visible range, reset to everything when the plotted axis changes.
  const basis = `${mode}|${length}`;
  const [ranged, setRanged] = useState<{ basis: string; range: [number, number] }>({ basis, range: [0, length] });
  const range: [number, number] = ranged.basis === basis ? ranged.range : [0, length];
  const setRange = (r: [number, number]) => setRanged({ basis, range: r });

  const columns = useMemo(() => {
    const primary = mode === 'columns' && follow ? selectionColumn(selection, info, part) : null;
    const all = [...(primary ? [primary] : []), ...pinned.map((c) => ({ ...c, part }))];
    return all.filter((c, i) => all.findIndex((d) => sameColumn(c, d)) === i).filter((c) => c.col < lineCount);
  }, [mode, follow, selection, info, part, pinned, lineCount]);
  // Memoised (with `columns`), so the chart data below is rebuilt only when answers or columns change.
  const dtypes = useMemo(() => columns.map((c) => leafDType(info, c.leaf)), [columns, info]);
  const unplottable = columns.find((_, i) => !dtypes[i] || !isNumeric(dtypes[i]!));
  const plotted = unplottable ? NOTHING : columns;
  const timeDType = dtypes.find((d) => d?.kind === 'datetime') ?? null;
  const timeY = timeDType !== null && datetimeToSeconds(timeDType) !== null && dtypes.every((d) => d?.kind === 'datetime');

  const buckets = bucketsFor(width, window.devicePixelRatio || 1);
  const [firstPlot, setFirstPlot] = useState(false);
  // Pyramids are built after the first plot is up, so they do not compete with it for the disk;
  // each one that becomes ready refetches the plot through it.
  const pyramids = usePyramids(client, session, plotView, plotted, length, active && firstPlot);
  const fetched = useSeries(client, session, plotView, plotted, range, buckets, active && width > 0, pyramids.ready, () => setFirstPlot(true));

  const { answers, columns: answered } = fetched;
  const chartData = useMemo(() => {
    if (!answers || answered.length !== plotted.length || !answered.every((c, i) => sameColumn(c, plotted[i]!))) return null;
    const tables = answers.map((a, i) => answerTable(a, { log: logY, toSeconds: timeY ? datetimeToSeconds(dtypes[i] as ScalarDType) : null }));
    return alignedData(tables);
  }, [answers, answered, plotted, dtypes, logY, timeY]);

  const chartColumns = plotted.map((c, i) => ({ label: columnLabel(info, c, lineWord), step: ['bool', 'int', 'uint'].includes(dtypes[i]?.kind ?? '') }));
  const readout = useReadout(props, plotView, plotted, lineWord);

  const addLine = () => {
    const n = Number(addText);
    if (!Number.isInteger(n) || n < 0 || n >= lineCount) return;
    setPinned((p) => [...p, { col: n, leaf: selection?.leaf ?? 0, part }]);
    setAddText('');
  };
  const addProblem = addText !== '' && !(Number.isInteger(Number(addText)) && Number(addText) >= 0 && Number(addText) < lineCount);
  const theme = plotTheme();
  const zoom = (factor: number) => {
    const mid = (range[0] + range[1]) / 2;
    const half = ((range[1] - range[0]) * factor) / 2;
    setRange(clampRange(mid - half, mid + half, length));
  };

  return (
    <div className="plot-panel series-panel">
      <div className="plot-toolbar">
        <fieldset className="plot-choice">
          <legend className="visually-hidden">Plot</legend>
          <label>
            <input type="radio" name={`${ids}-mode`} checked={mode === 'columns'} onChange={() => setMode('columns')} />
            Columns
          </label>
          <label>
            <input type="radio" name={`${ids}-mode`} checked={mode === 'rows'} disabled={info.shape.length !== 2} onChange={() => setMode('rows')} />
            Rows
          </label>
        </fieldset>
        {mode === 'columns' ? (
          <label className="plot-check">
            <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
            Follow table selection
          </label>
        ) : null}
        <form
          className="plot-range"
          onSubmit={(e) => {
            e.preventDefault();
            addLine();
          }}
        >
          <label htmlFor={`${ids}-add`}>Add {lineWord}</label>
          <input id={`${ids}-add`} type="number" min={0} max={lineCount - 1} value={addText} aria-invalid={addProblem} onChange={(e) => setAddText(e.target.value)} />
          <button type="submit" className="button button-small" disabled={addText === '' || addProblem}>
            Add
          </button>
        </form>
        {dtypes.some((d) => d?.kind === 'complex') ? <PartPicker part={part} onChange={setPart} /> : null}
        <label className="plot-field" htmlFor={`${ids}-y`}>
          Y axis
          <select id={`${ids}-y`} value={logY ? 'log' : 'linear'} onChange={(e) => setLogY(e.target.value === 'log')}>
            <option value="linear">Linear</option>
            <option value="log">Log</option>
          </select>
        </label>
        <span className="plot-buttons">
          <button type="button" className="button button-small" onClick={() => zoom(0.5)}>
            Zoom in
          </button>
          <button type="button" className="button button-small" onClick={() => zoom(2)}>
            Zoom out
          </button>
          <button type="button" className="button button-small" onClick={() => setRange([0, length])}>
            All {axisWord}s
          </button>
        </span>
      </div>
      <ul className="plot-legend" aria-label="Plotted">
        {columns.map((c, i) => (
          <li key={`${c.col}-${c.leaf}`}>
            <span className="plot-swatch" style={{ background: seriesColor(theme, i) }} aria-hidden="true" />
            {columnLabel(info, c, lineWord)}
            {pinned.some((p) => p.col === c.col && p.leaf === c.leaf) ? (
              <button type="button" className="icon-button plot-remove" aria-label={`Remove ${columnLabel(info, c, lineWord)}`} onClick={() => setPinned((p) => p.filter((x) => !(x.col === c.col && x.leaf === c.leaf)))}>
                ×
              </button>
            ) : null}
            {isDeclined(pyramids, plotView, c) ? (
              <button type="button" className="link-button" onClick={() => pyramids.build(c)}>
                Build overview
              </button>
            ) : null}
          </li>
        ))}
        <li className="plot-range-text">
          {axisWord}s {COUNT.format(Math.floor(range[0]))}–{COUNT.format(Math.max(0, Math.ceil(range[1]) - 1))} of {COUNT.format(length)}
          {fetched.loading ? ' · loading…' : ''}
          {logY ? ' · values ≤ 0 are not drawn on a log axis' : ''}
        </li>
      </ul>
      {pyramids.building ? (
        <ProgressRow
          label={`Building the zoom overview of ${columnLabel(info, pyramids.building.column, lineWord)}`}
          done={pyramids.building.done}
          total={pyramids.building.total}
          onCancel={pyramids.cancel}
        />
      ) : null}
      {pyramids.error ? <PlotError what="Zoom overview" error={pyramids.error} /> : null}
      {fetched.error ? <PlotError what="Plot" error={fetched.error} /> : null}
      {mode === 'rows' && !plotView ? <p className="plot-empty">Rows can be plotted for 2-D views only.</p> : null}
      {columns.length === 0 ? <p className="plot-empty">Select a column in the table, or add a {lineWord} by number, to plot it.</p> : null}
      {unplottable ? (
        <p className="plot-empty">
          {columnLabel(info, unplottable, lineWord)} holds {leafDType(info, unplottable.leaf)?.kind} values; plots need numbers.
        </p>
      ) : null}
      <SeriesChart
        columns={chartColumns}
        data={chartData}
        range={range}
        length={length}
        logY={logY}
        timeY={timeY}
        axisWord={axisWord}
        onRange={setRange}
        onCursor={readout.setIndex}
        onWidth={setWidth}
        label={`Plot of ${chartColumns.map((c) => c.label).join(', ') || 'nothing'} against the ${axisWord} index`}
      />
      <Readout readout={readout} axisWord={axisWord} length={length} />
    </div>
  );
}

interface ReadoutState {
  /** The index the values were read at (lags the cursor until they arrive). */
  readonly index: number | null;
  readonly values: readonly { label: string; text: string }[];
  readonly error: ErrorData | null;
  setIndex(index: number | null): void;
}

/** The exact values at the cursor's index, fetched with `page` (newest request wins). */
function useReadout(props: PanelProps & { readonly info: ViewInfo }, plotView: ReturnType<typeof transposed>, columns: readonly ColumnRef[], lineWord: string): ReadoutState {
  const { client, session, info } = props;
  const [index, setIndex] = useState<number | null>(null);
  const [shown, setShown] = useState<{ index: number | null; values: readonly { label: string; text: string }[] }>({ index: null, values: [] });
  const [error, setError] = useState<ErrorData | null>(null);
  // What to read, as text: `plotView` is a new object on every render in rows mode.
  const request = JSON.stringify([index, plotView, columns]);
  // The view info and the axis word are read as they are when the values are read.
  const readValues = useEffectEvent((id: string, row: number, view: ViewSpec, lines: readonly ColumnRef[], signal: AbortSignal) =>
    Promise.all(lines.map((c) => elementText(client, id, view, info, { row, col: c.col, leaf: c.leaf }, signal))).then((texts) => ({
      error: texts.find((t) => t.error)?.error ?? null,
      values: texts.map((t, i) => ({ label: columnLabel(info, { col: lines[i]!.col, leaf: lines[i]!.leaf }, lineWord), text: t.text })),
    })),
  );
  useEffect(() => {
    const [row, view, lines] = JSON.parse(request) as [number | null, ViewSpec | null, ColumnRef[]];
    if (row === null || !view || lines.length === 0) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      void readValues(session.id, row, view, lines, controller.signal).then((read) => {
        if (controller.signal.aborted) return;
        setError(read.error);
        setShown({ index: row, values: read.values });
      });
    }, 25);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [request, session]);
  return { index: shown.index, values: shown.values, error, setIndex };
}

function Readout({ readout, axisWord, length }: { readout: ReadoutState; axisWord: string; length: number }) {
  const ids = useId();
  const [text, setText] = useState('');
  const go = () => {
    const n = Number(text);
    if (Number.isInteger(n) && n >= 0 && n < length) readout.setIndex(n);
  };
  return (
    <div className="plot-readout">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          go();
        }}
      >
        <label htmlFor={`${ids}-at`}>Read {axisWord}</label>
        <input id={`${ids}-at`} type="number" min={0} max={length - 1} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="button button-small">
          Read
        </button>
      </form>
      <output className="plot-readout-values mono" aria-live="polite" aria-label="Values at the cursor">
        {readout.index === null ? (
          <span className="plot-muted">Point at the plot to read exact values.</span>
        ) : (
          <>
            <span data-index={readout.index}>
              {axisWord} {readout.index}
            </span>
            {readout.values.map((v) => (
              <span key={v.label} className="plot-readout-value">
                {v.label} = <span data-value>{v.text}</span>
              </span>
            ))}
          </>
        )}
      </output>
      {readout.error ? <PlotError what="Reading the value" error={readout.error} /> : null}
    </div>
  );
}
