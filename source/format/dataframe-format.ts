import type { MarketCapTable } from '../domain/index.js';

/**
 * Prints a table the way pandas prints a DataFrame of int64 columns with a named index
 * (pandas' defaults: display.max_rows 60, display.min_rows 10):
 * - columns are right-aligned to the widest of their header and their shown values, two
 *   spaces apart; the index column is left-aligned to the widest of its name and values;
 * - the header row leaves the index column blank; the next line holds the index name
 *   (`Date`) padded with spaces to the full width;
 * - over 60 rows, only the first 5 and last 5 are shown with a `...` row between them
 *   (widths count only the shown rows and `...`);
 * - when rows were left out, a blank line and `[R rows x C columns]` (pandas' show_dimensions
 *   'truncate'); a table printed whole has no such line.
 */
export function formatDataFrame(t: MarketCapTable, options: { all?: boolean; indexName?: string } = {}): string {
  const indexName = options.indexName ?? 'Date';
  const n = t.dates.length;
  const truncated = !options.all && n > 60;
  const shownRows = truncated ? [...range(0, 5), -1, ...range(n - 5, n)] : range(0, n);
  const cell = (r: number, c: number): string => (r === -1 ? '...' : Number.isNaN(t.values[r][c]) ? 'NaN' : String(t.values[r][c]));
  const index = (r: number): string => (r === -1 ? '...' : t.dates[r]);
  const indexWidth = Math.max(indexName.length, ...shownRows.map((r) => index(r).length));
  const widths = t.symbols.map((s, c) => Math.max(s.length, ...shownRows.map((r) => cell(r, c).length)));
  const header = ' '.repeat(indexWidth) + t.symbols.map((s, c) => `  ${s.padStart(widths[c])}`).join('');
  const total = header.length;
  const lines = [header, indexName.padEnd(total)];
  for (const r of shownRows) lines.push(index(r).padEnd(indexWidth) + t.symbols.map((_, c) => `  ${cell(r, c).padStart(widths[c])}`).join(''));
  if (truncated) lines.push('', `[${n} rows x ${t.symbols.length} columns]`);
  return lines.join('\n');
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}

export function formatCsv(t: MarketCapTable): string {
  const lines = [`Date,${t.symbols.join(',')}`];
  t.dates.forEach((d, r) => lines.push(`${d},${t.values[r].map((v) => (Number.isNaN(v) ? '' : String(v))).join(',')}`));
  return lines.join('\n');
}

export function toJson(t: MarketCapTable): unknown {
  return {
    simulated: t.simulated,
    source: t.source,
    symbols: t.symbols,
    rows: t.dates.map((date, r) => ({ date, ...Object.fromEntries(t.symbols.map((s, c) => [s, Number.isNaN(t.values[r][c]) ? null : t.values[r][c]])) })),
  };
}
