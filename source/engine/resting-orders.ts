import { plainText } from '../domain/index.js';
import type { OrdersIntent, WantedOrder } from '../strategies/strategy.js';

/*
 * The resting orders of a strategy that keeps orders (grid): what it wants on the book against
 * what it has there, as the orders to cancel and to place. Pure, one function for the backtest's
 * order loop (engine/backtest/orders-backtest.ts) and the live host (app/strategy-runtime/
 * resting-act.ts), so both keep the same book.
 */

/** Most resting orders one intent may ask for: a grid of 200 levels, with room to spare. */
export const MAX_WANTED_ORDERS = 500;

/** One of the instance's own open limit orders, as the diff needs it. */
export interface RestingOrder {
  readonly id: string;
  readonly side: 'buy' | 'sell';
  readonly price: number;
  /** The order's whole quantity (not what is left of it): a part-filled order is still the one wanted. */
  readonly qty: number;
}

export interface RestingDiff {
  /** Ids of resting orders no longer wanted, oldest first. */
  readonly cancel: readonly string[];
  /** Wanted orders with no resting order yet, in the strategy's order (the order funds are spent in). */
  readonly place: readonly WantedOrder[];
}

/** Prices and quantities equal up to float dust (a price computed twice the same way may differ in the last bit). */
const same = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Wanted against resting: each wanted order is met by at most one resting order of the same side
 * and price (and quantity, when the wanted order names one); what meets none is placed, what is met
 * by none is cancelled. Two wanted orders alike need two resting ones.
 */
export function diffResting(wanted: readonly WantedOrder[], resting: readonly RestingOrder[]): RestingDiff {
  const left = [...resting];
  const place: WantedOrder[] = [];
  for (const w of wanted) {
    const i = left.findIndex((r) => r.side === w.side && same(r.price, w.price) && (w.qty === undefined || same(r.qty, w.qty)));
    if (i >= 0) left.splice(i, 1);
    else place.push(w);
  }
  return { cancel: left.map((r) => r.id), place };
}

const positive = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x > 0;

/**
 * A strategy's OrdersIntent, checked field by field and copied into plain data (its fields may
 * be getters: read once, here, inside the strategy's time budget), or what is wrong with it.
 */
export function checkOrdersIntent(intent: OrdersIntent): { ok: true; intent: OrdersIntent } | { ok: false; error: string } {
  const { resting, buy, sell, leave, reason } = intent;
  let list: WantedOrder[] | undefined;
  if (resting !== undefined) {
    if (!Array.isArray(resting)) return { ok: false, error: 'resting must be an array of { side, price, qty? }' };
    if (resting.length > MAX_WANTED_ORDERS) return { ok: false, error: `resting lists ${resting.length} orders, at most ${MAX_WANTED_ORDERS}` };
    list = [];
    for (const w of resting as readonly WantedOrder[]) {
      const side = w?.side;
      const price = w?.price;
      const qty = w?.qty;
      if ((side !== 'buy' && side !== 'sell') || !positive(price) || (qty !== undefined && !positive(qty))) return { ok: false, error: 'each resting order is { side: "buy" | "sell", price > 0, qty? > 0 }' };
      list.push(qty === undefined ? { side, price } : { side, price, qty });
    }
  }
  if (buy !== undefined && !(positive(buy) && Number.isInteger(buy) && buy <= MAX_WANTED_ORDERS)) return { ok: false, error: `buy is a whole number of entries of its size, 1 to ${MAX_WANTED_ORDERS}` };
  if (sell !== undefined && !positive(sell)) return { ok: false, error: 'sell is a base quantity above zero' };
  if (leave !== undefined && typeof leave !== 'boolean') return { ok: false, error: 'leave is true or false' };
  return {
    ok: true,
    intent: { ...(list ? { resting: list } : {}), ...(buy !== undefined ? { buy } : {}), ...(sell !== undefined ? { sell } : {}), ...(leave ? { leave: true } : {}), reason: plainText(String(reason ?? '')) },
  };
}
