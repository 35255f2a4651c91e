import { applyStrategyFill } from './strategy-account.js';
import type { CancelBy, Fill, Order } from '../domain/index.js';
import { clean, feeInQuote, isOpenStatus, isPerpetualSymbol } from '../domain/index.js';
import type { Draft } from './draft.js';
import { MAX_CLOSED_ORDERS, MAX_FILLS, MAX_NOTICES, MAX_STRATEGY_TRADES } from './state.js';

/**
 * The fold of the order events, one function per kind. The general fold (`evolve.ts`) calls
 * them with an event's fields, and a replay's fast path (`replay.ts`) with fields decoded
 * straight from the log, so both change the state by the same code.
 */

export function foldSubmitted(d: Draft, order: Order): void {
  d.setOrder(order);
  d.bumpCounter('orderCount');
}

export function foldAccepted(d: Draft, id: string, exchangeOrderId: string, ts: number): void {
  const o = d.order(id);
  if (!o) return;
  // An unknown order that turns up at the exchange is live again (and may have filled).
  const found = o.status === 'submitted' || o.status === 'unknown';
  const w = d.writableOrder(o);
  w.exchangeOrderId = exchangeOrderId;
  if (found) w.status = o.filledQty > 0 ? 'partially_filled' : 'open';
  w.updatedAt = ts;
}

/**
 * `order/triggered`: the stop was set off and now works as the order it names. Only an open,
 * not yet triggered stop changes; a repeat keeps the first trigger's time. `firedOrderId` (the
 * exchange's new order, Binance USD-M) is kept so its fills find this order after a restart.
 */
export function foldTriggered(d: Draft, id: string, ts: number, firedOrderId?: string, qty?: number): void {
  const o = d.order(id);
  if (!o || o.stopPrice === undefined || o.triggeredAt !== undefined || !isOpenStatus(o.status)) return;
  const w = d.writableOrder(o);
  w.triggeredAt = ts;
  if (firedOrderId !== undefined) w.firedOrderId = firedOrderId;
  // A close-position stop's size is the position's when it fired: its fills are counted against that.
  if (o.closePosition && qty !== undefined && qty > 0) w.qty = qty;
  w.updatedAt = ts;
}

/**
 * `order/cancel-asked`: who asked, kept on the open order (a settled one stays as it is);
 * `notSent` takes it back, and the earlier ask it names (`stands`) stands again.
 */
export function foldCancelAsked(d: Draft, id: string, by: CancelBy, notSent: boolean, stands: CancelBy | undefined): void {
  const o = d.order(id);
  if (!o || !isOpenStatus(o.status)) return;
  const w = d.writableOrder(o);
  const now = notSent ? stands : by;
  if (now === undefined) delete w.cancelAsked;
  else w.cancelAsked = now;
}

/** `order/cancelled` (`cancelled` true) or `order/rejected`. */
export function foldEnded(d: Draft, id: string, reason: string, ts: number, cancelled: boolean): void {
  const o = d.order(id);
  // A settled order stays settled: a late "rejected" never undoes a fill (defect 2).
  if (!o || !isOpenStatus(o.status)) return;
  // An order that filled in part was placed: its end is a cancel, whatever the message says.
  const w = d.writableOrder(o);
  w.status = cancelled || o.filledQty > 0 ? 'cancelled' : 'rejected';
  w.reason = reason;
  w.updatedAt = ts;
  retire(d, o.id);
}

/**
 * One execution: counted once per exchange trade id (a trade id the order already has is a
 * repeat), and never beyond the order's quantity (a quote-quantity order's `qty` is only an
 * estimate, so it is not capped). What is ignored is said in a notice, never silently.
 */
export function applyFill(d: Draft, reported: Fill, complete: boolean): void {
  const o = d.order(reported.orderId);
  let fill = reported;
  if (o) {
    if (o.tradeIds?.includes(fill.tradeId)) return;
    if (o.quoteQty === undefined) {
      const room = clean(o.qty - o.filledQty);
      if (room <= 0) return notice(d, `fill ${fill.tradeId} of ${fill.qty} ignored: order ${o.id} already filled ${o.filledQty} of ${o.qty}`, fill.ts);
      if (fill.qty > room) {
        notice(d, `fill ${fill.tradeId} of order ${o.id} cut from ${fill.qty} to ${room}: more than the order's quantity ${o.qty}`, fill.ts);
        fill = { ...fill, qty: room, fee: clean(fill.fee * (room / fill.qty)) };
      }
    }
    const filledQty = clean(o.filledQty + fill.qty);
    const full = complete || (o.quoteQty === undefined && filledQty >= o.qty);
    // A cancelled order can still learn of fills made before the cancel; it stays cancelled
    // unless they complete it. A wrongly "rejected" order that filled was placed after all.
    const status = full ? 'filled' : o.status === 'cancelled' ? 'cancelled' : 'partially_filled';
    const wasOpen = isOpenStatus(o.status);
    const avgPrice = filledQty > 0 ? (o.avgPrice * o.filledQty + fill.price * fill.qty) / filledQty : 0;
    const fee = clean(o.fee + fill.fee);
    const w = d.writableOrder(o); // may be `o` itself: everything above read it first
    w.filledQty = filledQty;
    w.avgPrice = avgPrice;
    w.fee = fee;
    w.status = status;
    w.updatedAt = fill.ts;
    d.addTradeId(w, fill.tradeId);
    if (status !== 'partially_filled' && wasOpen) retire(d, o.id);
  }
  // The instance that placed the order keeps its own figures (one call: the replay fast path shares it).
  if (o?.strategyId !== undefined) {
    // A copy only for a fee not paid in the quote (the replay's hot path: most fills are USDT-fee'd).
    const fee = feeInQuote(fill);
    d.strategyAccounts()[o.strategyId] = applyStrategyFill(d.readLedger.strategyAccounts?.[o.strategyId], fee === fill.fee ? fill : { ...fill, fee });
    // Its trades too, so a status never reads the log back (a new list: the old one may be shared).
    const had = d.readLedger.strategyTrades?.[o.strategyId] ?? [];
    d.strategyTrades()[o.strategyId] = [...had.slice(Math.max(0, had.length - MAX_STRATEGY_TRADES + 1)), fill];
  }
  const fills = d.fills();
  fills.push(fill);
  trim(fills, MAX_FILLS);
  d.bumpCounter('fillCount');

  // A perpetual's position is the exchange's `futures/position` report, not a spot holding.
  if (isPerpetualSymbol(fill.symbol)) return;
  const p = d.writablePosition(d.marketKey(fill.venue, fill.symbol), fill.venue, fill.symbol);
  const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
  let { qty, avgPrice, realizedPnl } = p;
  // Net of fees, valued in the quote as every realised PnL is (domain/fill-fee.ts).
  realizedPnl -= feeInQuote(fill);
  if (qty === 0 || Math.sign(qty) === Math.sign(signed)) {
    avgPrice = (avgPrice * Math.abs(qty) + fill.price * fill.qty) / (Math.abs(qty) + fill.qty);
    qty += signed;
  } else {
    const closing = Math.min(Math.abs(qty), fill.qty);
    realizedPnl += closing * (fill.price - avgPrice) * Math.sign(qty);
    qty += signed;
    if (Math.abs(qty) < 1e-12) {
      qty = 0;
      avgPrice = 0;
    } else if (Math.sign(qty) === Math.sign(signed)) avgPrice = fill.price;
  }
  p.qty = clean(qty);
  p.avgPrice = avgPrice;
  p.realizedPnl = clean(realizedPnl);
}

function notice(d: Draft, message: string, ts: number): void {
  const n = d.notices();
  n.push({ level: 'warn', message, ts });
  trim(n, MAX_NOTICES);
}

/**
 * Closed orders leave the state after MAX_CLOSED_ORDERS newer ones, so the state (and every
 * copy of the orders map) stays small however long atapi runs; the log keeps them all.
 */
function retire(d: Draft, id: string): void {
  const ids = d.closedOrderIds();
  ids.push(id);
  if (ids.length > MAX_CLOSED_ORDERS + (MAX_CLOSED_ORDERS >> 2)) {
    for (const old of ids.splice(0, ids.length - MAX_CLOSED_ORDERS)) d.deleteOrder(old);
  }
}

/**
 * Bounded lists are cut back to `max` only once they pass it by a quarter: one shift of the
 * array per max/4 pushes, not one per push.
 */
export function trim<T>(list: T[], max: number): void {
  if (list.length > max + (max >> 2)) list.splice(0, list.length - max);
}

