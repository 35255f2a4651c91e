import { BinanceError } from './signing.js';

/**
 * Parameter reading with Binance's documented error codes: -1102 for a missing mandatory
 * parameter, -1100 for illegal characters, -1130/-1116/-1117/-1115/-1120 for values outside an enum.
 */
export type Params = URLSearchParams;

const DECIMAL = /^([0-9]{1,20})(\.[0-9]{1,20})?$/;
const INTEGER = /^[0-9]{1,20}$/;

export function missing(name: string): BinanceError {
  return new BinanceError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
}

/** A parameter that must be present and non-empty. */
export function required(p: Params, name: string): string {
  const v = p.get(name);
  if (v === null || v === '') throw missing(name);
  return v;
}

/** An optional parameter; sent but empty is Binance's -1105. */
export function optional(p: Params, name: string): string | undefined {
  const v = p.get(name);
  if (v === null) return undefined;
  if (v === '') throw new BinanceError(400, -1105, `Parameter '${name}' was empty.`);
  return v;
}

export function decimal(p: Params, name: string): number | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  if (!DECIMAL.test(v)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.`);
  return Number(v);
}

export function integer(p: Params, name: string): number | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  if (!INTEGER.test(v)) throw new BinanceError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
  return Number(v);
}

/** `limit`-style integers with Binance's default and a documented maximum (larger is capped or refused). */
export function limit(p: Params, fallback: number, max: number): number {
  const n = integer(p, 'limit');
  if (n === undefined) return fallback;
  if (n < 1) throw new BinanceError(400, -1130, "Data sent for parameter 'limit' is not valid.");
  return Math.min(n, max);
}

/** A `limit` that must be one of Binance's listed values (order book depth): -1100 with the list otherwise. */
export function oneOfLimits(p: Params, allowed: readonly number[], fallback: number): number {
  const n = integer(p, 'limit');
  if (n === undefined) return fallback;
  if (!allowed.includes(n)) throw new BinanceError(400, -1100, `Illegal characters found in parameter 'limit'; legal range is '${allowed.join(', ')}'.`);
  return n;
}

/** One of a closed set of values, or the given Binance error. */
export function oneOf<T extends string>(p: Params, name: string, allowed: readonly T[], code: number, msg: string): T | undefined {
  const v = optional(p, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new BinanceError(400, code, msg);
  return v as T;
}

/** `symbols=["A","B"]` as Binance takes it: a JSON array of names. */
export function symbolList(p: Params): string[] | undefined {
  const v = optional(p, 'symbols');
  if (v === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    throw new BinanceError(400, -1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
  }
  if (!Array.isArray(parsed) || parsed.some((s) => typeof s !== 'string')) throw new BinanceError(400, -1100, "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.");
  if (new Set(parsed).size !== parsed.length) throw new BinanceError(400, -1151, 'Symbol is present multiple times in the list.');
  return parsed as string[];
}
