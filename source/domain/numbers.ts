/**
 * Money and quantity math on plain numbers. Steps (tick, lot) are decimal strings' values;
 * we snap through integers of the step so 0.1 + 0.2 style noise never reaches a filter check.
 */

const decimalsCache = new Map<number, number>();

/** Number of decimals a step like 0.001 implies. */
export function decimalsOf(step: number): number {
  let d = decimalsCache.get(step);
  if (d === undefined) {
    d = countDecimals(step);
    if (decimalsCache.size < 10_000) decimalsCache.set(step, d);
  }
  return d;
}

function countDecimals(step: number): number {
  if (!(step > 0)) return 0;
  const s = step.toString();
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}

/** Rounds to the nearest multiple of `step`, keeping only the step's decimals. */
export function roundToStep(value: number, step: number): number {
  const scale = 10 ** decimalsOf(step);
  // Integer arithmetic on the scaled value: no float dust, and no string round trip.
  return Math.round(Math.round(value / step) * step * scale) / scale;
}

/** Rounds down to a multiple of `step` (quantities: never more than was asked for). */
export function floorToStep(value: number, step: number): number {
  const scale = 10 ** decimalsOf(step);
  return Math.round(Math.floor(value / step + 1e-9) * step * scale) / scale;
}

/** Rounds up to a multiple of `step` (an ask's price group: never better than its levels). */
export function ceilToStep(value: number, step: number): number {
  const scale = 10 ** decimalsOf(step);
  return Math.round(Math.ceil(value / step - 1e-9) * step * scale) / scale;
}

/** True when `value` is a whole multiple of `step`, within floating noise. */
export function isMultipleOf(value: number, step: number): boolean {
  const k = value / step;
  return Math.abs(k - Math.round(k)) < 1e-7;
}

/**
 * Kills float dust (0.30000000000000004) in balances and quantities: 8 decimals, the finest
 * step exchanges use. Numeric rounding, not a string round trip: this runs in the fold.
 */
export function clean(value: number): number {
  return Math.abs(value) < 1e7 ? Math.round(value * 1e8) / 1e8 : value;
}

/** Parses a user-typed positive decimal; rejects `1e5`, `0x10`, `NaN`, `-1`, empty. */
export function parsePositiveDecimal(s: string): number | undefined {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n > 0 && n <= MAX_TYPED ? n : undefined;
}

/**
 * A positive amount as a program sends it (the API's body, an MCP tool's arguments): a JSON
 * number, or a decimal string as traders copy it (`"0.01"`), in plain digits. The amount, or
 * why not in words that say what to send instead: every front end that takes one from a program
 * takes it by this rule.
 */
export function sentAmount(v: unknown): { readonly value: number } | { readonly problem: string } {
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return { value: v };
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const n = text === undefined ? undefined : parsePositiveDecimal(text);
  if (n !== undefined) return { value: n };
  return { problem: (text === undefined ? undefined : decimalProblem(text)) ?? 'a positive number, like 0.01' };
}

/** Largest amount atapi accepts as typed: beyond it a float no longer holds every digit. */
const MAX_TYPED = 1e15;

/**
 * Why a typed amount is not a positive decimal, in words that say what to type instead;
 * undefined when it is one. The parser and the message come from one place.
 */
export function decimalProblem(s: string): string | undefined {
  const t = s.trim();
  if (t === '') return 'enter a positive number, like 0.01';
  if (/^[+-]?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(t)) return `write it in plain digits (${t} is exponent notation), like 0.01`;
  if (t.startsWith('-')) return 'must be above zero';
  if (/,/.test(t)) return 'use a dot for decimals and no thousands separators, like 1234.5';
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(t)) return `"${t}" is not a number; use digits and one dot, like 0.01`;
  const n = Number(t);
  if (n === 0) return 'must be above zero';
  if (n > MAX_TYPED) return `too large (above ${MAX_TYPED.toExponential()}): check the digits`;
  return undefined;
}
