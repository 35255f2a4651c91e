/**
 * The one place numbers become text (the core in `domain/number-text.ts`), for the shell, the one-shot CLI and the TUI panes alike:
 * prices and quantities at their instrument's precision with fixed decimals (so a column lines
 * up on the decimal point), balances at their asset's precision, changes as a signed percent.
 */
import type { Instrument, Order, TrailingTerms } from '../domain/index.js';
import { amount, num, price } from '../domain/number-text.js';

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

/** The number formatters themselves live in domain/ so lower layers can word messages with them. */
export { amount, assetDecimals, fee, num, price, priceText, qty, quantity, step } from '../domain/number-text.js';

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

/** An amount that can gain or lose, at its asset's precision with its sign: +12.30, -0.50, 0.00 (never -0.00). */
export function signedAmount(n: number, asset: string): string {
  const text = amount(Math.abs(n), asset);
  return /^[0.,]*$/.test(text) ? text : `${n > 0 ? '+' : '-'}${text}`;
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

/** A trailing stop's distance as typed: `trail 2%` or `trail 150`, and where it starts when it waits for a price. */
export function trailText(t: TrailingTerms): string {
  return `trail ${t.unit === 'percent' ? `${t.distance}%` : String(t.distance)}${t.activation === undefined ? '' : ` from ${t.activation}`}`;
}

/**
 * A stop order's trigger as a column shows it: `<=94,000.00` (fires as the last price falls to
 * it) or `>=...`; empty for other orders. ASCII, so it reads the same on every terminal.
 */
export function triggerText(o: Pick<Order, 'stopPrice' | 'stopTrigger' | 'triggeredAt' | 'trailing'> & { readonly trail?: { readonly trigger: number; readonly estimated?: true } }, inst: Instrument | undefined, withState = true): string {
  if (o.stopPrice === undefined) return '';
  // A trailing stop shows where its trigger is now (the venue's last move), marked as trailing;
  // `~` where the venue does not say and the move was followed here (an estimate).
  const at = `${o.stopTrigger === 'above' ? '>=' : '<='}${o.trail?.estimated ? '~' : ''}${price(o.trail?.trigger ?? o.stopPrice, inst)}${o.trailing && withState && o.triggeredAt === undefined ? ` ${trailText(o.trailing)}` : ''}`;
  // Once set off the order works as its limit; the stop stays shown for what set it off.
  // (`withState` false: a narrow column that says "fired" in its TYPE instead.)
  return o.triggeredAt === undefined || !withState ? at : `triggered ${at}`;
}
