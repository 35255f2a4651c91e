import { ceilToStep, floorToStep, isOpenStatus, type Level, type Order } from '../domain/index.js';

/** One row of a depth ladder: a level and the quantity from the best price down to it. */
export interface DepthRow {
  readonly price: number;
  readonly qty: number;
  /** Quantity of this level and every better one on its side. */
  readonly cumulative: number;
}

/** The best `n` levels of one side with their cumulative quantity, best first. */
export function depthLadder(levels: readonly Level[], n: number): DepthRow[] {
  const rows: DepthRow[] = [];
  let cumulative = 0;
  for (let i = 0; i < Math.min(n, levels.length); i++) {
    const [price, qty] = levels[i];
    cumulative += qty;
    rows.push({ price, qty, cumulative });
  }
  return rows;
}

/**
 * Columns of a depth bar out of `width`: both sides share one scale (the deeper side's
 * cumulative total), so bars compare across the spread; any depth at all shows one column.
 */
export function depthBar(cumulative: number, scale: number, width: number): number {
  if (!(scale > 0) || !(cumulative > 0) || width <= 0) return 0;
  return Math.max(1, Math.min(width, Math.round((cumulative / scale) * width)));
}

/** Price steps the book can group by, in ticks: each level as it is, then 10, 100 and 1,000 ticks. */
export const BOOK_GROUPS: readonly number[] = [1, 10, 100, 1000];

/** `ticks` ticks as a price step, without float dust (0.01 x 10 is 0.1, not 0.09999999999999999). */
export function groupStep(tickSize: number, ticks: number): number {
  return Number((tickSize * ticks).toPrecision(12));
}

/** The price a level is grouped under: bids down to the step, asks up, so a group never reads better than its levels. */
export function groupPrice(price: number, step: number, side: BookSide): number {
  return side === 'bid' ? floorToStep(price, step) : ceilToStep(price, step);
}

export type BookSide = 'bid' | 'ask';

/** One side's levels summed by price step, best first (the order the side is given in). */
export function groupLevels(levels: readonly Level[], step: number, side: BookSide): Level[] {
  const out: [number, number][] = [];
  for (const [price, qty] of levels) {
    const p = groupPrice(price, step, side);
    const last = out[out.length - 1];
    if (last && last[0] === p) last[1] += qty;
    else out.push([p, qty]);
  }
  return out;
}

/** One of the trader's resting orders on a side: its limit price and what is left of it. */
export interface OwnOrder {
  readonly price: number;
  readonly qty: number;
}

export interface BookRow extends DepthRow {
  /** The trader's own resting quantity at this row's price (its group when grouped). */
  readonly own: number;
  /** Grouped: the book as received ends inside this group, so more may rest here than it shows. */
  readonly partial?: boolean;
}

/**
 * One side of the book as the pane shows it: levels grouped by `step` (`grouped` false: the
 * levels as they are), the trader's own orders added at their group (a price where only they
 * rest still gets its row, with the book's quantity 0), the best `n` rows with cumulative depth.
 * `beyond` counts own orders further out than the rows shown, so none goes unmentioned.
 */
export function bookLadder(levels: readonly Level[], own: readonly OwnOrder[], o: { readonly step: number; readonly side: BookSide; readonly n: number; readonly grouped: boolean }): { rows: BookRow[]; beyond: number } {
  const groups = o.grouped ? groupLevels(levels, o.step, o.side) : levels;
  const mine = new Map<number, number>();
  for (const x of own) {
    const p = o.grouped ? groupPrice(x.price, o.step, o.side) : x.price;
    mine.set(p, (mine.get(p) ?? 0) + x.qty);
  }
  // Own prices the book does not list join its levels in price order (best first).
  const better = (a: number, b: number) => (o.side === 'bid' ? b - a : a - b);
  const listed = new Set(groups.map(([p]) => p));
  const prices = [...groups.map(([p]) => p), ...[...mine.keys()].filter((p) => !listed.has(p))].sort(better);
  const qtyAt = new Map(groups.map(([p, q]) => [p, q]));
  const edge = o.grouped && levels.length ? groupPrice(levels[levels.length - 1][0], o.step, o.side) : undefined;
  const rows = depthLadder(prices.map((p): Level => [p, qtyAt.get(p) ?? 0]), o.n).map(
    (r): BookRow => ({ ...r, own: mine.get(r.price) ?? 0, ...(r.price === edge ? { partial: true } : {}) }),
  );
  const shown = new Set(rows.map((r) => r.price));
  let beyond = 0;
  for (const x of own) if (!shown.has(o.grouped ? groupPrice(x.price, o.step, o.side) : x.price)) beyond++;
  return { rows, beyond };
}

/**
 * The price an order rests at in the book, if it does: an open order with a limit price, not a
 * stop still waiting for its trigger (that one is not in the book until it fires).
 */
export function restingPrice(o: Pick<Order, 'status' | 'price' | 'stopPrice' | 'triggeredAt'>): number | undefined {
  if (!isOpenStatus(o.status) || o.price === undefined) return undefined;
  return o.stopPrice !== undefined && o.triggeredAt === undefined ? undefined : o.price;
}

/** The trader's resting orders on one market, by book side, with what is left of each. */
export function ownOrders(orders: Readonly<Record<string, Order>>, venue: string, symbol: string): { readonly bids: OwnOrder[]; readonly asks: OwnOrder[] } {
  const bids: OwnOrder[] = [];
  const asks: OwnOrder[] = [];
  for (const o of Object.values(orders)) {
    if (o.venue !== venue || o.symbol !== symbol) continue;
    const price = restingPrice(o);
    if (price !== undefined) (o.side === 'buy' ? bids : asks).push({ price, qty: o.qty - o.filledQty });
  }
  return { bids, asks };
}
