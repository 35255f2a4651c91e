/** Plain-text formatting shared by shell commands: numbers, tables, optional ANSI colour. */

export type Align = 'left' | 'right';

export interface Column {
  readonly header: string;
  readonly align?: Align;
}

const ESC = '\u001b[';
const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(s: string): number {
  return s.replace(ANSI, '').length;
}

export function paint(s: string, colour: 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'bold', on: boolean): string {
  if (!on) return s;
  const code = { green: 32, red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 }[colour];
  return `${ESC}${code}m${s}${ESC}0m`;
}

/** A table with a header row; numbers right-aligned; two spaces between columns. */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const pad = (s: string, i: number): string => {
    const gap = ' '.repeat(Math.max(0, widths[i] - visibleLength(s)));
    return columns[i].align === 'right' ? gap + s : s + gap;
  };
  const line = (cells: readonly string[]): string => cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), ...rows.map(line)].join('\n');
}

// Formatters are cached: building an Intl.NumberFormat per call made each frame of the
// terminal app spend most of its time here.
const fixed = new Map<number, Intl.NumberFormat>();
const upTo = new Map<number, Intl.NumberFormat>();

/** Fixed decimals with thousands separators: 104,632.51. */
export function num(n: number, decimals: number): string {
  let f = fixed.get(decimals);
  if (!f) fixed.set(decimals, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  return f.format(n);
}

/** Up to `max` decimals, trailing zeros dropped: 0.01, 1.5, 2. */
export function qty(n: number, max = 8): string {
  let f = upTo.get(max);
  if (!f) upTo.set(max, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: max })));
  return f.format(Number(n.toFixed(max)));
}

/** Signed percentage with an arrow, so meaning survives without colour: ▲ +1.23%. */
export function pct(fraction: number, colour: boolean): string {
  const p = fraction * 100;
  const text = `${p > 0 ? '▲ +' : p < 0 ? '▼ ' : '  '}${p.toFixed(2)}%`;
  return paint(text, p > 0 ? 'green' : p < 0 ? 'red' : 'dim', colour && p !== 0);
}

/** Compact large values: 1.23B, 45.6M, 789.0K. */
export function compact(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e12) return `${(n / 1e12).toFixed(2)}T`;
  if (abs >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return n.toFixed(2);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}
