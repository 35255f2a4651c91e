import { floorToStep, marketKey } from '../source/domain/index.js';
import { selectShareCovers } from '../source/engine/strategy-held.js';
import type { State } from '../source/store/index.js';
import type { SimRandom } from './sim-random.js';
import type { Action } from './workload.js';

/**
 * `strategies write-off --all`, drawn from its own stream (so the streams above draw as before):
 * now and then a tick becomes a write-off once some instance's own position reads partly or
 * wholly gone from the account (the trader's sells took its coins).
 */
export function withWriteOffs(rng: SimRandom, action: Action, state: State, venue: string): Action {
  if (action.kind !== 'tick' || !rng.chance(0.25)) return action;
  const covers = selectShareCovers(state);
  const listed = Object.values(state.ledger.strategies).filter((s) => s.venue === venue);
  if (listed.some((s) => (covers.get(s.strategyId)?.cover ?? 'held') !== 'held')) return { kind: 'strategyWriteOff' };
  // Else, now and then, the trader sells by hand all the free coins an instance holds its own in,
  // as one who emptied the account on the exchange's site would: its claim then reads gone.
  const holding = listed.filter((s) => (state.ledger.strategyAccounts?.[s.strategyId]?.qty ?? 0) > 0);
  if (holding.length === 0 || !rng.chance(0.5)) return action;
  const s = rng.pick(holding);
  const inst = state.market.instruments[marketKey(venue, s.symbol)];
  const free = state.ledger.balances[venue]?.[inst?.base ?? '']?.free ?? 0;
  const qty = inst ? floorToStep(free, inst.lotSize) : 0;
  return inst && qty >= inst.minQty ? { kind: 'order', order: { symbol: s.symbol, side: 'sell', type: 'market', qty } } : action;
}
