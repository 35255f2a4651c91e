/**
 * CSV as RFC 4180 writes it, for spreadsheets, tax tools and journals: a header row, records
 * separated by CRLF, a field quoted when it holds a comma, a quote or a line break (a quote
 * inside doubled). Numbers are written in full, as plain decimals (never grouped, never
 * `1e-7`), times as ISO 8601 in UTC: a program reads them back exactly.
 */
export type CsvCell = string | number | undefined;

export function csvField(cell: CsvCell): string {
  const text = cell === undefined ? '' : typeof cell === 'number' ? csvNumber(cell) : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n');
}

/** Every digit the number has, as a plain decimal: 0.0000001, never 1e-7; empty when not finite. */
export function csvNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const text = String(n);
  return text.includes('e') ? n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : text;
}

/** An instant as ISO 8601 in UTC with milliseconds: 2026-01-01T12:00:00.000Z. */
export function csvTime(ms: number): string {
  return new Date(ms).toISOString();
}
