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
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
