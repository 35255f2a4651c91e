import { amount, num, qty } from '../domain/number-text.js';
import { decimalsOf } from '../domain/numbers.js';

/*
 * The page's words for numbers and times. Numbers go through the project's one formatter
 * (domain/number-text.ts), so the page says 104,902.70 as the shell and the TUI do.
 */
export { amount, num, qty };

/** `-0.00` is what a tiny loss rounds to: said as 0.00, as it reads. */
function unsignedZero(text: string): string {
  return /^-0(\.0+)?$/.test(text) ? text.slice(1) : text;
}

/** A money figure with its sign: +12.50, -3.10, 0.00 (never -0.00). */
export function signed(n: number, decimals = 2): string {
  const text = unsignedZero(num(n, decimals));
  return n > 0 && text !== num(0, decimals) ? `+${text}` : text;
}

/** The colour class of a figure that can gain or lose, as it reads at `decimals` (0.00 is flat, whatever its sign). */
export function tone(n: number, decimals = 2): 'up' | 'down' | 'flat' {
  const shown = Number(n.toFixed(decimals));
  return shown > 0 ? 'up' : shown < 0 ? 'down' : 'flat';
}

/** A time of day in UTC (the daemon's periods are UTC): 14:03:07. */
export function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** A date and time in UTC, short: 12-06 14:03. */
export function stamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/**
 * A column of prices or quantities at the most decimals any of them has (at most 8): they line
 * up on the decimal point and none is rounded to a precision the page would have to guess (it
 * does not know the instruments' tick sizes).
 */
export function columnFormat(values: readonly number[], max = 8): (n: number) => string {
  const d = Math.min(max, Math.max(0, ...values.map((v) => decimalsOf(Math.abs(v)))));
  return (n) => num(n, d);
}

/** A share 0..1 as a percent: 12.3%. */
export function percent(x: number, decimals = 1): string {
  return `${unsignedZero(num(x * 100, decimals))}%`;
}
