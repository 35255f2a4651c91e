import type { Fill } from '../../domain/index.js';
import type { State } from '../../store/index.js';
import type { StrategyFill } from '../../strategies/strategy.js';

/**
 * An instance's fill as its strategy's `onFill` is told it: a limit order's fill carries the
 * order's price, and whether the order is done with it (a grid flips a level only then).
 */
export function strategyFillOf(state: State, f: Fill, done: boolean): StrategyFill {
  const order = state.ledger.orders[f.orderId];
  const limit = order?.type === 'limit' ? order.price : undefined;
  return { side: f.side, time: f.ts, price: f.price, quantity: f.qty, fee: f.fee, ...(limit !== undefined ? { limit, done } : {}) };
}

/**
 * The fills of instance `id` the state still has, oldest first, each with the instance's position
 * just after it, for a resumed instance's strategy to be told again what it did before this
 * process began (a dca's last buy: without it, it took itself for new and bought again at its
 * first close after every restart). The positions are counted back from `position`, the
 * instance's position now, so they are right even when older fills have left the state.
 */
export function ownFillsToReplay(state: State, id: string, position: number): { readonly fill: StrategyFill; readonly position: number }[] {
  const own = state.ledger.fills.filter((f) => state.ledger.orders[f.orderId]?.strategyId === id);
  // The position after each fill, counted back from now.
  const after: number[] = new Array<number>(own.length);
  let pos = position;
  for (let i = own.length - 1; i >= 0; i--) {
    after[i] = pos;
    pos -= own[i].side === 'buy' ? own[i].qty : -own[i].qty;
  }
  // Whether each limit order was done with a fill: its quantity reached, counting in order.
  const filled = new Map<string, number>();
  return own.map((f, i) => {
    const sum = (filled.get(f.orderId) ?? 0) + f.qty;
    filled.set(f.orderId, sum);
    return { fill: strategyFillOf(state, f, sum >= (state.ledger.orders[f.orderId]?.qty ?? sum) - 1e-12), position: after[i] };
  });
}
