import type { ArbPolicy, SingleLegPolicy } from '../../domain/index.js';
import { parseSymbol, SINGLE_LEG_POLICIES } from '../../domain/index.js';
import { parsePercent } from '../../domain/number-text.js';
import type { ArbSpec } from '../../app/arb/arb-manager.js';
import type { Parsed } from '../command-spec.js';

export const ARB_START_USAGE = 'start arb-cross SYMBOL [--venues A,B] --size 0.01BTC --min-edge 0.2% [--on-single-leg cancel|reverse|proceed] [--price-limit 0.5%] [--time-limit 10s] [--max-notional N] [--max-exposure N] [--max-per-minute N]';

/** Defaults of the single-leg policy: unwind, at most 0.5% worse, within 10 seconds. */
const DEFAULT_POLICY = { onSingleLeg: 'reverse' as SingleLegPolicy, priceLimitPercent: 0.5, timeLimitMs: 10_000 };

/** The words after `start arb-cross`, checked without the session (venues and markets are checked when it starts). */
export function parseArbStart(words: readonly string[]): Parsed<ArbSpec> {
  const bad = (problem: string): Parsed<ArbSpec> => ({ ok: false, error: `${problem}; usage: ${ARB_START_USAGE}` });
  const split = splitFlags(words, ['venues', 'size', 'min-edge', ...POLICY_FLAGS, 'max-notional', 'max-exposure', 'max-per-minute']);
  if (!split.ok) return bad(split.error);
  const { pos, flags } = split.args;
  if (pos.length !== 1) return bad('arb-cross needs one symbol');
  const sym = parseSymbol(pos[0]);
  if (!sym.ok) return { ok: false, error: sym.error };
  const [base] = sym.symbol.split('/');
  // Absent: the session's first two (on the command line `--venues` is the session's own flag, taken before this).
  const venues = flags.venues === undefined ? [] : flags.venues.split(',').map((v) => v.trim().toLowerCase());
  const size = /^(\d+(?:\.\d+)?)([A-Za-z][A-Za-z0-9]*)$/.exec(flags.size ?? '');
  if (!size || size[2].toUpperCase() !== base || !(Number(size[1]) > 0)) return bad(`--size is a quantity of ${base}, like 0.01${base}`);
  const minEdge = percent(flags['min-edge']);
  if (minEdge === undefined) return bad('--min-edge is the least edge net of both fees, like 0.2%');
  const policy = parsePolicy(flags);
  if (!policy.ok) return bad(policy.error);
  const limits: Record<string, number> = {};
  for (const [flag, key] of [['max-notional', 'maxNotional'], ['max-exposure', 'maxExposure'], ['max-per-minute', 'maxPerMinute']] as const) {
    if (flags[flag] === undefined) continue;
    const n = Number(flags[flag]);
    if (!/^\d+(\.\d+)?$/.test(flags[flag]) || !(n > 0)) return bad(`--${flag} is a number above 0`);
    limits[key] = n;
  }
  return { ok: true, args: { symbol: sym.symbol, venues, qty: Number(size[1]), minEdgePercent: minEdge, policy: policy.args, limits } };
}

/** The single-leg policy's flags, shared by every start of a transaction-trading instance (arb-cross, carry). */
export const POLICY_FLAGS = ['on-single-leg', 'price-limit', 'time-limit'];

/** Words split into positionals and `--flag value` pairs, refusing a flag without a value or not in `known`. */
export function splitFlags(words: readonly string[], known: readonly string[]): Parsed<{ readonly pos: string[]; readonly flags: Record<string, string> }> {
  const pos: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < words.length; i++) {
    if (!words[i].startsWith('--')) {
      pos.push(words[i]);
      continue;
    }
    const value = words[i + 1];
    if (value === undefined || value.startsWith('--')) return { ok: false, error: `${words[i].slice(0, 30)} needs a value` };
    flags[words[i].slice(2)] = value;
    i++;
  }
  const unknown = Object.keys(flags).find((k) => !known.includes(k));
  if (unknown) return { ok: false, error: `unknown option --${unknown.slice(0, 30)}` };
  return { ok: true, args: { pos, flags } };
}

/** `--on-single-leg`, `--price-limit`, `--time-limit`, each defaulting to DEFAULT_POLICY. */
export function parsePolicy(flags: Readonly<Record<string, string>>): Parsed<ArbPolicy> {
  const onSingleLeg = (flags['on-single-leg'] ?? DEFAULT_POLICY.onSingleLeg) as SingleLegPolicy;
  if (!SINGLE_LEG_POLICIES.includes(onSingleLeg)) return { ok: false, error: `--on-single-leg is one of ${SINGLE_LEG_POLICIES.join(', ')}` };
  const priceLimit = flags['price-limit'] === undefined ? DEFAULT_POLICY.priceLimitPercent : percent(flags['price-limit']);
  if (priceLimit === undefined) return { ok: false, error: '--price-limit is how much worse than planned a policy order may trade, like 0.5%' };
  const time = flags['time-limit'] === undefined ? DEFAULT_POLICY.timeLimitMs : seconds(flags['time-limit']);
  if (time === undefined) return { ok: false, error: '--time-limit is how long the legs and the policy may take, like 10s (1 to 3600)' };
  return { ok: true, args: { onSingleLeg, priceLimitPercent: priceLimit, timeLimitMs: time } };
}

/** `0.2%` as 0.2: above 0, at most 100 (a shared spelling: domain/number-text.ts). */
export const percent = parsePercent;

export function seconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)s?$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= 3600 ? n * 1000 : undefined;
}
