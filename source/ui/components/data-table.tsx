import { memo } from 'react';
import { Canvas, type CanvasLine, type Span } from './canvas.js';

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
  /** Which columns go first when the table is too wide: higher goes first; none = never. */
  readonly drop?: number;
  /** Takes the room the pane has beyond the columns (a name that may be long: a strategy instance id), up to this width. */
  readonly growTo?: number;
}

export interface Cell {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
}

/** Rows made one at a time as the table shows them: a long list costs what is on screen. */
export interface LazyRows {
  readonly count: number;
  readonly row: (index: number) => readonly Cell[];
}

export interface DataTableProps {
  readonly columns: readonly Column[];
  /** The rows, or how many there are and how to build one (only visible rows get built). */
  readonly rows: readonly (readonly Cell[])[] | LazyRows;
  /** Row index to highlight (inverse), if any. */
  readonly selected?: number;
  /** Rows the highlight spans from `selected` (one entry laid on several rows: the Log's); 1 unless said. */
  readonly selectedSpan?: number;
  /** Lines the table may use below its header (the position line included); it scrolls to keep the selection in view. */
  readonly maxRows: number;
  /** Columns available: whole columns are left out (by `drop`) rather than any cell cut. */
  readonly width?: number;
  /** What the position line counts when rows are not the things listed (a line of the Log on several rows): the thing a row is of, and how many there are. */
  readonly units?: { readonly of: (row: number) => number; readonly count: number };
}

/** The columns that fit in `width`, by index, dropping the highest `drop` first. */
export function fittingColumns(columns: readonly Column[], width: number | undefined): number[] {
  const kept = columns.map((_, i) => i);
  const span = () => kept.reduce((w, i) => w + columns[i].width, 0) + kept.length - 1;
  while (width !== undefined && span() > width) {
    let worst = -1;
    for (const i of kept) if (columns[i].drop !== undefined && (worst < 0 || columns[i].drop! > columns[worst].drop!)) worst = i;
    if (worst < 0) break;
    kept.splice(kept.indexOf(worst), 1);
  }
  return kept;
}

/** The kept columns with the room left in `width` given to those that grow, first come first served. */
export function grown(columns: readonly Column[], width: number | undefined): readonly Column[] {
  if (width === undefined || !columns.some((c) => c.growTo !== undefined)) return columns;
  let spare = width - (columns.reduce((w, c) => w + c.width, 0) + columns.length - 1);
  return columns.map((c) => {
    if (c.growTo === undefined || spare <= 0) return c;
    const extra = Math.min(spare, Math.max(0, c.growTo - c.width));
    spare -= extra;
    return extra > 0 ? { ...c, width: c.width + extra } : c;
  });
}

/** Fits text to a width without cutting a number: too-long cells become `…`-marked. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (text.length > width) return width <= 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** A small table with right-aligned, coloured numeric cells, scrolled to the selection. */
export const DataTable = memo(function DataTable({ columns: all, rows, selected, selectedSpan = 1, maxRows, width: available, units }: DataTableProps) {
  const keep = fittingColumns(all, available);
  const columns = grown(keep.map((i) => all[i]), available);
  const count = 'count' in rows ? rows.count : rows.length;
  // When the rows do not all fit, one line goes to the position ("11-20 of 200").
  const visible = Math.max(1, count > maxRows ? maxRows - 1 : maxRows);
  const from = selected === undefined ? 0 : Math.max(0, Math.min(selected + Math.min(selectedSpan, visible) - visible, count - visible));
  const numeric = (c: Column, text: string) => text.length > c.width && c.align === 'right' && /\d/.test(text);
  const width = columns.reduce((w, c) => w + c.width, 0) + columns.length - 1;
  const lines: CanvasLine[] = [[{ text: columns.map((c) => fit(c.header, c.width, c.align)).join(' '), bold: true }]];
  for (let index = from; index < Math.min(count, from + visible); index++) {
    const full = 'count' in rows ? rows.row(index) : rows[index];
    const row = keep.map((i) => full[i]);
    const inverse = selected !== undefined && index >= selected && index < selected + selectedSpan;
    // Cells of one style run into one span: a row is a few spans, not one per column.
    const spans: Span[] = [];
    let text = '';
    let color: string | undefined;
    let bold: boolean | undefined;
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      const cell = row[j] ?? { text: '' };
      if (j > 0 && (cell.color !== color || cell.bold !== bold)) {
        spans.push({ text, color, bold, inverse });
        text = '';
      }
      color = cell.color;
      bold = cell.bold;
      // A number that does not fit is replaced by #s rather than shown cut.
      text += (numeric(c, cell.text) ? '#'.repeat(c.width) : fit(cell.text, c.width, c.align)) + (j < columns.length - 1 ? ' ' : '');
    }
    if (columns.length > 0) spans.push({ text, color, bold, inverse });
    lines.push(spans);
  }
  const to = Math.min(count, from + visible);
  if (count > visible) lines.push([{ text: units ? `${units.of(from) + 1}-${units.of(to - 1) + 1} of ${units.count}` : `${from + 1}-${to} of ${count}`, dim: true }]);
  return <Canvas width={width} lines={lines} />;
});
