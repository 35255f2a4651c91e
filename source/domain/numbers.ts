/**
 * Money and quantity math on plain numbers. Steps (tick, lot) are decimal strings' values;
 * we snap through integers of the step so 0.1 + 0.2 style noise never reaches a filter check.
 */

/** Number of decimals a step like 0.001 implies. */
export function decimalsOf(step: number): number {
  if (!(step > 0)) return 0;
  const s = step.toString();
  if (s.includes('e-')) return Number(s.split('e-')[1]);
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}

/** Rounds to the nearest multiple of `step`, keeping only the step's decimals. */
export function roundToStep(value: number, step: number): number {
  const d = decimalsOf(step);
  return Number((Math.round(value / step) * step).toFixed(d));
}

/** Rounds down to a multiple of `step` (quantities: never more than was asked for). */
export function floorToStep(value: number, step: number): number {
  const d = decimalsOf(step);
  return Number((Math.floor(value / step + 1e-9) * step).toFixed(d));
}

/** True when `value` is a whole multiple of `step`, within floating noise. */
export function isMultipleOf(value: number, step: number): boolean {
  const k = value / step;
  return Math.abs(k - Math.round(k)) < 1e-7;
}

/** Rounds for display and storage of balances: 10 significant decimals kill float dust. */
export function clean(value: number): number {
  return Number(value.toFixed(10));
}

/** Parses a user-typed positive decimal; rejects `1e5`, `0x10`, `NaN`, `-1`, empty. */
export function parsePositiveDecimal(s: string): number | undefined {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
