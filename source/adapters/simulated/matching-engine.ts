import type { Balance, DomainEvent, Instrument, Order, OrderBook, Refusal, VenueId } from '../../domain/index.js';
import { limitFillPrice } from '../../engine/backtest/fill-model.js';
import { checkFilters, clean, floorToStep, isArmedStop, isOpenStatus, orderRejected, refusal, refusalIn } from '../../domain/index.js';
import { TrailingBook } from './trailing-book.js';
import { triggeredEvents } from './armed-stops.js';
import { fillOrKillMiss, tifProblem } from '../../engine/book-checks.js';
import { HeldFunds } from './held-funds.js';
import { OcoLinks, secondLegProblem } from './oco-links.js';
import { fillEvent } from './sim-fill.js';

export interface MatchingOptions {
  readonly venue: VenueId;
  readonly instruments: readonly Instrument[];
  readonly makerFee: number;
  readonly takerFee: number;
  readonly balances: Readonly<Record<string, Balance>>;
  readonly clock: () => number;
  /**
   * Trade ids go on from here: the ledger's fill count when a venue restarts over it. A fill
   * counts once per trade id, so an id used before a restart must never come again (the fill
   * would be dropped as a repeat while its balance change stood).
   */
  readonly firstTradeSeq?: number;
}

interface Resting {
  order: Order;
  remaining: number;
}

/**
 * The simulated exchange's order matching: market and limit orders against the book's
 * depth, resting GTC orders filled as the market trades through them, balances with free and
 * locked parts. Fees are charged in the quote asset: a buy costs qty x price x (1 + fee), a sell
 * yields qty x price x (1 - fee) (the same model as the backtester).
 */
export class MatchingEngine {
  private readonly instruments = new Map<string, Instrument>();
  private readonly funds: HeldFunds;
  private readonly resting = new Map<string, Resting>();
  /** Stop orders not yet triggered: their funds are locked, they are not in the book. */
  private readonly stops = new Map<string, Order>();
  private readonly oco = new OcoLinks();
  /** The trailing stops among `stops`: their best prices and moving triggers. */
  private readonly trails = new TrailingBook();
  private tradeSeq: number;

  constructor(private readonly opts: MatchingOptions) {
    this.tradeSeq = opts.firstTradeSeq ?? 0;
    for (const i of opts.instruments) this.instruments.set(i.symbol, i);
    this.funds = new HeldFunds(opts.balances, opts.venue, opts.makerFee, opts.takerFee);
  }

  /** Re-arms an order that was resting when the app stopped (its funds are already locked). */
  restore(order: Order): void {
    if (!isOpenStatus(order.status)) return;
    // A stop triggered before (logged, or seen by a fill) rests as its limit order now.
    if (isArmedStop(order)) {
      this.stops.set(order.id, order);
      this.trails.add(order);
      if (order.ocoWith !== undefined) this.oco.link(order.id, order.ocoWith);
    }
    else if (order.type === 'limit') this.resting.set(order.id, { order, remaining: clean(order.qty - order.filledQty) });
  }

  balanceOf(asset: string): Balance {
    return this.funds.balanceOf(asset);
  }

  /** Takes `amount` of free `asset` out of the spot wallet (a transfer to the futures wallet), or undefined when it has less. */
  withdraw(asset: string, amount: number): DomainEvent | undefined {
    return this.funds.withdraw(asset, amount) ? this.balanceEvent(new Set([asset])) : undefined;
  }

  submit(order: Order, book: OrderBook | undefined): DomainEvent[] {
    const now = this.opts.clock();
    const reject = (r: Refusal): DomainEvent[] => [orderRejected(order.id, r, now)];
    const inst = this.instruments.get(order.symbol);
    if (!inst) return reject(refusal('market.unknown', `unknown symbol ${order.symbol} on ${this.opts.venue}`));
    if (!book || book.asks.length === 0 || book.bids.length === 0) return reject(refusal('market.no-book', `no market for ${order.symbol} right now`));
    const ref = order.side === 'buy' ? book.asks[0][0] : book.bids[0][0];
    if (order.type === 'limit' && order.price === undefined) return reject(refusal('order.terms', 'a limit order needs a price', 'price'));
    const filterProblem = checkFilters(inst, order.qty, order.type === 'limit' ? order.price : undefined, ref);
    if (filterProblem) return reject(filterProblem);

    if (order.quoteQty !== undefined && (order.side !== 'buy' || order.type !== 'market')) return reject(refusal('order.terms', 'a quote quantity is only for market buys'));
    if (order.stopPrice !== undefined && (order.quoteQty !== undefined || order.stopTrigger === undefined)) return reject(refusal('stop.invalid', 'a stop order needs a base quantity and a trigger direction'));
    // Post-only (Binance's LIMIT_MAKER): refused, never placed, when it would take at once.
    const terms = tifProblem(order, book);
    if (terms) return reject(terms);
    if (order.ocoWith !== undefined) {
      // An OCO's second leg holds nothing of its own: the first leg's hold is its funds. The
      // first is a resting limit or (a take-profit with a stop-loss) an untriggered stop.
      const armed = this.stops.get(order.ocoWith);
      const first = this.resting.get(order.ocoWith) ?? (armed && { order: armed, remaining: armed.qty });
      const problem = secondLegProblem(order, first, this.oco);
      if (problem) return reject(problem);
    } else {
      const problem = this.funds.problem(order, inst, book);
      if (problem) return reject(problem);
    }

    const out: DomainEvent[] = [{ type: 'order/accepted', data: { id: order.id, exchangeOrderId: `sim-${order.id}`, ts: now } }];
    const touched = new Set<string>([inst.base, inst.quote]);
    if (order.stopPrice !== undefined) {
      // Untriggered: funds held at the price it will trade at (a stop-market buy at its stop);
      // an OCO's second leg shares the hold of its first.
      if (order.ocoWith === undefined) this.funds.lock(order, inst, order.qty);
      else this.oco.link(order.id, order.ocoWith);
      this.stops.set(order.id, order);
      this.trails.add(order);
      out.push(this.balanceEvent(touched));
      return out;
    }
    return [...out, ...this.execute(order, inst, book, touched, now)];
  }

  /**
   * Fires the stop orders on `symbol` that a last trade at `last` sets off, exactly once
   * each: the held funds are released and the order goes to the book as the market or limit
   * order it names (a refusal then, for want of funds, rejects it). The trigger is logged.
   */
  onTrade(symbol: string, last: number, book: OrderBook | undefined): DomainEvent[] {
    if (this.stops.size === 0 || !book) return [];
    const out: DomainEvent[] = [];
    const now = this.opts.clock();
    for (const order of [...this.stops.values()]) {
      // `has`: an OCO partner fired earlier in this loop cancelled it.
      if (order.symbol !== symbol || !this.stops.has(order.id) || !this.trails.fires(order, last, now, out)) continue;
      const stopAt = this.trails.trigger(order);
      this.stops.delete(order.id);
      this.trails.delete(order.id);
      const inst = this.instruments.get(symbol)!;
      const partner = this.oco.partnerOf(order.id);
      if (order.ocoWith === undefined) this.funds.unlock(order, inst, order.qty);
      if (partner !== undefined) out.push(...this.cancelOcoPartner(order.id, partner, `OCO: order ${order.id} triggered`));
      out.push(...triggeredEvents(order, last, stopAt, now));
      const touched = new Set<string>([inst.base, inst.quote]);
      const fired = { ...order, stopPrice: undefined, stopTrigger: undefined, triggeredAt: now };
      const problem = this.funds.problem(fired, inst, book);
      if (problem) {
        out.push(orderRejected(order.id, refusalIn('stop triggered, but ', problem), now), this.balanceEvent(touched));
        continue;
      }
      out.push(...this.execute(fired, inst, book, touched, now));
    }
    return out;
  }

  /**
   * Cancels the other leg of an OCO and unlinks both. The hold they shared belongs to the
   * first leg (the one without `ocoWith`): released when it is the one cancelled, never twice.
   */
  private cancelOcoPartner(id: string, partner: string, reason: string): DomainEvent[] {
    this.oco.unlink(id);
    const now = this.opts.clock();
    const out: DomainEvent[] = [];
    const stop = this.stops.get(partner);
    if (stop) {
      this.stops.delete(partner);
      out.push({ type: 'order/cancelled', data: { id: partner, reason, ts: now } });
      if (stop.ocoWith === undefined) {
        const inst = this.instruments.get(stop.symbol)!;
        this.funds.unlock(stop, inst, stop.qty);
        out.push(this.balanceEvent(new Set([inst.base, inst.quote])));
      }
    }
    const r = this.resting.get(partner);
    if (r) {
      const inst = this.instruments.get(r.order.symbol)!;
      this.resting.delete(partner);
      this.funds.unlock(r.order, inst, r.remaining);
      out.push({ type: 'order/cancelled', data: { id: partner, reason, ts: now } }, this.balanceEvent(new Set([inst.base, inst.quote])));
    }
    return out;
  }

  /** Takes the book for an accepted market or limit order; the rest rests (GTC) or is cancelled. */
  private execute(order: Order, inst: Instrument, book: OrderBook, touched: Set<string>, now: number): DomainEvent[] {
    const out: DomainEvent[] = [];
    // Fill-or-kill: all of it now at the limit or better, or nothing (Binance expires it).
    const fokMiss = fillOrKillMiss(order, book);
    if (fokMiss) return [{ type: 'order/cancelled', data: { id: order.id, reason: fokMiss, ts: now } }, this.balanceEvent(touched)];
    if (order.type === 'limit') this.funds.lock(order, inst, order.qty);
    const levels = order.side === 'buy' ? book.asks : book.bids;
    let remaining = order.qty;
    let budget = order.quoteQty ?? Infinity;
    for (let i = 0; i < levels.length; i++) {
      const [price, size] = levels[i];
      if (remaining <= 0 || budget <= 0) break;
      if (order.type === 'limit' && (order.side === 'buy' ? price > order.price! : price < order.price!)) break;
      // A quote-quantity buy takes what its budget pays for, fee included, down to the lot.
      const affordable = budget === Infinity ? Infinity : floorToStep(budget / (price * (1 + this.opts.takerFee)), inst.lotSize);
      const qty = clean(Math.min(budget === Infinity ? remaining : affordable, size));
      if (qty <= 0) break;
      if (budget !== Infinity) budget -= qty * price * (1 + this.opts.takerFee);
      remaining = budget === Infinity ? clean(remaining - qty) : clean(Math.max(0, remaining - qty));
      const done = budget === Infinity ? remaining === 0 : qty < size || i === levels.length - 1 || floorToStep(budget / (levels[i + 1][0] * (1 + this.opts.takerFee)), inst.lotSize) <= 0;
      out.push(this.fill(order, inst, qty, price, 'taker', done, now));
      if (done) {
        remaining = 0;
        break;
      }
    }
    if (remaining > 0) {
      if (order.type === 'market' || order.tif === 'IOC' || order.tif === 'FOK') {
        if (order.type === 'limit') this.funds.unlock(order, inst, remaining);
        const why = order.type === 'market' ? 'book depth exhausted' : 'immediate-or-cancel';
        out.push({ type: 'order/cancelled', data: { id: order.id, reason: `${why}: filled ${clean(order.qty - remaining)} of ${order.qty}`, ts: now } });
      } else {
        this.resting.set(order.id, { order, remaining });
      }
    }
    out.push(this.balanceEvent(touched));
    return out;
  }

  /** `reason`: who asked (the sandbox's own Binance user when not said). */
  cancel(id: string, reason = 'cancelled by user'): DomainEvent[] {
    const now = this.opts.clock();
    const partner = this.oco.partnerOf(id);
    // Cancelling either leg of an OCO cancels the list, as on Binance.
    const other = partner === undefined ? [] : this.cancelOcoPartner(id, partner, `OCO: order ${id} cancelled`);
    const stop = this.stops.get(id);
    if (stop) {
      const inst = this.instruments.get(stop.symbol)!;
      this.stops.delete(id);
      this.trails.delete(id);
      if (stop.ocoWith === undefined) this.funds.unlock(stop, inst, stop.qty);
      return [...other,{ type: 'order/cancelled', data: { id, reason: `${reason} (stop not triggered)`, ts: now } }, this.balanceEvent(new Set([inst.base, inst.quote]))];
    }
    const r = this.resting.get(id);
    if (!r) return [{ type: 'system/notice', data: { level: 'warn', message: `cancel ${id}: the order is not open on ${this.opts.venue}` } }];
    const inst = this.instruments.get(r.order.symbol)!;
    this.resting.delete(id);
    this.funds.unlock(r.order, inst, r.remaining);
    return [...other,
      { type: 'order/cancelled', data: { id, reason, ts: now } },
      this.balanceEvent(new Set([inst.base, inst.quote])),
    ];
  }

  /** Fills resting orders that the new book trades through (they are makers). */
  onBook(book: OrderBook): DomainEvent[] {
    if (this.resting.size === 0) return [];
    const out: DomainEvent[] = [];
    const touched = new Set<string>();
    const now = this.opts.clock();
    for (const r of this.resting.values()) {
      const o = r.order;
      if (o.symbol !== book.symbol) continue;
      const levels = o.side === 'buy' ? book.asks : book.bids;
      let available = 0;
      for (const [p, q] of levels) {
        if (o.side === 'buy' ? p > o.price! : p < o.price!) break;
        available += q;
      }
      if (available <= 0) continue;
      const inst = this.instruments.get(o.symbol)!;
      const qty = clean(Math.min(r.remaining, available));
      r.remaining = clean(r.remaining - qty);
      out.push(this.fill(o, inst, qty, o.price!, 'maker', r.remaining === 0, now));
      touched.add(inst.base).add(inst.quote);
      if (r.remaining === 0) this.resting.delete(o.id);
      const partner = this.oco.partnerOf(o.id);
      if (partner !== undefined) out.push(...this.cancelOcoPartner(o.id, partner, `OCO: order ${o.id} filled`));
    }
    if (touched.size > 0) out.push(this.balanceEvent(touched));
    return out;
  }

  /**
   * A replayed candle's range (adapters/simulated/replay-venue.ts): every resting limit on `symbol`
   * that its low (a buy) or high (a sell) reaches fills whole at its price, a maker: the backtest's
   * rule (engine/backtest/fill-model.ts limitFillPrice), so a replay and a backtest fill alike.
   */
  onRange(symbol: string, open: number, high: number, low: number): DomainEvent[] {
    if (this.resting.size === 0) return [];
    const out: DomainEvent[] = [];
    const touched = new Set<string>();
    const now = this.opts.clock();
    for (const r of [...this.resting.values()]) {
      const o = r.order;
      if (o.symbol !== symbol || !this.resting.has(o.id)) continue;
      const price = limitFillPrice(o.side, o.price!, open, high, low, false);
      if (price === undefined) continue;
      const inst = this.instruments.get(o.symbol)!;
      const qty = r.remaining;
      r.remaining = 0;
      this.resting.delete(o.id);
      out.push(this.fill(o, inst, qty, price, 'maker', true, now));
      touched.add(inst.base).add(inst.quote);
      const partner = this.oco.partnerOf(o.id);
      if (partner !== undefined) out.push(...this.cancelOcoPartner(o.id, partner, `OCO: order ${o.id} filled`));
    }
    if (touched.size > 0) out.push(this.balanceEvent(touched));
    return out;
  }

  private fill(order: Order, inst: Instrument, qty: number, price: number, liquidity: 'maker' | 'taker', complete: boolean, now: number): DomainEvent {
    const rate = liquidity === 'maker' ? this.opts.makerFee : this.opts.takerFee;
    const fee = clean(qty * price * rate);
    this.funds.settle(order, inst, qty, price, fee);
    return fillEvent(order, { venue: this.opts.venue, tradeId: `${this.opts.venue}-${order.id}-${++this.tradeSeq}`, qty, price, fee, feeAsset: inst.quote, liquidity, ts: now }, complete);
  }

  private balanceEvent(assets: Set<string>): DomainEvent {
    return this.funds.event(assets);
  }
}
