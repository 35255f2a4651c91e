import type { Balance, DomainEvent, Envelope, Fill, Level } from '../domain/index.js';
import { clean, isDurable, isOpenStatus, isPerpetualSymbol, marketKey } from '../domain/index.js';
import { Draft } from './draft.js';
import { evolveFutures } from './futures-evolve.js';
import { MAX_CANDLES, MAX_PUBLIC_TRADES, MAX_CLOSED_ORDERS, MAX_FILLS, MAX_NOTICES, type State } from './state.js';

/**
 * The fold: a pure function of the state and a batch of events. No I/O, no clock, no
 * randomness; time comes from the envelopes.
 */
export function applyEvents(state: State, batch: readonly Envelope[]): State {
  if (batch.length === 0) return state;
  const d = new Draft(state);
  foldInto(d, batch);
  return d.finish();
}

function foldInto(d: Draft, batch: readonly Envelope[]): void {
  for (let i = 0; i < batch.length; i++) {
    const env = batch[i];
    evolveInto(d, env.event, env.ts);
    d.lastSeq = env.seq;
    d.lastTs = env.ts;
    if (isDurable(env.event)) d.ledgerSeq = env.seq;
  }
}

/**
 * Folds a stream of batches as if it were one batch: each container is copied once for the
 * whole stream instead of once per batch. For replaying a log into a state that nobody else
 * sees until `finish` hands it over.
 */
export function createReplay(state: State, options: { ownsEvents?: boolean } = {}): { add(batch: readonly Envelope[]): void; finish(): State } {
  // With `ownsEvents` the caller hands the batches over (a log just decoded, that nobody
  // else holds): orders and positions are then updated in place, not copied per event.
  let d: Draft | undefined = new Draft(state, options.ownsEvents === true);
  return {
    add(batch) {
      if (!d) throw new Error('replay already finished');
      foldInto(d, batch);
    },
    finish() {
      if (!d) throw new Error('replay already finished');
      const result = d.finish();
      d = undefined;
      return result;
    },
  };
}

export function evolve(state: State, env: Envelope): State {
  return applyEvents(state, [env]);
}

function evolveInto(d: Draft, e: DomainEvent, ts: number): void {
  switch (e.type) {
    case 'market/instruments': {
      const map = d.instruments();
      for (const i of e.data.instruments) map[marketKey(i.venue, i.symbol)] = i;
      return;
    }
    case 'market/ticker':
      d.tickers()[marketKey(e.data.venue, e.data.symbol)] = e.data;
      return;
    case 'market/trade': {
      const tape = d.tradeSeries(marketKey(e.data.venue, e.data.symbol));
      tape.push(e.data);
      trim(tape, MAX_PUBLIC_TRADES);
      return;
    }
    case 'market/candle': {
      const { venue, symbol, timeframe, candle } = e.data;
      const series = d.candleSeries(`${venue}:${symbol}:${timeframe}`);
      const last = series[series.length - 1];
      if (last && last.t === candle.t) series[series.length - 1] = candle;
      else if (!last || candle.t > last.t) {
        series.push(candle);
        trim(series, MAX_CANDLES);
      }
      return;
    }
    case 'market/book': {
      const key = marketKey(e.data.venue, e.data.symbol);
      const books = d.books();
      const prev = books[key];
      if (e.data.snapshot || !prev) {
        books[key] = { venue: e.data.venue, symbol: e.data.symbol, bids: e.data.bids, asks: e.data.asks, ts: e.data.ts };
      } else {
        books[key] = {
          ...prev,
          bids: mergeLevels(prev.bids, e.data.bids, true),
          asks: mergeLevels(prev.asks, e.data.asks, false),
          ts: e.data.ts,
        };
      }
      return;
    }
    case 'market/supplies':
      d.setSupplies(e.data);
      return;
    case 'market/connection':
      d.connections()[e.data.venue] = { state: e.data.state, detail: e.data.detail };
      return;
    case 'order/submitted': {
      d.orders()[e.data.order.id] = e.data.order;
      d.bumpCounter('orderCount');
      return;
    }
    case 'order/accepted': {
      const o = d.readLedger.orders[e.data.id];
      if (!o) return;
      // An unknown order that turns up at the exchange is live again (and may have filled).
      const found = o.status === 'submitted' || o.status === 'unknown';
      const w = d.writableOrder(o);
      w.exchangeOrderId = e.data.exchangeOrderId;
      if (found) w.status = o.filledQty > 0 ? 'partially_filled' : 'open';
      w.updatedAt = e.data.ts;
      return;
    }
    case 'order/partiallyFilled':
    case 'order/filled':
      applyFill(d, e.data.fill, e.type === 'order/filled');
      return;
    case 'order/unknown': {
      const o = d.readLedger.orders[e.data.id];
      // Only an order not yet settled can become unknown; a known outcome stays known.
      if (!o || !isOpenStatus(o.status)) return;
      const w = d.writableOrder(o);
      w.status = 'unknown';
      w.reason = e.data.reason;
      w.updatedAt = e.data.ts;
      return;
    }
    case 'order/cancelled':
    case 'order/rejected': {
      const o = d.readLedger.orders[e.data.id];
      // A settled order stays settled: a late "rejected" never undoes a fill (defect 2).
      if (!o || !isOpenStatus(o.status)) return;
      // An order that filled in part was placed: its end is a cancel, whatever the message says.
      const w = d.writableOrder(o);
      w.status = e.type === 'order/cancelled' || o.filledQty > 0 ? 'cancelled' : 'rejected';
      w.reason = e.data.reason;
      w.updatedAt = e.data.ts;
      retire(d, o.id);
      return;
    }
    case 'account/balances': {
      const { venue, balances, full } = e.data;
      if (full) d.replaceBalances(venue, { ...balances } as Record<string, Balance>);
      else Object.assign(d.balances(venue), balances);
      return;
    }
    case 'strategy/status': {
      const prev = d.readLedger.strategies[e.data.strategyId];
      d.strategies()[e.data.strategyId] = { ...e.data, lastSignal: prev?.lastSignal };
      return;
    }
    case 'strategy/signal': {
      const s = d.readLedger.strategies[e.data.strategyId];
      if (!s) return;
      d.strategies()[s.strategyId] = { ...s, lastSignal: { side: e.data.side, reason: e.data.reason, ts: e.data.ts } };
      return;
    }
    case 'alert/set':
      d.alerts()[e.data.alert.id] = e.data.alert;
      d.bumpCounter('alertCount');
      return;
    case 'alert/triggered': {
      const a = d.readLedger.alerts[e.data.id];
      if (!a) return; // went off already, or removed: an alert tells once
      delete d.alerts()[a.id];
      const fired = d.triggeredAlerts();
      fired.push({ ...a, last: e.data.last, triggeredAt: e.data.ts });
      trim(fired, MAX_NOTICES);
      return;
    }
    case 'alert/removed':
      if (d.readLedger.alerts[e.data.id]) delete d.alerts()[e.data.id];
      return;
    case 'watchlist/set':
      d.watchlists()[e.data.venue] = [...e.data.symbols];
      return;
    case 'user/command':
      d.bumpCounter('commandCount');
      return;
    case 'system/notice': {
      const n = d.notices();
      n.push({ level: e.data.level, message: e.data.message, ts });
      trim(n, MAX_NOTICES);
      return;
    }
    case 'market/mark':
      d.setMark(marketKey(e.data.venue, e.data.symbol), e.data);
      return;
    case 'futures/wallet':
    case 'futures/positionMode':
    case 'futures/leverage':
    case 'futures/marginMode':
    case 'futures/position':
    case 'futures/funding':
    case 'futures/liquidation':
      d.setFutures(evolveFutures(d.readLedger.futures, e));
      return;
    default: {
      const never: never = e;
      void never;
    }
  }
}

/**
 * One execution: counted once per exchange trade id (a trade id the order already has is a
 * repeat), and never beyond the order's quantity (a quote-quantity order's `qty` is only an
 * estimate, so it is not capped). What is ignored is said in a notice, never silently.
 */
function applyFill(d: Draft, reported: Fill, complete: boolean): void {
  const o = d.readLedger.orders[reported.orderId];
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
  const fills = d.fills();
  fills.push(fill);
  trim(fills, MAX_FILLS);
  d.bumpCounter('fillCount');

  // A perpetual's position is the exchange's `futures/position` report, not a spot holding.
  if (isPerpetualSymbol(fill.symbol)) return;
  const key = marketKey(fill.venue, fill.symbol);
  const p = d.writablePosition(key, fill.venue, fill.symbol);
  const signed = fill.side === 'buy' ? fill.qty : -fill.qty;
  let { qty, avgPrice, realizedPnl } = p;
  realizedPnl -= fill.fee;
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
 * Bounded lists are cut back to `max` only once they pass it by a quarter: one shift of the
 * array per max/4 pushes, not one per push.
 */
function trim<T>(list: T[], max: number): void {
  if (list.length > max + (max >> 2)) list.splice(0, list.length - max);
}

/**
 * Closed orders leave the state after MAX_CLOSED_ORDERS newer ones, so the state (and every
 * copy of the orders map) stays small however long atapi runs; the log keeps them all.
 */
function retire(d: Draft, id: string): void {
  const ids = d.closedOrderIds();
  ids.push(id);
  if (ids.length > MAX_CLOSED_ORDERS + (MAX_CLOSED_ORDERS >> 2)) {
    const orders = d.orders();
    for (const old of ids.splice(0, ids.length - MAX_CLOSED_ORDERS)) delete orders[old];
  }
}

/** Applies a delta to one side of a book; bids sort descending, asks ascending. */
function mergeLevels(prev: readonly Level[], delta: readonly Level[], desc: boolean): Level[] {
  const map = new Map<number, number>(prev.map(([p, q]) => [p, q]));
  for (const [p, q] of delta) {
    if (q === 0) map.delete(p);
    else map.set(p, q);
  }
  const out = [...map.entries()] as Level[];
  out.sort((a, b) => (desc ? b[0] - a[0] : a[0] - b[0]));
  return out;
}
