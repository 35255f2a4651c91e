import type { OrderRequest } from '../domain/index.js';
import { baseOf, isPerpetualSymbol } from '../domain/index.js';
import { selectShareCovers } from './strategy-held.js';
import { selectBalance, selectFuturesPosition, selectPositionMode, selectStrategyAccount, type State } from '../store/index.js';

/** Quantities closer than this are the same (float dust of sums of fills). */
const DUST = 1e-9;

/**
 * A trader's order that would leave the account holding less of a market than its running
 * strategy instances hold there as their own: their own exits and closes then cannot find
 * their share (a perpetual's reduce-only close has nothing to reduce, a spot sell no coins),
 * and the instance holds at every signal from then on. Asked twice, like a far price: the
 * trader may mean it (taking the position over), but not by accident. A strategy's own order
 * moves only its own share and is never asked. Hedge mode keeps a side per position: not judged.
 */
export function strategySharesWarning(state: State, req: OrderRequest): string | undefined {
  if (req.strategyId !== undefined) return undefined;
  const running = Object.values(state.ledger.strategies).filter((s) => s.status === 'running' && s.venue === req.venue && s.symbol === req.symbol);
  if (running.length === 0) return undefined;
  const perp = isPerpetualSymbol(req.symbol);
  if (perp && selectPositionMode(state, req.venue) === 'hedge') return undefined;
  // What the account still holds of each one's own (strategy-held.ts): a share already gone
  // (closed by hand, liquidated) is nothing an order could take.
  const covers = selectShareCovers(state);
  const owners = running.map((s) => ({ id: s.strategyId, qty: covers.get(s.strategyId)?.held ?? selectStrategyAccount(state, s.strategyId).qty })).filter((o) => Math.abs(o.qty) > DUST);
  const owned = owners.reduce((sum, o) => sum + o.qty, 0);
  if (Math.abs(owned) <= DUST) return undefined;
  const base = baseOf(req.symbol);
  const balance = selectBalance(state, req.venue, base);
  const now = perp ? selectFuturesPosition(state, req.venue, req.symbol, 'BOTH').qty : balance.free + balance.locked;
  const after = now + (req.side === 'buy' ? req.qty : -req.qty);
  // Only an order that moves the account further from what the instances own (past it).
  const short = owned > 0 ? after < owned - DUST && after < now : after > owned + DUST && after > now;
  if (!short) return undefined;
  const what = perp ? `the ${req.symbol} position at ${round(after)}` : `${round(after)} ${base}`;
  return `it leaves ${what}, while running strategies hold ${round(owned)} of it as their own (${owners.map((o) => o.id).join(', ')}): they could not close their share (stop them first to take it over)`;
}

/** A quantity as the message shows it: no float dust. */
function round(x: number): string {
  return String(Number(x.toFixed(8)));
}
