import { isOpenStatus } from '../../domain/index.js';
import type { State } from '../../store/index.js';
import type { StrategyInstanceView } from '../../engine/strategy-figures.js';

/** What `strategies prune` takes off the list, and what it leaves there and why. */
export interface PrunePlan {
  /** Stopped, flat instances with no order open: their list entries go. */
  readonly ids: readonly string[];
  /** Instances left on the list: running, or stopped still holding something the trader must see. */
  readonly kept: readonly { readonly id: string; readonly why: string }[];
}

/**
 * Which instances may leave the list. Only a stopped one that holds nothing and has no order
 * open: its figures are then final, and its orders and fills stay in the ledger. One still
 * holding a position or an order stays listed (it is a money fact the trader still has). What
 * it holds is what the account still holds of its own position (engine/strategy-held.ts): one
 * whose position was closed outside it (by hand, on the exchange) holds nothing and may go; one
 * partly covered stays, and says so.
 */
export function prunePlan(state: State, views: readonly StrategyInstanceView[]): PrunePlan {
  const open = new Set(Object.values(state.ledger.orders).filter((o) => isOpenStatus(o.status) && o.strategyId !== undefined).map((o) => o.strategyId));
  const ids: string[] = [];
  const kept: { id: string; why: string }[] = [];
  for (const v of views) {
    if (v.status === 'running') continue;
    if (v.position !== 0) kept.push({ id: v.id, why: `it still holds ${v.position} ${v.symbol}${v.notHeld ? ` (of its own ${v.notHeld.own}: the rest was closed outside it)` : ''} (close it first: stop ${v.id} --close)` });
    else if (open.has(v.id)) kept.push({ id: v.id, why: `it has an order open (cancel it first: orders)` });
    else ids.push(v.id);
  }
  return { ids, kept };
}
