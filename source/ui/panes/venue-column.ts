import type { Cell, Column } from '../components/data-table.js';

/**
 * The venue column of a session over several venues (`--venues`), after the first column: which
 * exchange an order, fill, balance or position is on is what the trader acts on. Kept until only
 * the columns a row cannot be read without are left. None with one venue (the tables as ever).
 */
export function withVenueColumn(columns: readonly Column[], venues: readonly string[]): readonly Column[] {
  if (venues.length < 2) return columns;
  const width = Math.min(10, Math.max(5, ...venues.map((v) => v.length)));
  return [columns[0], { header: 'VENUE', width, drop: 2 }, ...columns.slice(1)];
}

/** A row's venue cell after its first, when the table has the column. */
export function withVenueCell(cells: Cell[], venue: string, venues: readonly string[]): Cell[] {
  return venues.length < 2 ? cells : [cells[0], { text: venue }, ...cells.slice(1)];
}
