import type { Instrument } from '../../domain/index.js';
import { floorToStep } from '../../domain/index.js';
import { SPOT_FEES } from '../fees.js';
import { selectBalance, selectBook, selectInstrument, selectInstruments, type State } from '../../store/index.js';
import { bestCross, type ArbRules, type CrossEdge, type VenueQuote } from './cross-edge.js';

/** How large a scan's trade is: a base quantity, or a quote amount turned into one at the mid. */
export type ArbSize =
  | { readonly kind: 'base'; readonly qty: number }
  /** `asset`: only markets quoted in it (a scan over every market); absent: the market's quote. */
  | { readonly kind: 'quote'; readonly amount: number; readonly asset?: string };

/** One market on two or more venues: the best direction at the size, and what each venue holds. */
export interface ArbRow {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  /** The venues quoting it, the session's order. */
  readonly venues: readonly string[];
  /** Absent when no venue has a book for it yet. */
  readonly best?: CrossEdge;
  readonly inventory: readonly { readonly venue: string; readonly base: number; readonly quote: number }[];
}

/**
 * The quote of `venue` for `symbol` from the state (book, fee, free balances), or undefined
 * without a book. The venue's published taker fee, else the spot model's.
 */
export function venueQuote(state: State, venue: string, symbol: string): VenueQuote | undefined {
  const inst = selectInstrument(state, venue, symbol);
  const book = selectBook(state, venue, symbol);
  if (!inst || !book || book.bids.length === 0 || book.asks.length === 0) return undefined;
  return { venue, bids: book.bids, asks: book.asks, ts: book.ts, fee: feeOf(inst), base: selectBalance(state, venue, inst.base).free, quote: selectBalance(state, venue, inst.quote).free };
}

/** The taker rate a leg on `inst` pays. */
export function feeOf(inst: Pick<Instrument, 'takerFee'>): number {
  return inst.takerFee ?? SPOT_FEES.taker;
}

/** The base quantity of `size` on `symbol`, on the coarsest lot of the venues (both legs must be valid on each). */
export function arbQty(state: State, venues: readonly string[], symbol: string, size: ArbSize, quotes: readonly VenueQuote[]): number {
  const lot = Math.max(...venues.map((v) => selectInstrument(state, v, symbol)?.lotSize ?? 0));
  if (size.kind === 'base') return lot > 0 ? floorToStep(size.qty, lot) : size.qty;
  const mids = quotes.map((q) => (q.bids[0][0] + q.asks[0][0]) / 2);
  const mid = mids.length ? Math.max(...mids) : 0;
  return mid > 0 ? floorToStep(size.amount / mid, lot > 0 ? lot : 1e-8) : 0;
}

/** Every spot market quoted on two or more of `venues`, best edge first (flagged ones after clean ones). */
export function scanArb(state: State, venues: readonly string[], size: ArbSize, now: number, rules: ArbRules, only?: string): ArbRow[] {
  const symbols = new Set<string>();
  for (const v of venues) for (const i of selectInstruments(state, v)) if (i.kind === 'spot' && (only === undefined || i.symbol === only)) symbols.add(i.symbol);
  const rows: ArbRow[] = [];
  for (const symbol of symbols) {
    const on = venues.filter((v) => selectInstrument(state, v, symbol));
    if (on.length < 2) continue;
    const inst = selectInstrument(state, on[0], symbol)!;
    if (size.kind === 'quote' && size.asset !== undefined && inst.quote !== size.asset) continue;
    const quotes = on.flatMap((v) => venueQuote(state, v, symbol) ?? []);
    const qty = arbQty(state, on, symbol, size, quotes);
    const best = quotes.length >= 2 && qty > 0 ? bestCross(quotes, qty, now, rules) : undefined;
    const inventory = on.map((v) => ({ venue: v, base: selectBalance(state, v, inst.base).free, quote: selectBalance(state, v, inst.quote).free }));
    rows.push({ symbol, base: inst.base, quote: inst.quote, venues: on, best, inventory });
  }
  const rank = (r: ArbRow): number => (r.best ? r.best.netPercent - (r.best.problems.some((p) => p.code !== 'arb.inventory') ? 1e6 : 0) : -2e6);
  return rows.sort((a, b) => rank(b) - rank(a) || a.symbol.localeCompare(b.symbol));
}

/** The edge between two named venues in the better direction (a transaction's venues are fixed). */
export function pairEdge(state: State, a: string, b: string, symbol: string, qty: number, now: number, rules: ArbRules): CrossEdge | undefined {
  const qa = venueQuote(state, a, symbol);
  const qb = venueQuote(state, b, symbol);
  return qa && qb ? bestCross([qa, qb], qty, now, rules) : undefined;
}
