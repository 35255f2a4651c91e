import type {
  DomainEvent, FuturesPosition, Instrument, MarginMode, MarkPrice, Order, OrderBook, PositionMode, PositionSide, Refusal, SymbolMarginSettings, VenueId,
} from '../../domain/index.js';
import { checkFilters, clean, DEFAULT_SYMBOL_SETTINGS, isArmedStop, isOpenStatus, orderPositionSide, orderRejected, positionKey, RefusedError, refusal, refusalIn } from '../../domain/index.js';
import { accountOf, liquidationPriceIn, type AccountView } from '../../engine/futures-account.js';
import { orderIntent, positionAfterTrade } from '../../engine/futures-position.js';
import type { FuturesLedger } from '../../store/index.js';
import { fillEvent } from './sim-fill.js';
import { leverageProblem, marginChangeProblem, marginModeProblem, openingProblem, positionModeProblem } from './futures-rules.js';
import { availableAt, fillOrKillMiss, wouldTake } from '../../engine/book-checks.js';
import { ArmedStops, triggeredEvents } from './armed-stops.js';
import { crossLiquidation, crossMarginCalled, fundingDue, isolatedLiquidations, liquidationEvents, type Liquidation } from './futures-settlement.js';

export interface FuturesEngineOptions {
  readonly venue: VenueId;
  readonly instruments: readonly Instrument[];
  readonly makerFee: number;
  readonly takerFee: number;
  readonly clock: () => number;
  /** Trade ids go on from here (the ledger's fill count), as in the spot engine. */
  readonly firstTradeSeq?: number;
}

const SIDES = ['BOTH', 'LONG', 'SHORT'] as const;

interface Resting {
  readonly order: Order;
  remaining: number;
}

/**
 * The simulated exchange's USD-M perpetuals: one wallet in the margin asset, per-symbol
 * leverage and margin mode, one-way or hedge positions, orders against the perpetual's book,
 * funding at the 8-hour marks and liquidation when margin falls to maintenance. Its memory is
 * the ledger (restored at start); every change it makes is an event with the wallet after it.
 */
export class FuturesEngine {
  private readonly asset = 'USDT';
  private readonly instruments = new Map<string, Instrument>();
  private readonly settings = new Map<string, SymbolMarginSettings>();
  private readonly positions = new Map<string, FuturesPosition>();
  /** Per position key: funding is due at the marks after this time. */
  private readonly paidUpTo = new Map<string, number>();
  private readonly resting = new Map<string, Resting>();
  /** Stop orders not yet triggered: outside the book, holding no margin (as Binance's conditional orders). */
  private readonly stops = new ArmedStops();
  private readonly marks = new Map<string, MarkPrice>();
  private wallet: number;
  private mode: PositionMode;
  private tradeSeq: number;

  constructor(private readonly opts: FuturesEngineOptions, ledger: FuturesLedger) {
    for (const i of opts.instruments) this.instruments.set(i.symbol, i);
    this.tradeSeq = opts.firstTradeSeq ?? 0;
    this.wallet = ledger.wallets[opts.venue]?.[this.asset] ?? 0;
    this.mode = ledger.positionModes[opts.venue] ?? 'one-way';
    for (const [key, s] of Object.entries(ledger.symbols)) if (key.startsWith(`${opts.venue}:`)) this.settings.set(key.slice(opts.venue.length + 1), s);
    for (const [key, p] of Object.entries(ledger.positions)) {
      if (p.venue !== opts.venue || p.qty === 0) continue;
      const { realizedPnl: _r, openedAt, updatedAt: _u, ...position } = p;
      this.positions.set(this.key(p.symbol, p.side), position);
      this.paidUpTo.set(this.key(p.symbol, p.side), Math.max(openedAt, ledger.fundingPaid[key] ?? -Infinity));
    }
  }

  get walletBalance(): number {
    return this.wallet;
  }

  /** Adds `amount` to the futures wallet (a transfer from spot): the wallet after, as Binance's ACCOUNT_UPDATE says it. */
  deposit(amount: number, reason: string): DomainEvent {
    this.wallet = clean(this.wallet + amount);
    return { type: 'futures/wallet', data: { venue: this.opts.venue, asset: this.asset, balance: this.wallet, reason, ts: this.opts.clock() } };
  }

  /** Re-arms a perpetual stop or limit order that was open when the app stopped (a triggered stop-limit rests as its limit). */
  restore(order: Order): void {
    if (!isOpenStatus(order.status)) return;
    if (isArmedStop(order)) this.stops.add(order);
    else if (order.type === 'limit') this.resting.set(order.id, { order, remaining: clean(order.qty - order.filledQty) });
  }

  view(): AccountView {
    return {
      wallet: this.wallet,
      positions: [...this.positions.values()],
      mark: (symbol) => this.marks.get(symbol)?.markPrice,
      brackets: (symbol) => this.instruments.get(symbol)?.perpetual?.brackets ?? [],
    };
  }

  /** Initial margin resting orders (on the symbols `on` picks) hold: what they would open, at their price and leverage. */
  private openOrderMargin(on: (symbol: string) => boolean = () => true): number {
    let sum = 0;
    for (const r of this.resting.values()) if (!r.order.reduceOnly && on(r.order.symbol)) sum += (r.remaining * r.order.price!) / this.settingsOf(r.order.symbol).leverage;
    return sum;
  }

  submit(order: Order, book: OrderBook | undefined): DomainEvent[] {
    const now = this.opts.clock();
    const reject = (r: Refusal): DomainEvent[] => [orderRejected(order.id, r, now)];
    const inst = this.instruments.get(order.symbol);
    if (!inst?.perpetual) return reject(refusal('market.unknown', `unknown perpetual ${order.symbol} on ${this.opts.venue}`));
    if (!book || book.asks.length === 0 || book.bids.length === 0) return reject(refusal('market.no-book', `no market for ${order.symbol} right now`));
    if (order.type === 'limit' && order.price === undefined) return reject(refusal('order.terms', 'a limit order needs a price', 'price'));
    if (order.quoteQty !== undefined) return reject(refusal('order.terms', 'a quote quantity is for spot market buys; give a quantity in the base asset'));
    const ref = order.side === 'buy' ? book.asks[0][0] : book.bids[0][0];
    if (order.stopPrice !== undefined) return this.arm(order, inst, now);
    const problem = checkFilters(inst, order.qty, order.type === 'limit' ? order.price : undefined, ref);
    if (problem) return reject(problem);
    const accepted: DomainEvent = { type: 'order/accepted', data: { id: order.id, exchangeOrderId: `sim-${order.id}`, ts: now } };
    const r = this.execute(order, book, now, accepted);
    return 'refused' in r ? reject(r.refused) : r.events;
  }

  /**
   * A stop order (stop-market, take-profit-market, stop-limit, trailing): its terms checked as
   * the order it will become, then armed outside the book. Margin, reduce-only and the
   * position are judged when it is set off, on the account as it is then (Binance's rule).
   */
  private arm(order: Order, inst: Instrument, now: number): DomainEvent[] {
    const reject = (r: Refusal): DomainEvent[] => [orderRejected(order.id, r, now)];
    if (order.stopTrigger === undefined) return reject(refusal('stop.invalid', 'a stop order needs a trigger direction'));
    if (order.tif === 'IOC' || order.tif === 'FOK' || order.postOnly) return reject(refusal('stop.invalid', 'a stop order rests until triggered: no IOC, FOK or post-only'));
    const problem = checkFilters(inst, order.qty, order.type === 'limit' ? order.price : undefined, order.stopPrice!);
    if (problem) return reject(problem);
    const side = orderIntent(this.mode, { ...order, reduceOnly: false }, () => 0);
    if (!side.ok && side.refusal.code === 'futures.position-side') return reject(side.refusal);
    this.stops.add(order);
    return [{ type: 'order/accepted', data: { id: order.id, exchangeOrderId: `sim-${order.id}`, ts: now } }];
  }

  /**
   * Perpetual stops the contract's last price `last` sets off (Binance's CONTRACT_PRICE): each
   * is logged as triggered and goes to the book as the market or limit order it names, checked
   * then as any order (reduce-only, margin); a refusal then rejects it.
   */
  onLast(symbol: string, last: number, book: OrderBook | undefined): DomainEvent[] {
    const out: DomainEvent[] = [];
    const now = this.opts.clock();
    for (const { order, at } of this.stops.fire(symbol, last, now, out)) {
      out.push(...triggeredEvents(order, last, at, now));
      const fired: Order = { ...order, stopPrice: undefined, stopTrigger: undefined, trailing: undefined, triggeredAt: now };
      const r = book && book.asks.length > 0 && book.bids.length > 0 ? this.execute(fired, book, now) : { refused: refusal('market.no-book', `no market for ${order.symbol} right now`) };
      out.push(...('refused' in r ? [orderRejected(order.id, refusalIn('stop triggered, but ', r.refused), now)] : r.events));
    }
    return out;
  }

  /**
   * The exchange's checks at the moment an order meets the book (position side, reduce-only,
   * margin), then its fills; or why it is refused. `accepted` leads the
   * events of an order new to the exchange; a triggered stop was accepted when it was armed.
   */
  private execute(order: Order, book: OrderBook, now: number, accepted?: DomainEvent): { readonly events: DomainEvent[] } | { readonly refused: Refusal } {
    const ref = order.side === 'buy' ? book.asks[0][0] : book.bids[0][0];
    const intent = orderIntent(this.mode, order, (side) => this.positionOf(order.symbol, side).qty);
    if (!intent.ok) return { refused: intent.refusal };
    const price = order.type === 'limit' ? order.price! : ref;
    const margin = this.marginProblem(order.symbol, intent.side, intent.signedQty, price);
    if (margin) return { refused: margin };

    const out: DomainEvent[] = accepted ? [accepted] : [];
    // As USD-M does: a post-only (GTX) order that would take, or a FOK the book cannot fill whole, is accepted and expires.
    const expired = order.type === 'limit' && order.postOnly && wouldTake(order.side, order.price!, book) ? 'post-only (GTX): it would trade at once, so it expired' : fillOrKillMiss(order, book);
    if (expired) return { events: [...out, { type: 'order/cancelled', data: { id: order.id, reason: expired, ts: now } }] };
    const levels = order.side === 'buy' ? book.asks : book.bids;
    let remaining = order.qty;
    for (let i = 0; i < levels.length && remaining > 0; i++) {
      const [p, size] = levels[i];
      if (order.type === 'limit' && (order.side === 'buy' ? p > order.price! : p < order.price!)) break;
      const qty = clean(Math.min(remaining, size));
      remaining = clean(remaining - qty);
      out.push(...this.fill(order, intent.side, qty, p, 'taker', remaining === 0, now));
    }
    if (remaining > 0) {
      if (order.type === 'market' || order.tif === 'IOC' || order.tif === 'FOK') {
        const why = order.type === 'market' ? 'book depth exhausted' : 'immediate-or-cancel';
        out.push({ type: 'order/cancelled', data: { id: order.id, reason: `${why}: filled ${clean(order.qty - remaining)} of ${order.qty}`, ts: now } });
      } else this.resting.set(order.id, { order, remaining });
    }
    return { events: out };
  }

  /** `reason`: who asked (the sandbox's own Binance user when not said). */
  cancel(id: string, reason = 'cancelled by user'): DomainEvent[] {
    if (this.stops.delete(id)) return [{ type: 'order/cancelled', data: { id, reason: `${reason} (stop not triggered)`, ts: this.opts.clock() } }];
    const r = this.resting.get(id);
    if (!r) return [{ type: 'system/notice', data: { level: 'warn', message: `cancel ${id}: the order is not open on ${this.opts.venue}` } }];
    this.resting.delete(id);
    return [{ type: 'order/cancelled', data: { id, reason, ts: this.opts.clock() } }];
  }

  /** Fills resting orders the perpetual's new book trades through (makers, at their price). */
  onBook(book: OrderBook): DomainEvent[] {
    const out: DomainEvent[] = [];
    const now = this.opts.clock();
    for (const r of [...this.resting.values()]) {
      const o = r.order;
      if (o.symbol !== book.symbol) continue;
      const available = availableAt(o.side, o.price!, book);
      if (available <= 0) continue;
      const intent = orderIntent(this.mode, { ...o, qty: Math.min(r.remaining, available) }, (side) => this.positionOf(o.symbol, side).qty);
      if (!intent.ok) {
        // A reduce-only or closing order whose position went away (closed, liquidated) ends.
        this.resting.delete(o.id);
        out.push({ type: 'order/cancelled', data: { id: o.id, reason: `cancelled: ${intent.refusal.text}`, ts: now } });
        continue;
      }
      const qty = clean(Math.min(r.remaining, available));
      r.remaining = clean(r.remaining - qty);
      if (r.remaining === 0) this.resting.delete(o.id);
      out.push(...this.fill(o, intent.side, qty, o.price!, 'maker', r.remaining === 0, now));
    }
    return out;
  }

  /**
   * A new mark price: funding at every 8-hour mark passed since a position's last payment,
   * then liquidation of what the mark has taken to maintenance.
   */
  onMark(mark: MarkPrice): DomainEvent[] {
    this.marks.set(mark.symbol, mark);
    return [...this.funding(mark), ...this.liquidations(mark)];
  }

  setLeverage(symbol: string, leverage: number): DomainEvent[] {
    const brackets = this.perp(symbol).perpetual!.brackets;
    const open = SIDES.map((side) => this.positionOf(symbol, side)).filter((p) => p.qty !== 0);
    const problem = leverageProblem(symbol, leverage, brackets, open.map((p) => Math.abs(p.qty) * (this.marks.get(symbol)?.markPrice ?? p.entryPrice)));
    if (problem) throw new RefusedError(problem);
    this.settings.set(symbol, { ...this.settingsOf(symbol), leverage });
    // Binance applies a new leverage to the open position too; its isolated margin is kept.
    for (const p of open) this.positions.set(this.key(symbol, p.side), { ...p, leverage });
    return [{ type: 'futures/leverage', data: { venue: this.opts.venue, symbol, leverage, ts: this.opts.clock() } }];
  }

  setMarginMode(symbol: string, marginMode: MarginMode): DomainEvent[] {
    this.perp(symbol);
    const positionOpen = SIDES.some((s) => this.positionOf(symbol, s).qty !== 0);
    // Untriggered stops count as open orders, as Binance's conditional orders do.
    const ordersOpen = [...this.resting.values()].some((r) => r.order.symbol === symbol) || this.stops.values().some((o) => o.symbol === symbol);
    const problem = marginModeProblem(symbol, this.settingsOf(symbol).marginMode, marginMode, positionOpen, ordersOpen);
    if (problem) throw new RefusedError(problem);
    this.settings.set(symbol, { ...this.settingsOf(symbol), marginMode });
    return [{ type: 'futures/marginMode', data: { venue: this.opts.venue, symbol, marginMode, ts: this.opts.clock() } }];
  }

  setPositionMode(mode: PositionMode): DomainEvent[] {
    const positions = [...new Set([...this.positions.values()].filter((p) => p.qty !== 0).map((p) => p.symbol))];
    const orders = [...new Set([...[...this.resting.values()].map((r) => r.order.symbol), ...this.stops.values().map((o) => o.symbol)])];
    const problem = positionModeProblem(this.mode, mode, positions, orders);
    if (problem) throw new RefusedError(problem);
    this.mode = mode;
    return [{ type: 'futures/positionMode', data: { venue: this.opts.venue, mode, ts: this.opts.clock() } }];
  }

  /**
   * Moves `amount` of margin into (`add`) or out of (`reduce`) the isolated position on
   * `symbol`'s `positionSide` (as an order names it: none in one-way mode), within Binance's
   * limits (futures-rules.ts marginChangeProblem). The wallet stays as it is (isolated margin is
   * a part of it); the position's liquidation price moves. The position after is the event.
   */
  changeIsolatedMargin(symbol: string, positionSide: PositionSide | undefined, amount: number, direction: 'add' | 'reduce'): DomainEvent[] {
    const brackets = this.perp(symbol).perpetual!.brackets;
    const side = orderPositionSide(this.mode, positionSide);
    if (!side) throw new RefusedError(refusal('futures.position-side', `${symbol}: ${this.mode === 'hedge' ? 'the account is in hedge mode; name the position (LONG or SHORT)' : `${positionSide} is for hedge mode; this account is in one-way mode`}`, 'positionSide'));
    const position = this.positionOf(symbol, side);
    const isolatedOpenOrderMargin = this.openOrderMargin((s) => this.settingsOf(s).marginMode === 'isolated');
    const markPrice = this.marks.get(symbol)?.markPrice ?? position.entryPrice;
    const problem = marginChangeProblem({ position, amount, direction, account: accountOf(this.view(), this.openOrderMargin()), isolatedOpenOrderMargin, markPrice, brackets, asset: this.asset });
    if (problem) throw new RefusedError(problem);
    const after = { ...position, isolatedMargin: clean(position.isolatedMargin + (direction === 'add' ? amount : -amount)) };
    this.positions.set(this.key(symbol, side), after);
    return [{ type: 'futures/position', data: { position: after, realizedPnl: 0, asset: this.asset, wallet: this.wallet, ts: this.opts.clock() } }];
  }

  /** What the exchange refuses before filling anything (futures-rules.ts openingProblem). */
  private marginProblem(symbol: string, side: PositionSide, signedQty: number, price: number): Refusal | undefined {
    return openingProblem({
      view: this.view(), openOrderMargin: this.openOrderMargin(), before: this.positionOf(symbol, side), signedQty, price, settings: this.settingsOf(symbol),
      brackets: this.perp(symbol).perpetual!.brackets, feeRate: Math.max(this.opts.takerFee, this.opts.makerFee), asset: this.asset,
    });
  }

  private fill(order: Order, side: PositionSide, qty: number, price: number, liquidity: 'maker' | 'taker', complete: boolean, now: number): DomainEvent[] {
    const fee = clean(qty * price * (liquidity === 'maker' ? this.opts.makerFee : this.opts.takerFee));
    const before = this.positionOf(order.symbol, side);
    const { position, outcome } = positionAfterTrade(before, order.side === 'buy' ? qty : -qty, price, this.settingsOf(order.symbol));
    this.wallet = clean(this.wallet + outcome.realizedPnl - fee);
    const key = this.key(order.symbol, side);
    if (before.qty === 0) this.paidUpTo.set(key, now);
    this.positions.set(key, position);
    return [
      fillEvent(order, { venue: this.opts.venue, tradeId: `${this.opts.venue}-${order.id}-f${++this.tradeSeq}`, qty, price, fee, feeAsset: this.asset, liquidity, ts: now }, complete),
      { type: 'futures/position', data: { position, realizedPnl: clean(outcome.realizedPnl), asset: this.asset, wallet: this.wallet, ts: now } },
    ];
  }

  private funding(mark: MarkPrice): DomainEvent[] {
    const out: DomainEvent[] = [];
    for (const side of SIDES) {
      const key = this.key(mark.symbol, side);
      const position = this.positions.get(key);
      if (!position || position.qty === 0) continue;
      const due = fundingDue({ venue: this.opts.venue, asset: this.asset, side, position, paidUpTo: this.paidUpTo.get(key) ?? mark.ts, mark, wallet: this.wallet });
      this.wallet = due.wallet;
      if (due.paidUpTo !== undefined) this.paidUpTo.set(key, due.paidUpTo);
      out.push(...due.events);
    }
    return out;
  }

  /**
   * Isolated positions go when their own margin reaches maintenance; cross positions go
   * together when the cross margin balance does (futures-settlement.ts). Each cross position's
   * price and loss are figured after the one before it has gone, as the wallet changes.
   */
  private liquidations(mark: MarkPrice): DomainEvent[] {
    const out: DomainEvent[] = [];
    for (const l of isolatedLiquidations(this.view(), mark)) out.push(...this.liquidate(l, mark));
    if (crossMarginCalled(this.view())) {
      const cross = [...this.positions.values()].filter((p) => p.marginMode === 'cross' && p.qty !== 0);
      let crossLeft = accountOf(this.view()).crossWalletBalance;
      for (const p of cross) {
        const l = crossLiquidation(this.view(), p, crossLeft);
        crossLeft -= l.loss;
        out.push(...this.liquidate(l, this.marks.get(p.symbol) ?? mark));
      }
    }
    return out;
  }

  /** Closes a liquidated position and cancels its symbol's resting orders and stops. */
  private liquidate(l: Liquidation, mark: MarkPrice): DomainEvent[] {
    const p = l.position;
    const now = this.opts.clock();
    this.wallet = clean(this.wallet - l.loss);
    this.positions.set(this.key(p.symbol, p.side), { ...p, qty: 0, entryPrice: 0, isolatedMargin: 0 });
    const out: DomainEvent[] = [];
    for (const r of [...this.resting.values()]) {
      if (r.order.symbol !== p.symbol) continue;
      this.resting.delete(r.order.id);
      out.push({ type: 'order/cancelled', data: { id: r.order.id, reason: `cancelled: ${p.symbol} was liquidated`, ts: now } });
    }
    // Its stops too: a stop-loss of a position that is gone would open a new one.
    for (const o of this.stops.values()) {
      if (o.symbol !== p.symbol) continue;
      this.stops.delete(o.id);
      out.push({ type: 'order/cancelled', data: { id: o.id, reason: `cancelled: ${p.symbol} was liquidated`, ts: now } });
    }
    return [...liquidationEvents(l, mark, this.asset, this.wallet, now), ...out];
  }

  private positionOf(symbol: string, side: PositionSide): FuturesPosition {
    const p = this.positions.get(this.key(symbol, side));
    if (p && p.qty !== 0) return p;
    const { leverage, marginMode } = this.settingsOf(symbol);
    return { venue: this.opts.venue, symbol, side, qty: 0, entryPrice: 0, leverage, marginMode, isolatedMargin: 0 };
  }

  private settingsOf(symbol: string): SymbolMarginSettings {
    return this.settings.get(symbol) ?? DEFAULT_SYMBOL_SETTINGS;
  }

  private perp(symbol: string): Instrument {
    const inst = this.instruments.get(symbol);
    if (!inst?.perpetual) throw new RefusedError(refusal('market.unknown', `unknown perpetual ${symbol} on ${this.opts.venue} (perpetuals are named like BTC/USDT:USDT)`));
    return inst;
  }

  private key(symbol: string, side: PositionSide): string {
    return positionKey(this.opts.venue, symbol, side).slice(this.opts.venue.length + 1);
  }
}
