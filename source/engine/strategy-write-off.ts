import { baseOf, isOpenStatus, isPerpetualSymbol, type CommandSource, type StrategyWriteOff } from '../domain/index.js';
import { selectStrategyAccount, type State } from '../store/index.js';
import { selectShareCovers } from './strategy-held.js';

/**
 * Writing off what an instance claims and the account no longer holds, pure. An instance's own
 * position (its fills) is a claim on the account (strategy-held.ts); when the position was
 * closed outside it (by hand, on the exchange's site, a testnet or sandbox reset to nothing),
 * the claim stands with nothing under it and the instance holds: a close it cannot size, or on
 * a one-way perpetual netted with another instance's opposite claim, a close it cannot make
 * alone. The trader settles it by writing the gone part off: its own position becomes what the
 * account holds of it, at its own average entry (its realised PnL stays what its trades made;
 * the part's gain or loss is the trader's, as pnl --by strategy already counted it on the
 * manual line), recorded as `strategy/written-off` so every view and a replay read the same.
 *
 * Never automatic. A reset testnet and a real account emptied by hand look the same from here
 * (a balance or position the exchange reports as gone), and a write-off cannot be taken back:
 * the trader says so, once for every instance with `--all`. Nothing is written off while the
 * account is not known (no sync yet: nothing reads gone then), nor for an instance with an order
 * open (a fill could still come and change what is gone).
 */

/** One instance's write-off as planned: what it claims, what the account holds of it, the part that goes and at what price. */
export interface WriteOffItem {
  readonly id: string;
  readonly symbol: string;
  readonly base: string;
  /** Its own position from its fills (signed). */
  readonly own: number;
  /** What the account holds of it: its own position after. */
  readonly held: number;
  /** The part written off, signed as `own`. */
  readonly qty: number;
  /** Its own average entry. */
  readonly price: number;
}

export interface WriteOffPlan {
  readonly items: readonly WriteOffItem[];
  /** Instances asked for (or, with all, found gone) that are not written off, each with why. */
  readonly kept: readonly { readonly id: string; readonly why: string }[];
}

/** A quantity without float dust. */
const q = (x: number): string => String(Number(x.toFixed(8)));

/**
 * What writing off `ids` (or every listed instance of `venue` with a gone part: 'all') would
 * do now. An id not listed on `venue` is kept with why; so is one whose claim is whole.
 */
export function writeOffPlan(state: State, venue: string, ids: readonly string[] | 'all'): WriteOffPlan {
  const covers = selectShareCovers(state);
  const open = new Set(Object.values(state.ledger.orders).filter((o) => isOpenStatus(o.status) && o.strategyId !== undefined).map((o) => o.strategyId));
  const listed = Object.values(state.ledger.strategies).filter((s) => s.venue === venue);
  const wanted = ids === 'all' ? listed.filter((s) => (covers.get(s.strategyId)?.cover ?? 'held') !== 'held').map((s) => s.strategyId) : [...new Set(ids)];
  const items: WriteOffItem[] = [];
  const kept: { id: string; why: string }[] = [];
  for (const id of wanted) {
    const s = state.ledger.strategies[id];
    if (!s || s.venue !== venue) {
      kept.push({ id, why: `no strategy ${id.slice(0, 60)} listed on this venue (see: strategies --all)` });
      continue;
    }
    const a = selectStrategyAccount(state, id);
    const c = covers.get(id);
    if (a.qty === 0) {
      kept.push({ id, why: 'it holds nothing of its own: nothing to write off' });
      continue;
    }
    if (!c || c.cover === 'held') {
      kept.push({ id, why: `the account holds all of its own ${q(a.qty)} ${baseOf(s.symbol)}: nothing is gone (close it with: stop ${id} --close)` });
      continue;
    }
    if (open.has(id)) {
      kept.push({ id, why: 'it has an order open, whose fill would change what is gone (cancel it first: orders)' });
      continue;
    }
    items.push({ id, symbol: s.symbol, base: baseOf(s.symbol), own: a.qty, held: c.held, qty: Number((a.qty - c.held).toFixed(12)), price: a.avgPrice });
  }
  return { items, kept };
}

/** The events that record a plan's write-offs, one per instance, in one batch. */
export function writeOffEvents(plan: WriteOffPlan, venue: string, source: CommandSource, ts: number): { readonly type: 'strategy/written-off'; readonly data: StrategyWriteOff }[] {
  return plan.items.map((i) => ({ type: 'strategy/written-off' as const, data: { strategyId: i.id, venue, symbol: i.symbol, qty: i.qty, price: i.price, held: i.held, source, ts } }));
}

/** "sma-BTCUSDT-1: 0.01 of its own 0.03 BTC long at its entry 65000 (it keeps the 0.02 held)". */
export function writeOffItemText(i: WriteOffItem, price: (p: number) => string = q): string {
  const side = i.own > 0 ? 'long' : 'short';
  const keeps = i.held === 0 ? 'it holds nothing after' : `it keeps the ${q(Math.abs(i.held))} the account holds`;
  return `${i.id}: ${q(Math.abs(i.qty))} of its own ${q(Math.abs(i.own))} ${i.base}${isPerpetualSymbol(i.symbol) ? ` ${side}` : ''} at its entry ${price(i.price)} (${keeps})`;
}
