/**
 * Statistics of the selected column, the whole view or the whole array: count, min, max, mean,
 * std and the NaN / Inf / zero counts, computed by the engine in one native pass (with progress
 * and Cancel). Results are kept per session info object, which the shell replaces after every
 * edit, so an edit makes the panel ask again (the engine caches per revision, so asking is cheap
 * when nothing changed).
 */
import { useEffect, useEffectEvent, useState } from 'react';
import type { ScalarDType } from '../../../shared/dtype.js';
import type { Input } from '../../../shared/contract.js';
import type { SessionInfo, StatsResult } from '../../../shared/schemas.js';
import { floatStr } from '../../../shared/values/index.js';
import type { PanelProps } from '../app/panel.js';
import { PartPicker, PlotError, ProgressRow, ScopePicker, useTask } from './common.js';
import { type ColumnRef, columnLabel, isNumeric, leafDType, type Part, type Scope, selectionColumn, viewKey } from './targets.js';
import './plots.css';
import { longCall } from './long-calls.js';

const cache = new WeakMap<SessionInfo, Map<string, StatsResult>>();

function cached(session: SessionInfo): Map<string, StatsResult> {
  let map = cache.get(session);
  if (!map) cache.set(session, (map = new Map()));
  return map;
}

const COUNT_FORMAT = new Intl.NumberFormat('en-US');

export function StatsPanel(props: PanelProps) {
  const { client, session, view, viewInfo, selection, active } = props;
  const [scope, setScope] = useState<Scope>('column');
  const [part, setPart] = useState<Part>('abs');
  const [declined, setDeclined] = useState<string | null>(null);
  const task = useTask<StatsResult>();
  const column = selectionColumn(selection, viewInfo, part);
  const dtype = column && viewInfo ? leafDType(viewInfo, column.leaf) : null;
  const request = statsRequest(scope, session, view, column);
  // The effect below follows this text key, not the request object (a new one on every render).
  const key = request ? JSON.stringify([scope, viewKey(view), column]) : null;
  const known = key ? cached(session).get(key) : undefined;
  const numeric = scope !== 'column' || (dtype !== null && isNumeric(dtype));

  const run = (runKey: string, input: Input<'stats'>, info: SessionInfo) => {
    void task.run(runKey, (options) => longCall(client, 'stats', input, { ...options, priority: 'background' })).then((r) => {
      if (r?.ok) cached(info).set(runKey, r.value);
    });
  };
  const compute = () => {
    if (!request || !key) return;
    setDeclined(null);
    run(key, request, session);
  };
  // Whether the user cancelled this key, and whether it is already being computed, are read when
  // the effect runs but do not make it run: a failed computation is not retried by itself.
  const computeOnce = useEffectEvent((runKey: string, info: SessionInfo) => {
    if (!request || declined === runKey || (task.state.running && task.state.key === runKey)) return;
    run(runKey, request, info);
  });
  useEffect(() => {
    if (!active || !key || known || !numeric) return;
    computeOnce(key, session);
  }, [active, key, known, numeric, session]);

  const what = scope === 'array' ? 'the whole array' : scope === 'view' ? 'the view' : column && viewInfo ? columnLabel(viewInfo, column) : 'the selected column';
  const result = known ?? (task.state.key === key ? task.state.value : null);
  return (
    <div className="plot-panel stats-panel">
      <div className="plot-toolbar">
        <ScopePicker scope={scope} onChange={setScope} columnText="Selected column" />
        {scope === 'column' && dtype?.kind === 'complex' ? <PartPicker part={part} onChange={setPart} /> : null}
        <button type="button" className="button button-small" onClick={compute} disabled={!request || task.state.running}>
          Recompute
        </button>
      </div>
      {task.state.running ? (
        <ProgressRow
          label={`Computing statistics of ${what}`}
          done={task.state.done}
          total={task.state.total}
          onCancel={() => {
            setDeclined(key);
            task.cancel();
          }}
        />
      ) : null}
      {task.state.error && task.state.key === key ? <PlotError what={`Statistics of ${what}`} error={task.state.error} /> : null}
      {scope !== 'column' && viewInfo && viewInfo.leaves.length > 1 ? <p className="plot-hint">{scope === 'view' ? 'The view' : 'The array'} is reduced over its first field, {viewInfo.leaves[0]!.path}; pick a column to reduce another field.</p> : null}
      {!request ? <p className="plot-empty">Select a column in the table to see its statistics.</p> : null}
      {request && !numeric ? <p className="plot-empty">{what} holds {dtype?.kind} values; statistics need numbers.</p> : null}
      {result && !task.state.running ? <StatsTable result={result} what={what} dtype={scope === 'column' ? dtype : null} /> : null}
      {declined === key && !result ? <p className="plot-empty">Cancelled. Press Recompute to compute the statistics of {what}.</p> : null}
    </div>
  );
}

function statsRequest(scope: Scope, session: SessionInfo, view: PanelProps['view'], column: ColumnRef | null): Input<'stats'> | null {
  if (scope === 'array') return { session: session.id };
  if (scope === 'view') return { session: session.id, view };
  return column ? { session: session.id, view, column } : null;
}

function StatsTable({ result, what, dtype }: { result: StatsResult; what: string; dtype: ScalarDType | null }) {
  const number = (x: number) => floatStr(x, 8);
  const unit = dtype && (dtype.kind === 'datetime' || dtype.kind === 'timedelta') ? ` (${dtype.unit ?? 'generic'} units)` : '';
  const rows: [string, string][] = [
    ['Elements', COUNT_FORMAT.format(result.elements)],
    ['Count (not NaN)', COUNT_FORMAT.format(result.count)],
    ['NaN', COUNT_FORMAT.format(result.nanCount)],
    ['Inf', COUNT_FORMAT.format(result.infCount)],
    ['Zeros', COUNT_FORMAT.format(result.zeroCount)],
    ['Min', result.min],
    ['Max', result.max],
    [`Mean${unit}`, number(result.mean)],
    [`Std${unit}`, number(result.std)],
  ];
  return (
    <table className="stats-table" aria-label={`Statistics of ${what}`}>
      <caption>Statistics of {what}</caption>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="mono">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
