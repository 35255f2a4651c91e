import type { CancelBy, Order, Refusal } from '../../domain/index.js';
import { floorToStep, isOpenStatus, refusal } from '../../domain/index.js';
import { linkDown } from '../../engine/risk.js';
import { diffResting, type RestingOrder } from '../../engine/resting-orders.js';
import { HOLD } from '../../engine/strategy-decision.js';
import { selectClosableShare } from '../../engine/strategy-held.js';
import { limitQty, sizeBuy, sizeSell, type StrategySize } from '../../engine/strategy-size.js';
import type { OrdersIntent, WantedOrder } from '../../strategies/strategy.js';
import { selectBalance, selectEquity, selectTicker } from '../../store/index.js';
import type { Session } from '../session/session.js';
import { placeStrategyOrder, record, type ActContext } from './strategy-act.js';

/*
 * The effects of a strategy that keeps orders (grid, dca), the live half of
 * engine/backtest/orders-backtest.ts and in the same order: cancel the resting orders it no
 * longer wants (engine/resting-orders.ts diffResting), send its market order, then place the
 * missing limits in the strategy's order. Every order goes through the session's one order path
 * (link, halt, protections, risk limits, durable log); a hold or refusal is recorded as the
 * instance's fact (strategy/held, strategy/refused, once per reason) and shown like any other.
 */

/** The instance's own open limit orders on its market: what it has resting. */
export function restingOrdersOf(session: Session, c: Pick<ActContext, 'id' | 'inst'>): Order[] {
  return Object.values(session.state().ledger.orders).filter((o) => o.strategyId === c.id && o.symbol === c.inst.symbol && o.type === 'limit' && isOpenStatus(o.status));
}

/**
 * Cancels every open order of instance `id` (a grid stopping): the refusals of those that would
 * not cancel. `by`: who stops it, when not the instance itself (a flatten says so in each cancel).
 */
export async function cancelInstanceOrders(session: Session, id: string, by: CancelBy = { by: 'strategy', id, stopping: true }): Promise<Refusal[]> {
  const open = Object.values(session.state().ledger.orders).filter((o) => o.strategyId === id && isOpenStatus(o.status) && o.status !== 'unknown');
  const problems: Refusal[] = [];
  for (const o of open) {
    const r = await session.cancel(o.id, by);
    if (!r.ok) problems.push(r.refusal ?? refusal(HOLD.refused, r.error));
  }
  return problems;
}

/** The wanted order on the market's grid: the price to the nearest tick, a given quantity down to the lot. */
function onMarketGrid(w: WantedOrder, c: ActContext): WantedOrder {
  const tick = c.inst.tickSize;
  const price = tick > 0 ? Number((Math.round(w.price / tick) * tick).toFixed(12)) : w.price;
  return w.qty === undefined ? { side: w.side, price } : { side: w.side, price, qty: floorToStep(w.qty, c.inst.lotSize) };
}

/** `entries` entries of one size, as one size (a grid's starting buy: one entry per sell level). */
function times(size: StrategySize, entries: number): StrategySize {
  switch (size.kind) {
    case 'quote':
      return { ...size, amount: size.amount * entries };
    case 'base':
      return { ...size, qty: size.qty * entries };
    case 'equity':
      return { ...size, percent: size.percent * entries };
  }
}

/** What carrying out one intent did, for progress lines. */
export interface OrdersOutcome {
  readonly placed: number;
  readonly cancelled: number;
  readonly refused: number;
}

/**
 * Carries out one OrdersIntent of instance `c.id` at a close (`ts`), `price` the close (used
 * when the book has no price). `leave` is the host's business (stop or hold), not done here.
 */
export async function carryOutOrders(session: Session, c: ActContext & { readonly size: StrategySize }, intent: OrdersIntent, price: number, ts: number): Promise<OrdersOutcome> {
  const out = { placed: 0, cancelled: 0, refused: 0 };
  const say = (t: string): void => c.say?.(`${c.id}: ${t}`);
  const down = linkDown(session.state(), session.venue);
  if (down) {
    say(record(session, c, 'held', 'long', refusal(HOLD.linkDown, down), ts));
    return out;
  }
  const refused = (side: 'buy' | 'sell', why: Refusal): void => {
    out.refused++;
    say(record(session, c, 'refused', side === 'buy' ? 'long' : 'flat', why, ts));
  };
  const wanted = intent.resting?.map((w) => onMarketGrid(w, c));
  const diff = wanted && diffResting(wanted, restingOrdersOf(session, c).map((o): RestingOrder => ({ id: o.id, side: o.side, price: o.price!, qty: o.qty })));
  for (const id of diff?.cancel ?? []) {
    const r = await session.cancel(id, { by: 'strategy', id: c.id });
    if (r.ok) out.cancelled++;
    else {
      // An order that would not cancel may still fill: nothing new goes out beside it (a grid
      // never has more orders than it wants), it is tried again at the next close.
      say(record(session, c, 'held', 'long', refusal(HOLD.unsettled, `order ${id} would not cancel (${r.error}): no new orders until it does`), ts));
      return out;
    }
  }
  const s = session.state();
  const venue = session.venue;
  const t = selectTicker(s, venue, c.inst.symbol);
  const equity = selectEquity(s, venue, c.inst.quote);
  if (intent.buy !== undefined) {
    const b = sizeBuy(times(c.size, intent.buy), { inst: c.inst, equity, cash: selectBalance(s, venue, c.inst.quote).free, price: t?.ask || price, fee: c.fee });
    if (!b.ok) refused('buy', b.refusal);
    else {
      const r = await placeStrategyOrder(session, { symbol: c.inst.symbol, side: 'buy', type: 'market', qty: b.qty, ...(b.quoteQty !== undefined ? { quoteQty: b.quoteQty } : {}), strategyId: c.id }, true);
      if (!r.ok) refused('buy', r.refusal ?? refusal(HOLD.refused, r.error));
      else out.placed++;
    }
  } else if (intent.sell !== undefined) {
    // What the account still holds of its own (strategy-held.ts): never another's coins.
    const { own, held } = selectClosableShare(s, c.id);
    const qty = sizeSell(Math.min(intent.sell, held), selectBalance(s, venue, c.inst.base).free, c.inst);
    if (qty === 0) refused('sell', refusal(HOLD.notFree, held < own ? `it holds ${own} ${c.inst.base}, of which the account holds ${held > 0 ? `only ${held}` : 'none'} now (sold or moved outside the strategy; strategies write-off settles it)` : `it holds ${own} ${c.inst.base}, not enough of it free to sell`));
    else {
      const r = await placeStrategyOrder(session, { symbol: c.inst.symbol, side: 'sell', type: 'market', qty, strategyId: c.id }, false);
      if (!r.ok) refused('sell', r.refusal ?? refusal(HOLD.refused, r.error));
      else out.placed++;
    }
  }
  for (const w of diff?.place ?? []) {
    const qty = w.qty ?? limitQty(c.size, w.price, equity, c.fee, c.inst.lotSize);
    if (!(qty >= c.inst.minQty) || qty === 0) {
      refused(w.side, refusal(HOLD.size, `a ${w.side} at ${w.price} of size ${qty} ${c.inst.base} is below the minimum ${c.inst.minQty} ${c.inst.base}`, 'size'));
      continue;
    }
    const r = await placeStrategyOrder(session, { symbol: c.inst.symbol, side: w.side, type: 'limit', price: w.price, qty, strategyId: c.id }, w.side === 'buy');
    if (!r.ok) refused(w.side, r.refusal ?? refusal(HOLD.refused, r.error));
    else out.placed++;
  }
  if (out.placed + out.cancelled > 0) say(`${intent.reason}: ${out.placed} placed, ${out.cancelled} cancelled${out.refused ? `, ${out.refused} refused` : ''}`);
  return out;
}
