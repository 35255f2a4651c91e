import { quoteOf, type Fill, type StrategyWriteOff } from '../domain/index.js';
import { strategyFigures } from './fill-figures.js';
import { addFigures, groupFills, periodStart, windowFigures, withPnl, type PnlPeriod, type QuotePnl, type QuoteTotals } from './pnl-period.js';
import type { ShareCover } from './strategy-held.js';

/** How a period's PnL is split: per UTC day, per strategy instance (`manual` for the trader's own), per market. */
export const PNL_GROUPINGS = ['day', 'strategy', 'symbol'] as const;
export type PnlGrouping = (typeof PNL_GROUPINGS)[number];

export function isPnlGrouping(x: string): x is PnlGrouping {
  return (PNL_GROUPINGS as readonly string[]).includes(x);
}

/** One line of a breakdown: a day (`2026-12-09`), a strategy or a market, in one quote currency. */
export interface PnlRow extends QuotePnl {
  readonly key: string;
  readonly quote: string;
}

export interface PnlBreakdown {
  readonly period: PnlPeriod;
  readonly by: PnlGrouping;
  readonly from: number;
  readonly to: number;
  readonly rows: readonly PnlRow[];
  /** The rows added up per quote: the same figures as `periodPnl` over the same fills. */
  readonly totals: Readonly<Record<string, QuotePnl>>;
  /** By strategy: the instances' own positions the account no longer holds, counted on the `manual` line from the instance's entry. */
  readonly takenOver?: readonly TakenOver[];
}

/** The part of an instance's own position closed outside it (strategy-held.ts), as the breakdown counts it. */
export interface TakenOver {
  readonly id: string;
  readonly symbol: string;
  /** Its own position less what the account holds of it (signed as its own). */
  readonly qty: number;
  /** The instance's own average entry: the price manual's line takes that part over at. */
  readonly entry: number;
}

const DAY_MS = 86_400_000;
const dayKey = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * A period's PnL split by day, strategy or market, by the same method as `periodPnl` (the
 * figures of the fills before a window's end minus those before its start). Each strategy's
 * position is its own (a strategy and the trader may hold the same coin at different entries).
 * What is still open is valued now: by day, it counts on today's line (no price of a past day
 * is guessed). `owner` names who placed an order (a strategy's id, `manual`, `unknown`).
 *
 * By strategy, `covers` (selectShareCovers) says how much of each instance's own position the
 * account still holds, the rule every strategy view reads: an instance's unrealised is on the
 * part held. The part closed outside it (by the trader's order, on the exchange's site) is the
 * trader's now: the `manual` line takes it over at the instance's own entry (its cost, the
 * price the instance's figures hold it at), as of the instance's last fill, so the trader's
 * order that closed it closes a position of manual's book: realised there, on the day of that
 * close, against that entry (a takeover read as manual's unrealised counted a close of the
 * past as open today). Where no fill of the trader's closed it (the exchange's site), manual
 * holds it open from that entry. Moved, not dropped: every line's PnL together is what it was,
 * and a gone instance no longer shows a gain or loss on a position it does not have.
 */
export function pnlBreakdown(fills: readonly Fill[], period: PnlPeriod, by: PnlGrouping, now: number, lastPrice: (symbol: string) => number | undefined, owner: (orderId: string) => string, covers?: ReadonlyMap<string, ShareCover>, writeOffs: WriteOffs = {}): PnlBreakdown {
  const from = periodStart(period, now);
  const rows = new Map<string, QuoteTotals>();
  const takenOver: TakenOver[] = [];
  const add = (key: string, symbol: string, w: ReturnType<typeof windowFigures>): void => {
    if (w.trades === 0 && w.realised === 0 && w.unrealised === 0 && w.fees === 0) return;
    let totals = rows.get(key);
    if (!totals) rows.set(key, (totals = {}));
    addFigures(totals, quoteOf(symbol), w);
  };
  if (by === 'day') {
    for (const [symbol, list] of groupFills(fills, now, (f) => f.symbol)) {
      for (let day = from; day <= now; day += DAY_MS) add(dayKey(day), symbol, windowFigures(list, day, day + DAY_MS, day + DAY_MS > now ? lastPrice(symbol) : undefined));
    }
  } else if (by === 'symbol') {
    for (const [symbol, list] of groupFills(fills, now, (f) => f.symbol)) add(symbol, symbol, windowFigures(list, from, Infinity, lastPrice(symbol)));
  } else {
    const manual = new Map<string, Fill[]>();
    const taken = new Map<string, Fill[]>();
    for (const [key, grouped] of groupFills(fills, now, (f) => `${owner(f.orderId)}\u0000${f.symbol}`)) {
      let list = grouped;
      const id = key.split('\u0000')[0];
      const symbol = list[0].symbol;
      if (id === 'manual') {
        manual.set(symbol, list);
        continue;
      }
      // Its write-offs are sales of its own at its entry (store/strategy-account.ts applyWriteOff): in its
      // list, and taken over by manual, as a gone part is below, from the last fill of its before it.
      const offs = (writeOffs[id] ?? []).filter((o) => o.symbol === symbol && o.ts <= now);
      for (const o of offs) {
        const before = list.filter((f) => f.ts <= o.ts);
        const at = (before[before.length - 1] ?? list[0]).ts;
        taken.set(symbol, [...(taken.get(symbol) ?? []), writeOffFill(list[0], o, `writeoff:${id}:${o.ts}`, o.qty > 0 ? 'buy' : 'sell', at)]);
      }
      if (offs.length) list = [...list, ...offs.map((o) => writeOffFill(list[0], o, `writeoff:${id}:${o.ts}`, o.qty > 0 ? 'sell' : 'buy', o.ts))].sort((a, b) => a.ts - b.ts);
      // Its trades are its fills: a write-off is none.
      const w = { ...windowFigures(list, from, Infinity, lastPrice(symbol)), ...(offs.length ? { trades: grouped.filter((f) => f.ts >= from).length } : {}) };
      const cover = covers?.get(id);
      const gone = goneShare(cover);
      if (!cover || gone === 0) {
        add(id, symbol, w);
        continue;
      }
      // All of it gone: exactly 0 left on its line, not float dust.
      add(id, symbol, { ...w, unrealised: gone === 1 ? 0 : w.unrealised * (1 - gone) });
      const qty = cover.own - cover.held;
      const entry = strategyFigures(list, undefined).avgEntry;
      const lastFill = list[list.length - 1];
      taken.set(symbol, [...(taken.get(symbol) ?? []), { ...lastFill, tradeId: `takeover:${id}`, orderId: `takeover:${id}`, side: qty > 0 ? 'buy' : 'sell', qty: Math.abs(qty), price: entry, fee: 0 }]);
      takenOver.push({ id, symbol, qty, entry });
    }
    for (const symbol of new Set([...manual.keys(), ...taken.keys()])) {
      const own = manual.get(symbol) ?? [];
      const extra = taken.get(symbol) ?? [];
      // A takeover before the trader's fills of the same moment: it is what they closed.
      const book = [...extra, ...own].sort((a, b) => a.ts - b.ts);
      const w = windowFigures(book, from, Infinity, lastPrice(symbol));
      add('manual', symbol, { ...w, trades: own.filter((f) => f.ts >= from).length });
    }
  }
  const out: PnlRow[] = [];
  const all: QuoteTotals = {};
  for (const key of [...rows.keys()].sort()) {
    for (const [quote, q] of Object.entries(withPnl(rows.get(key)!)).sort(([a], [b]) => a.localeCompare(b))) {
      out.push({ key, quote, ...q });
      addFigures(all, quote, q);
    }
  }
  return { period, by, from, to: now, rows: out, totals: withPnl(all), ...(takenOver.length ? { takenOver } : {}) };
}

/** Each instance's write-offs (state.ts strategyWriteOffs), by instance id. */
export type WriteOffs = Readonly<Record<string, readonly StrategyWriteOff[]>>;

/** A write-off as a fill of no fee at its price, on `side`, at `ts`: the instance's sale of the part, or manual's takeover of it. */
function writeOffFill(like: Fill, o: StrategyWriteOff, id: string, side: 'buy' | 'sell', ts: number): Fill {
  return { ...like, tradeId: id, orderId: id, side, qty: Math.abs(o.qty), price: o.price, fee: 0, ts };
}

/** The share (0..1) of an instance's own position the account no longer holds. */
function goneShare(cover: ShareCover | undefined): number {
  if (!cover || cover.cover === 'held' || cover.own === 0) return 0;
  return Math.min(1, Math.max(0, (cover.own - cover.held) / cover.own));
}
