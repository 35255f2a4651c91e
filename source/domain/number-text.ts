/**
 * Numbers as text for every layer: the engine's refusals, the app's log lines, the shell's
 * tables and the TUI's panes say `104,902.70`, never `104902.7`, `1e-7` or `8,948.0147916`.
 * The shell's formatter (`format/format.ts`) re-exports these; they live here so that the
 * layers below the shell can word a message without importing upward.
 */
import { decimalsOf } from './numbers.js';
import { priceDecimals, qtyDecimals, type Instrument } from './instrument.js';

/**
 * Texts already made, per decimals: a market screen formats the same few prices frame after
 * frame, and a lookup costs a small part of a format. Emptied when full. Zero is never kept:
 * the map holds 0 and -0 as one key, and they format differently ("-0.00").
 */
const made = new Map<number, Map<number, string>>();
const MADE_LIMIT = 4096;

/** Fixed decimals with thousands separators: 104,632.51. */
export function num(n: number, decimals: number): string {
  let texts = made.get(decimals);
  if (texts === undefined) made.set(decimals, (texts = new Map()));
  let text = texts.get(n);
  if (text !== undefined) return text;
  text = grouped(n, decimals, false);
  if (n !== 0) {
    if (texts.size >= MADE_LIMIT) texts.clear();
    texts.set(n, text);
  }
  return text;
}

/** Up to `max` decimals, trailing zeros dropped: 0.01, 1.5, 2. For prose, not for columns. */
export function qty(n: number, max = 8): string {
  return grouped(Number(n.toFixed(max)), max, true);
}

/**
 * `n` as `Intl.NumberFormat('en-US', { maximumFractionDigits: decimals, minimumFractionDigits:
 * trim ? 0 : decimals })` writes it, made here. WHY: the first Intl formatter of a process
 * loads ICU's locale data, 10-20 ms of the first frame, for digits, dots and commas.
 * Like V8's Intl, it rounds the shortest decimal that reads back as `n` (1.005 -> 1.01, where
 * `toFixed` gives 1.00), half away from zero; -0 and what rounds to zero from below keep the
 * sign (-0.00). test/domain/number-text.test.ts compares the two on many thousands of values.
 */
function grouped(n: number, decimals: number, trim: boolean): string {
  if (Number.isNaN(n)) return 'NaN';
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  if (!Number.isFinite(n)) return `${sign}\u221e`;
  let [whole, part] = plainDecimal(Math.abs(n));
  if (part.length > decimals) {
    const up = part.charCodeAt(decimals) >= 0x35; // '5' or more: half away from zero
    part = part.slice(0, decimals);
    if (up) [whole, part] = roundedUp(whole, part);
  } else if (!trim) part = part.padEnd(decimals, '0');
  if (trim) part = part.replace(/0+$/, '');
  let text = '';
  for (let end = whole.length; end > 0; end -= 3) text = end - 3 > 0 ? `,${whole.slice(end - 3, end)}${text}` : `${whole.slice(0, end)}${text}`;
  return `${sign}${text}${part ? `.${part}` : ''}`;
}

/** A positive finite `x`'s shortest round-trip digits (`String(x)`) as whole and fraction digits, without an exponent. */
function plainDecimal(x: number): [string, string] {
  const s = String(x);
  const e = s.indexOf('e');
  if (e < 0) {
    const dot = s.indexOf('.');
    return dot < 0 ? [s, ''] : [s.slice(0, dot), s.slice(dot + 1)];
  }
  const digits = s.slice(0, e).replace('.', '');
  // The point sits after the first digit, moved by the exponent.
  const point = 1 + Number(s.slice(e + 1));
  if (point <= 0) return ['0', `${'0'.repeat(-point)}${digits}`];
  return point >= digits.length ? [digits.padEnd(point, '0'), ''] : [digits.slice(0, point), digits.slice(point)];
}

/** The decimal `whole.part` plus one in the last place of `part`, as digits (a carry may lengthen `whole`). */
function roundedUp(whole: string, part: string): [string, string] {
  const digits = (whole + part).split('');
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === '9'; i--) digits[i] = '0';
  if (i < 0) digits.unshift('1');
  else digits[i] = String.fromCharCode(digits[i].charCodeAt(0) + 1);
  const cut = digits.length - part.length;
  return [digits.slice(0, cut).join(''), digits.slice(cut).join('')];
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

/**
 * A price in prose (a message, a log line): at the instrument's tick size when it is known
 * (104,902.70), else with every decimal it has (never rounded to a guessed precision).
 */
export function priceText(n: number, inst: Instrument | undefined): string {
  return inst ? price(n, inst) : qty(n);
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

/** A percent as typed (`0.2%`, `10%`): the number, when above 0 and at most 100; else undefined. */
export function parsePercent(text: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)%$/.exec(text ?? '');
  const n = m ? Number(m[1]) : NaN;
  return n > 0 && n <= 100 ? n : undefined;
}
