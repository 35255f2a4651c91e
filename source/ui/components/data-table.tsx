import { memo } from 'react';
import { Canvas, type CanvasLine, type Span } from './canvas.js';

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
}

export interface Cell {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
}

export interface DataTableProps {
  readonly columns: readonly Column[];
  /** The rows, or how many there are and how to build one (only visible rows get built). */
  readonly rows: readonly (readonly Cell[])[] | { readonly count: number; readonly row: (index: number) => readonly Cell[] };
  /** Row index to highlight (inverse), if any. */
  readonly selected?: number;
  /** Rows that fit; the table scrolls to keep the selection in view. */
  readonly maxRows: number;
}

/** Fits text to a width without cutting a number: too-long cells become `…`-marked. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (text.length > width) return width <= 1 ? '…' : `${text.slice(0, width - 1)}…`;
  return align === 'right' ? text.padStart(width) : text.padEnd(width);
}

/** A small table with right-aligned, coloured numeric cells, scrolled to the selection. */
export const DataTable = memo(function DataTable({ columns, rows, selected, maxRows }: DataTableProps) {
  const visible = Math.max(1, maxRows);
  const count = 'count' in rows ? rows.count : rows.length;
  const from = selected === undefined ? 0 : Math.max(0, Math.min(selected - visible + 1, count - visible));
  const numeric = (c: Column, text: string) => c.align === 'right' && /\d/.test(text) && text.length > c.width;
  const width = columns.reduce((w, c) => w + c.width, 0) + columns.length - 1;
  const lines: CanvasLine[] = [[{ text: columns.map((c) => fit(c.header, c.width, c.align)).join(' '), bold: true }]];
  for (let index = from; index < Math.min(count, from + visible); index++) {
    const row = 'count' in rows ? rows.row(index) : rows[index];
    const inverse = index === selected;
    const spans: Span[] = [];
    columns.forEach((c, j) => {
      const cell = row[j] ?? { text: '' };
      // A number that does not fit is replaced by #s rather than shown cut.
      const text = (numeric(c, cell.text) ? '#'.repeat(c.width) : fit(cell.text, c.width, c.align)) + (j < columns.length - 1 ? ' ' : '');
      const last = spans[spans.length - 1];
      if (last && last.color === cell.color && last.bold === cell.bold) spans[spans.length - 1] = { ...last, text: last.text + text };
      else spans.push({ text, color: cell.color, bold: cell.bold, inverse });
    });
    lines.push(spans);
  }
  if (count > visible) lines.push([{ text: `${from + 1}-${Math.min(count, from + visible)} of ${count}`, dim: true }]);
  return <Canvas width={width} lines={lines} />;
});
