import type { Candle } from '../domain/index.js';
import type { OrdersStrategyDefinition, StrategyFill, StrategyView, WantedOrder } from './strategy.js';

/** What a level of the grid holds: a resting buy, a resting sell (of `qty`), or nothing (the one gap). */
type Level = { readonly kind: 'buy' } | { readonly kind: 'sell'; readonly qty: number } | { readonly kind: 'none' };

/**
 * The grid: `levels` prices evenly spaced from `lower` to `upper`. At its first candle it lays
 * resting buys at the levels under the close and sells at the levels over it, leaving the level
 * just under the close empty, and buys the base for its sells with one market buy (one entry of
 * the instance's size per sell; a grid that already holds base, as after a restart, sells that
 * instead). Each fill is replaced by its opposite one level away: a buy filled at level k becomes
 * a sell of the bought quantity at k+1, a sell filled at k a buy at k-1 (sized by the instance),
 * so there is always one empty level and never more resting orders than levels - 1. A close
 * outside the range asks to leave (the runtime stops it or holds its book: grid.outOfRange).
 */
export const gridStrategy: OrdersStrategyDefinition = {
  name: 'grid',
  description: 'grid: resting buys below and sells above the price between --lower and --upper at --levels prices, each fill replaced by its opposite one level away; each order is one --size',
  keepsOrders: true,
  transientCandle: true,
  params: {
    lower: { default: 0, min: 0, max: 1e12, description: 'lowest grid price (required)' },
    upper: { default: 0, min: 0, max: 1e12, description: 'highest grid price (required)' },
    levels: { default: 10, min: 2, max: 200, integer: true, description: 'prices in the grid, lower and upper included' },
  },
  warmup: () => 0,
  create(params) {
    const { lower, upper, levels } = params;
    if (!(lower > 0) || !(upper > lower)) throw new RangeError(`grid needs --lower and --upper with 0 < lower < upper (got lower ${lower}, upper ${upper})`);
    const step = (upper - lower) / (levels - 1);
    const prices = Array.from({ length: levels }, (_, k) => (k === levels - 1 ? upper : lower + k * step));
    let book: Level[] | undefined;
    /** Sell levels laid out at the start, waiting for the base the starting buy brings. */
    let startSells: number[] = [];
    let bought = 0;
    /** Quantity filled so far of the order resting at each level (a part-filled order flips when done). */
    const partial = new Map<number, number>();
    const levelOf = (price: number): number => Math.min(levels - 1, Math.max(0, Math.round((price - lower) / step)));
    const inRange = (c: number): boolean => c >= lower && c <= upper;

    const setUp = (close: number, view: StrategyView): { buy?: number } => {
      const firstOver = prices.findIndex((p) => p > close);
      const gap = firstOver === -1 ? levels - 1 : Math.max(0, firstOver - 1);
      book = prices.map((_, k): Level => (k < gap ? { kind: 'buy' } : { kind: 'none' }));
      startSells = prices.map((_, k) => k).filter((k) => k > gap);
      if (startSells.length === 0) return {};
      // Base held already (a resumed instance): it is the inventory for the sells.
      if (view.position > 0) {
        spread(view.position);
        return {};
      }
      return { buy: startSells.length };
    };
    const spread = (qty: number): void => {
      for (const k of startSells) book![k] = { kind: 'sell', qty: qty / startSells.length };
      startSells = [];
    };
    const wanted = (): WantedOrder[] => {
      const out: WantedOrder[] = [];
      // Nearest the price first: with too little cash, the buys most likely to fill are placed.
      for (let k = levels - 1; k >= 0; k--) if (book![k].kind === 'buy') out.push({ side: 'buy', price: prices[k] });
      for (let k = 0; k < levels; k++) {
        const lv = book![k];
        if (lv.kind === 'sell') out.push({ side: 'sell', price: prices[k], qty: lv.qty });
      }
      return out;
    };
    const range = `${lower}..${upper}`;

    return {
      onCandle(candle: Candle, view: StrategyView) {
        if (!inRange(candle.c)) return { leave: true, reason: `close ${candle.c} left the grid's range ${range}` };
        if (book === undefined) {
          const first = setUp(candle.c, view);
          return { resting: wanted(), ...first, reason: `grid ${range} in ${levels} levels laid around ${candle.c}` };
        }
        if (startSells.length > 0 && bought > 0) spread(bought);
        return { resting: wanted(), reason: `grid ${range}` };
      },
      onFill(fill: StrategyFill) {
        if (book === undefined) return;
        if (fill.limit === undefined) {
          // The starting market buy: its base is spread over the sell levels at the next close.
          if (fill.side === 'buy') bought += fill.quantity;
          return;
        }
        const k = levelOf(fill.limit);
        const filled = (partial.get(k) ?? 0) + fill.quantity;
        if (fill.done === false) return void partial.set(k, filled);
        partial.delete(k);
        if (fill.side === 'buy' && book[k].kind === 'buy') {
          book[k] = { kind: 'none' };
          if (k + 1 < levels) book[k + 1] = { kind: 'sell', qty: filled };
        } else if (fill.side === 'sell' && book[k].kind === 'sell') {
          book[k] = { kind: 'none' };
          if (k > 0) book[k - 1] = { kind: 'buy' };
        }
      },
    };
  },
};
