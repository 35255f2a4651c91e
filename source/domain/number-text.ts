/**
 * Numbers as text for every layer: the engine's refusals, the app's log lines, the shell's
 * tables and the TUI's panes say `104,902.70`, never `104902.7`, `1e-7` or `8,948.0147916`.
 * The shell's formatter (`format/format.ts`) re-exports these; they live here so that the
 * layers below the shell can word a message without importing upward.
 */
import { decimalsOf } from './numbers.js';
import { priceDecimals, qtyDecimals, type Instrument } from './instrument.js';

// Formatters are cached: building an Intl.NumberFormat per call made each frame of the
// terminal app spend most of its time here.
const fixed = new Map<number, Intl.NumberFormat>();
const upTo = new Map<number, Intl.NumberFormat>();

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
  let f = fixed.get(decimals);
  if (!f) fixed.set(decimals, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })));
  text = f.format(n);
  if (n !== 0) {
    if (texts.size >= MADE_LIMIT) texts.clear();
    texts.set(n, text);
  }
  return text;
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
