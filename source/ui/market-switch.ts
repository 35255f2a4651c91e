import { selectInstrument, type State } from '../store/index.js';

/**
 * The other market of the same coin for `f`: the perpetual of a spot market (BTC/USDT ->
 * BTC/USDT:USDT) or the spot market of a perpetual; an error saying why there is none.
 */
export function counterpartMarket(state: State, venue: string, symbol: string): { readonly symbol: string } | { readonly error: string } {
  const inst = selectInstrument(state, venue, symbol);
  if (!inst) return { error: `no market ${symbol} here` };
  const other = inst.perpetual ? `${inst.base}/${inst.quote}` : `${inst.base}/${inst.quote}:${inst.quote}`;
  if (selectInstrument(state, venue, other)) return { symbol: other };
  return { error: inst.perpetual ? `${symbol} has no spot market here` : `${symbol} has no perpetual here (perpetuals: start with --futures)` };
}
