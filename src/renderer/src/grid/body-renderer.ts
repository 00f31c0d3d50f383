/**
 * Draws the data rows of the grid into its body element, outside React: scrolling replaces most
 * of a few hundred cells every frame, and writing only the attributes and texts that changed to a
 * pool of reused elements costs a fraction of reconciling them.
 *
 * The DOM is exactly what GridView documents: row r is `role=row` with aria-rowindex r + 2, its
 * first child the `role=rowheader` index cell (aria-colindex 1, data-rowheader), then one
 * `role=gridcell` per drawn column j (aria-colindex j + 2, data-row, data-col, aria-selected, its
 * text the displayed value); only the active cell has an id (for aria-activedescendant).
 *
 * Elements are pooled by slot: row r uses slot r mod rowSlots, column j slot j mod colSlots, so an
 * element keeps showing the same row while that row stays in view and a row scrolling in reuses
 * the element of one that left. Children are kept in row and column order.
 */
import type { PlacedItem } from './axis.js';

export interface CellView {
  readonly text: string;
  readonly loading: boolean;
  readonly special: boolean;
  readonly edited: boolean;
}

export interface BodyModel {
  readonly rows: readonly PlacedItem[];
  readonly cols: readonly PlacedItem[];
  /** cells[i][j] for rows[i] × cols[j]. */
  readonly cells: readonly (readonly CellView[])[];
  readonly indexWidth: number;
  readonly rowSlots: number;
  readonly colSlots: number;
  readonly active: { readonly row: number; readonly col: number } | null;
  readonly activeId: string;
  readonly isSelected: (row: number, col: number) => boolean;
  readonly isRowSelected: (row: number) => boolean;
}

/** Written values, so that nothing unchanged is written again (and nothing is read from the DOM). */
interface Written {
  [name: string]: string | number | null;
}

interface CellSlot {
  readonly el: HTMLDivElement;
  readonly written: Written;
}

interface RowSlot {
  readonly el: HTMLDivElement;
  readonly header: HTMLDivElement;
  readonly written: Written;
  readonly headerWritten: Written;
  readonly cells: Map<number, CellSlot>;
}

const LOADING: CellView = { text: '', loading: true, special: false, edited: false };

function set(el: HTMLElement, written: Written, name: string, value: string | number | null): void {
  if (written[name] === value) return;
  written[name] = value;
  if (name === 'text') el.textContent = value === null ? '' : String(value);
  else if (name === 'class') el.className = String(value);
  else if (name === 'top' || name === 'height' || name === 'left' || name === 'width') el.style.setProperty(name, `${value}px`);
  else if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, String(value));
}

export class BodyRenderer {
  private readonly rows = new Map<number, RowSlot>();

  constructor(private readonly body: HTMLElement) {}

  render(m: BodyModel): void {
    const usedRows = new Set<number>();
    const ordered: HTMLElement[] = [];
    m.rows.forEach((row, i) => {
      const slot = row.index % m.rowSlots;
      usedRows.add(slot);
      const rs = this.rowSlot(slot);
      this.drawRow(rs, row, m.cells[i] ?? [], m);
      ordered.push(rs.el);
    });
    for (const [slot, rs] of this.rows) {
      if (usedRows.has(slot)) continue;
      rs.el.remove();
      this.rows.delete(slot);
    }
    keepOrder(this.body, ordered);
  }

  clear(): void {
    for (const rs of this.rows.values()) rs.el.remove();
    this.rows.clear();
  }

  private rowSlot(slot: number): RowSlot {
    let rs = this.rows.get(slot);
    if (rs) return rs;
    const el = document.createElement('div');
    el.setAttribute('role', 'row');
    el.className = 'grid-row';
    const header = document.createElement('div');
    header.setAttribute('role', 'rowheader');
    header.setAttribute('aria-colindex', '1');
    el.appendChild(header);
    rs = { el, header, written: {}, headerWritten: {}, cells: new Map() };
    this.rows.set(slot, rs);
    return rs;
  }

  private drawRow(rs: RowSlot, row: PlacedItem, cells: readonly CellView[], m: BodyModel): void {
    const r = row.index;
    set(rs.el, rs.written, 'aria-rowindex', r + 2);
    set(rs.el, rs.written, 'top', row.start);
    set(rs.el, rs.written, 'height', row.size);
    const h = rs.header;
    set(h, rs.headerWritten, 'data-rowheader', r);
    set(h, rs.headerWritten, 'text', r);
    set(h, rs.headerWritten, 'width', m.indexWidth);
    set(h, rs.headerWritten, 'class', `grid-rowheader${m.isRowSelected(r) ? ' selected' : ''}${m.active?.row === r ? ' current' : ''}`);
    const used = new Set<number>();
    const ordered: HTMLElement[] = [h];
    m.cols.forEach((col, j) => {
      const slot = col.index % m.colSlots;
      used.add(slot);
      let cs = rs.cells.get(slot);
      if (!cs) {
        const el = document.createElement('div');
        el.setAttribute('role', 'gridcell');
        cs = { el, written: {} };
        rs.cells.set(slot, cs);
      }
      drawCell(cs, r, col, cells[j] ?? LOADING, m);
      ordered.push(cs.el);
    });
    for (const [slot, cs] of rs.cells) {
      if (used.has(slot)) continue;
      cs.el.remove();
      rs.cells.delete(slot);
    }
    keepOrder(rs.el, ordered);
  }
}

function drawCell(cs: CellSlot, r: number, col: PlacedItem, view: CellView, m: BodyModel): void {
  const c = col.index;
  const { el, written } = cs;
  const selected = m.isSelected(r, c);
  const active = m.active?.row === r && m.active.col === c;
  let cls = 'grid-cell';
  if (view.loading) cls += ' loading';
  if (view.special) cls += ' special';
  if (view.edited) cls += ' edited';
  if (selected) cls += ' selected';
  if (active) cls += ' active';
  set(el, written, 'data-row', r);
  set(el, written, 'data-col', c);
  set(el, written, 'aria-colindex', c + 2);
  set(el, written, 'aria-selected', selected ? 'true' : 'false');
  set(el, written, 'aria-busy', view.loading ? 'true' : null);
  set(el, written, 'id', active ? m.activeId : null);
  set(el, written, 'class', cls);
  set(el, written, 'left', m.indexWidth + col.start);
  set(el, written, 'width', col.size);
  set(el, written, 'text', view.text);
}

/** Makes `parent`'s children exactly `wanted`, in order, moving only what is out of place. */
function keepOrder(parent: HTMLElement, wanted: readonly HTMLElement[]): void {
  let at: ChildNode | null = parent.firstChild;
  for (const el of wanted) {
    if (at === el) {
      at = el.nextSibling;
      continue;
    }
    parent.insertBefore(el, at);
  }
  while (at) {
    const next: ChildNode | null = at.nextSibling;
    at.remove();
    at = next;
  }
}
