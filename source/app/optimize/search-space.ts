import { UserError } from '../../domain/index.js';
import { parseParamText, type AnyStrategyDefinition, type Params } from '../../strategies/strategy.js';

/** One searched parameter: its name and every value it may take, ascending. */
export interface ParamAxis {
  readonly name: string;
  readonly values: readonly number[];
}

/**
 * What a sweep searches: one axis per `--param`, the strategy's defaults for the rest. A point
 * is one value per axis; its key (`fast=5,slow=20`) is the trial's id in the study file and on
 * the queue, so a trial is the same trial wherever and whenever it runs.
 */
export interface SearchSpace {
  readonly axes: readonly ParamAxis[];
  /** The strategy's defaults for the parameters not searched. */
  readonly fixed: Params;
  /** Points in the grid: the product of the axes' lengths. */
  readonly size: number;
  /** Every parameter of the strategy, in its own order (a point's parameters are listed so). */
  readonly names: readonly string[];
}

/** Most values one `--param` range may have, and most points a grid sweep may run. */
export const MAX_AXIS_POINTS = 100_000;
export const MAX_TRIALS = 1_000_000;

/** Decimals of a number as written (for stepping 0.1 without 0.30000000000000004). */
function decimals(x: number): number {
  const s = String(x);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Number(e[1]);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/**
 * `name=LO:HI:STEP` (every STEP from LO up to HI), `name=LO:HI` (step 1), `name=A,B,C` or
 * `name=V`, checked against the strategy's own ranges; each value may carry a unit as
 * backtest's `--NAME` does (`every=1h:1d:1h`, `on-drop=2%:6%:2%`). Every mistake is one clear line.
 */
export function parseParamArg(raw: string, def: AnyStrategyDefinition): ParamAxis {
  const eq = raw.indexOf('=');
  if (eq <= 0) throw new UserError(`--param ${raw}: write NAME=LO:HI:STEP (e.g. fast=5:50:5) or NAME=A,B,C`);
  const name = raw.slice(0, eq).trim();
  const body = raw.slice(eq + 1).trim();
  const spec = def.params[name];
  if (spec === undefined) throw new UserError(`--param ${name}: ${def.name} has no parameter "${name}" (it has: ${Object.keys(def.params).join(', ') || 'none'})`);
  // Each value as `backtest --NAME` takes it (one parser): a number, a percent or a duration (dca's every=1h:1d:1h).
  const num = (s: string, what: string): number => {
    const n = parseParamText(name, s);
    if (!n.ok) throw new UserError(`--param ${name}: ${what} "${s.trim().slice(0, 40)}" is not a number, a percent (3%) or a duration (15m, 1h, 1d) (write ${name}=LO:HI:STEP, e.g. ${name}=${spec.min}:${Math.min(spec.max, spec.min + 10)}:1)`);
    return n.value;
  };
  let values: number[];
  if (body.includes(':')) {
    const parts = body.split(':');
    if (parts.length > 3) throw new UserError(`--param ${name}=${body}: a range is LO:HI or LO:HI:STEP`);
    const lo = num(parts[0], 'the low end');
    const hi = num(parts[1], 'the high end');
    const step = parts.length === 3 ? num(parts[2], 'the step') : 1;
    if (!(step > 0)) throw new UserError(`--param ${name}=${body}: the step must be above 0`);
    if (hi < lo) throw new UserError(`--param ${name}=${body} is an empty range: the high end ${hi} is below the low end ${lo}`);
    const count = Math.floor((hi - lo) / step + 1e-9) + 1;
    if (count > MAX_AXIS_POINTS) throw new UserError(`--param ${name}=${body} has ${count.toLocaleString('en-US')} points; at most ${MAX_AXIS_POINTS.toLocaleString('en-US')} per parameter (use a bigger step)`);
    const d = Math.max(decimals(lo), decimals(step));
    values = Array.from({ length: count }, (_, i) => Number((lo + i * step).toFixed(d)));
  } else {
    values = body.split(',').map((s) => num(s, 'the value'));
    if (values.length > MAX_AXIS_POINTS) throw new UserError(`--param ${name} lists ${values.length} values; at most ${MAX_AXIS_POINTS} per parameter`);
  }
  values = [...new Set(values)].sort((a, b) => a - b);
  for (const v of values) {
    if (v < spec.min || v > spec.max || (spec.integer && !Number.isInteger(v))) {
      throw new UserError(`--param ${name}=${body}: ${def.name}'s ${name} must be ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max} (the range reaches ${v})`);
    }
  }
  return { name, values };
}

/** The space of the `--param` arguments (at least one, each parameter once). */
export function searchSpace(def: AnyStrategyDefinition, rawParams: readonly string[]): SearchSpace {
  if (rawParams.length === 0) throw new UserError(`give at least one --param NAME=LO:HI:STEP to search (${def.name} has: ${Object.keys(def.params).join(', ') || 'none'})`);
  const axes = rawParams.map((r) => parseParamArg(r, def));
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.name)) throw new UserError(`--param ${a.name} is given twice`);
    seen.add(a.name);
  }
  const fixed: Record<string, number> = {};
  for (const [k, spec] of Object.entries(def.params)) if (!seen.has(k)) fixed[k] = spec.default;
  return { axes, fixed, size: axes.reduce((n, a) => n * a.values.length, 1), names: Object.keys(def.params) };
}

/** The grid's point number `index` (the last axis varies fastest), as full parameters. */
export function pointAt(space: SearchSpace, index: number): Params {
  const indexes = new Array<number>(space.axes.length);
  let rest = index;
  for (let k = space.axes.length - 1; k >= 0; k--) {
    indexes[k] = rest % space.axes[k].values.length;
    rest = Math.floor(rest / space.axes[k].values.length);
  }
  return pointOf(space, indexes);
}

/** A point from one value index per axis, its parameters in the strategy's order. */
export function pointOf(space: SearchSpace, indexes: readonly number[]): Params {
  const searched = new Map(space.axes.map((a, k) => [a.name, a.values[indexes[k]]]));
  return Object.fromEntries(space.names.map((n) => [n, searched.get(n) ?? space.fixed[n]]));
}

/** The trial id of a point: its searched values in axis order, e.g. `fast=5,slow=20`. */
export function trialKey(space: SearchSpace, params: Params): string {
  return space.axes.map((a) => `${a.name}=${params[a.name]}`).join(',');
}

/** The searched parameters as written on the command line, for the study header. */
export function describeSpace(space: SearchSpace): Record<string, readonly number[]> {
  return Object.fromEntries(space.axes.map((a) => [a.name, a.values]));
}
