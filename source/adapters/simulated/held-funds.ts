import type { Balance, DomainEvent, Instrument, Level, Order, OrderBook, Refusal, VenueId } from '../../domain/index.js';
import { clean, refusal } from '../../domain/index.js';

/**
 * The simulated spot account's balances, each with a free and a locked part: what an open
 * order holds, what a fill moves, whether the free part covers an order. The matching engine
 * (matching-engine.ts) decides when; this is the one place that does the sums.
 */
export class HeldFunds {
  private readonly balances = new Map<string, { free: number; locked: number }>();
  /** A buy holds at the larger fee rate: it may fill as a taker or a maker. */
  private readonly holdFee: number;

  constructor(
    balances: Readonly<Record<string, Balance>>,
    private readonly venue: VenueId,
    private readonly makerFee: number,
    private readonly takerFee: number,
  ) {
    this.holdFee = Math.max(makerFee, takerFee);
    for (const [asset, b] of Object.entries(balances)) this.balances.set(asset, { ...b });
  }

  balanceOf(asset: string): Balance {
    return this.balances.get(asset) ?? { free: 0, locked: 0 };
  }

  /**
   * Whether the free balance covers `order` now: a buy its quote cost with the fee (a quote
   * quantity as given, a limit at its price, an untriggered stop-market at its stop, a market
   * order walking the asks), a sell its base quantity.
   */
  problem(order: Order, inst: Instrument, book: OrderBook): Refusal | undefined {
    if (order.side === 'buy') {
      const cost = order.quoteQty !== undefined ? order.quoteQty / (1 + this.holdFee) : order.type === 'limit' ? order.qty * order.price! : order.stopPrice !== undefined ? order.qty * order.stopPrice : walkCost(book.asks, order.qty);
      const need = cost * (1 + this.holdFee);
      const have = this.balanceOf(inst.quote).free;
      return need > have + 1e-9 ? refusal('balance.insufficient', `insufficient balance: need ${need.toFixed(2)} ${inst.quote}, free ${have.toFixed(2)} ${inst.quote}`) : undefined;
    }
    const have = this.balanceOf(inst.base).free;
    return order.qty > have + 1e-12 ? refusal('balance.insufficient', `insufficient balance: need ${order.qty} ${inst.base}, free ${clean(have)} ${inst.base}`) : undefined;
  }

  /** Takes `amount` of free `asset` out (a transfer away); false, and nothing taken, when less is free. */
  withdraw(asset: string, amount: number): boolean {
    const b = this.bal(asset);
    if (!(amount > 0) || b.free < amount) return false;
    b.free = clean(b.free - amount);
    return true;
  }

  /** Holds `qty` of an open order: a buy its quote cost at its limit (or stop) price with the fee, a sell its base. */
  lock(order: Order, inst: Instrument, qty: number): void {
    this.move(order, inst, qty, 1);
  }

  /** Releases what `lock` held for `qty` (never below zero locked). */
  unlock(order: Order, inst: Instrument, qty: number): void {
    this.move(order, inst, qty, -1);
  }

  private move(order: Order, inst: Instrument, qty: number, sign: 1 | -1): void {
    // A stop-market buy has no limit price: it holds at its stop price.
    const amount = order.side === 'buy' ? qty * (order.price ?? order.stopPrice!) * (1 + this.holdFee) : qty;
    const b = this.bal(order.side === 'buy' ? inst.quote : inst.base);
    b.free = clean(b.free - sign * amount);
    b.locked = sign === 1 ? clean(b.locked + amount) : clean(Math.max(0, b.locked - amount));
  }

  /**
   * Moves a fill's funds: `qty` at `price` with `fee` in the quote asset. A limit order's share
   * of its hold is released first.
   */
  settle(order: Order, inst: Instrument, qty: number, price: number, fee: number): void {
    const notional = qty * price;
    const base = this.bal(inst.base);
    const quote = this.bal(inst.quote);
    if (order.side === 'buy') {
      if (order.type === 'limit') {
        // Funds were locked at the limit price with the larger fee rate; release that share.
        // Never more than is locked: shares computed per fill can exceed the one lock by float
        // dust, and a balance must never read -0.00000001 (clients reject it, rightly).
        const release = Math.min(quote.locked, qty * order.price! * (1 + this.holdFee));
        quote.locked = clean(quote.locked - release);
        quote.free = clean(quote.free + release - notional - fee);
      } else quote.free = clean(quote.free - notional - fee);
      base.free = clean(base.free + qty);
    } else {
      if (order.type === 'limit') {
        const release = Math.min(base.locked, qty);
        base.locked = clean(base.locked - release);
        base.free = clean(base.free - (qty - release));
      } else base.free = clean(base.free - qty);
      quote.free = clean(quote.free + notional - fee);
    }
  }

  /** The balances of `assets` as a partial `account/balances` event. */
  event(assets: Iterable<string>): DomainEvent {
    const balances: Record<string, Balance> = {};
    for (const a of assets) balances[a] = { ...this.bal(a) };
    return { type: 'account/balances', data: { venue: this.venue, balances, full: false } };
  }

  private bal(asset: string): { free: number; locked: number } {
    let b = this.balances.get(asset);
    if (!b) this.balances.set(asset, (b = { free: 0, locked: 0 }));
    return b;
  }
}

/** Quote cost of taking `qty` from the levels, best first (the whole book if it runs out). */
export function walkCost(levels: readonly Level[], qty: number): number {
  let left = qty;
  let cost = 0;
  for (const [p, q] of levels) {
    const take = Math.min(left, q);
    cost += take * p;
    left -= take;
    if (left <= 0) break;
  }
  return cost;
}
