import { parseSymbol } from '../../domain/index.js';
import type { CarrySpec } from '../../app/carry/carry-manager.js';
import type { Parsed } from '../command-spec.js';
import { parsePolicy, percent, POLICY_FLAGS, splitFlags } from './arb-start.js';

export const CARRY_START_USAGE = 'start carry SYMBOL --size 1000USDT --min-apr 10% [--exit-apr 5%] [--on-single-leg cancel|reverse|proceed] [--price-limit 0.5%] [--time-limit 10s]';

/** The words after `start carry`, checked without the session (the market and its perpetual are checked when it starts). */
export function parseCarryStart(words: readonly string[]): Parsed<CarrySpec> {
  const bad = (problem: string): Parsed<CarrySpec> => ({ ok: false, error: `${problem}; usage: ${CARRY_START_USAGE}` });
  const split = splitFlags(words, ['size', 'min-apr', 'exit-apr', ...POLICY_FLAGS]);
  if (!split.ok) return bad(split.error);
  const { pos, flags } = split.args;
  if (pos.length !== 1) return bad('carry needs one spot symbol (its perpetual is the other leg)');
  const sym = parseSymbol(pos[0]);
  if (!sym.ok) return { ok: false, error: sym.error };
  const quote = sym.symbol.split('/')[1];
  const size = /^(\d+(?:\.\d+)?)([A-Za-z][A-Za-z0-9]*)$/.exec(flags.size ?? '');
  if (!size || size[2].toUpperCase() !== quote || !(Number(size[1]) > 0)) return bad(`--size is the notional of each leg in ${quote}, like 1000${quote}`);
  const minApr = percent(flags['min-apr']);
  if (minApr === undefined) return bad('--min-apr is the least annualised funding net of both legs\' fees to enter at, like 10%');
  const exitApr = flags['exit-apr'] === undefined ? undefined : percent(flags['exit-apr']);
  if (flags['exit-apr'] !== undefined && exitApr === undefined) return bad('--exit-apr is the net APR below which it closes both legs, like 5% (default: half of --min-apr)');
  const policy = parsePolicy(flags);
  if (!policy.ok) return bad(policy.error);
  return { ok: true, args: { symbol: sym.symbol, quoteSize: Number(size[1]), minApr, ...(exitApr === undefined ? {} : { exitApr }), policy: policy.args } };
}
