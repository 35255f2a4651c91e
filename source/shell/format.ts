/**
 * The one place numbers become text, for the shell, the one-shot CLI and the TUI panes alike:
 * prices and quantities at their instrument's precision with fixed decimals (so a column lines
 * up on the decimal point), balances at their asset's precision, changes as a signed percent.
 */
import { decimalsOf, priceDecimals, qtyDecimals, type Instrument, type Order } from '../domain/index.js';

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

/** Up to `max` decimals, trailing zeros dropped: 0.01, 1.5, 2. For prose, not for columns. */
export function qty(n: number, max = 8): string {
  let f = upTo.get(max);
  if (!f) upTo.set(max, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: max })));
  return f.format(Number(n.toFixed(max)));
}

/** Decimals when the instrument is not known (yet): a price to the cent, a quantity to 8. */
const FALLBACK_PRICE_DECIMALS = 2;
const FALLBACK_QTY_DECIMALS = 8;

/** A price at the instrument's tick size, fixed decimals: 104,632.51, 0.25000. */
export function price(n: number, inst: Instrument | undefined): string {
  return num(n, inst ? priceDecimals(inst) : FALLBACK_PRICE_DECIMALS);
}

/** A quantity at the instrument's lot size, fixed decimals: 0.01000 BTC, 120.0 XRP. */
export function quantity(n: number, inst: Instrument | undefined): string {
  return num(n, inst ? qtyDecimals(inst) : FALLBACK_QTY_DECIMALS);
}

/** Dollar-like assets: balances and values in them are shown to the cent. */
const USD_ASSETS: ReadonlySet<string> = new Set(['USDT', 'USDC', 'USD', 'FDUSD', 'BUSD', 'TUSD', 'DAI']);

/**
 * Decimals of an amount of an asset (balances, fees): cents for dollar-like assets; 8 for
 * coins, the precision exchanges keep balances in, so dust left by fees is not hidden.
 */
export function assetDecimals(asset: string): number {
  return USD_ASSETS.has(asset) ? 2 : 8;
}

/** An amount of an asset at that asset's precision: 9,049.37 USDT, 0.01234500 BTC. */
export function amount(n: number, asset: string): string {
  return num(n, assetDecimals(asset));
}

/** A fee: fractions of a cent matter on small fills, so dollar fees keep 4 decimals. */
export function fee(n: number, asset: string): string {
  return num(n, USD_ASSETS.has(asset) ? 4 : 8);
}

/** A step (tick, lot) as its own decimals: 0.00001, never 1e-5. */
export function step(n: number): string {
  return num(n, decimalsOf(n));
}

/**
 * A change as a fraction (0.0055) shown as a signed percent: +0.55%, -1.20%, 0.00%. One
 * convention everywhere (panes, shell, one-shot output): the sign carries the direction, so
 * meaning survives without colour, and a change that rounds to zero has no sign (never -0.00%).
 */
export function change(fraction: number, decimals = 2): string {
  if (!Number.isFinite(fraction)) return '-';
  const text = num(Math.abs(fraction * 100), decimals);
  if (/^[0.,]*$/.test(text)) return `${text}%`;
  return `${fraction > 0 ? '+' : '-'}${text}%`;
}

/** A share as a percent with fixed decimals, no sign: 58.3%. */
export function share(fraction: number, decimals = 1): string {
  return Number.isFinite(fraction) ? `${num(fraction * 100, decimals)}%` : '-';
}

/** `change`, painted green or red when colour is on (a zero change is dim). */
export function pct(fraction: number, colour: boolean): string {
  const text = change(fraction);
  const zero = !text.startsWith('+') && !text.startsWith('-');
  return paint(text, zero ? 'dim' : fraction > 0 ? 'green' : 'red', colour && !zero);
}

/** Compact large values, two decimals at every scale so a column lines up: 1.23B, 45.60M, 789.00K. */
export function compact(n: number): string {
  // The smallest scale whose rounded figure stays under 1,000: 999,999 is 1.00M, not 1000.00K.
  if (!Number.isFinite(n)) return '-';
  const abs = Math.abs(n);
  const [scale, suffix] = SCALES.find(([sc]) => Number((abs / sc).toFixed(2)) < 1000) ?? SCALES[SCALES.length - 1];
  return `${(n / scale).toFixed(2)}${suffix}`;
}

const SCALES: readonly (readonly [number, string])[] = [[1, ''], [1e3, 'K'], [1e6, 'M'], [1e9, 'B'], [1e12, 'T']];

export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * A stop order's trigger as a column shows it: `<=94,000.00` (fires as the last price falls to
 * it) or `>=...`; empty for other orders. ASCII, so it reads the same on every terminal.
 */
export function triggerText(o: Pick<Order, 'stopPrice' | 'stopTrigger' | 'triggeredAt'>, inst: Instrument | undefined, withState = true): string {
  if (o.stopPrice === undefined) return '';
  const at = `${o.stopTrigger === 'above' ? '>=' : '<='}${price(o.stopPrice, inst)}`;
  // Once set off the order works as its limit; the stop stays shown for what set it off.
  // (`withState` false: a narrow column that says "fired" in its TYPE instead.)
  return o.triggeredAt === undefined || !withState ? at : `triggered ${at}`;
}
