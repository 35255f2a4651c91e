import type { ArbTx, CarryInstance } from '../../domain/index.js';
import { PERPETUAL_FEES } from '../../engine/fees.js';
import { crossEdge, type ArbRules, type VenueQuote } from '../../engine/arb/cross-edge.js';
import { feeOf, venueQuote } from '../../engine/arb/arb-scan.js';
import type { CarryFees } from '../../engine/carry/carry-math.js';
import { selectInstrument, type State } from '../../store/index.js';
import { planTx } from '../arb/arb-transaction.js';

/** A carry's two books on its venue: spot and its perpetual, each with its taker fee. */
export interface CarryQuotes {
  readonly spot: VenueQuote;
  readonly perp: VenueQuote;
}

/** The quotes, or undefined while either book is missing. The perpetual pays its own taker rate, not spot's. */
export function carryQuotes(state: State, c: Pick<CarryInstance, 'venue' | 'symbol' | 'perp'>): CarryQuotes | undefined {
  const spot = venueQuote(state, c.venue, c.symbol);
  const perp = venueQuote(state, c.venue, c.perp);
  if (!spot || !perp) return undefined;
  // A short is backed by margin (the order path checks it), and buying one back is paid from
  // that margin too: neither is the spot inventory the arbitrage check reads.
  // Named by market, so a flag reads "sim BTC/USDT:USDT's book is 6s old", not the venue twice.
  return { spot: { ...spot, venue: `${c.venue} ${c.symbol}` }, perp: { ...perp, venue: `${c.venue} ${c.perp}`, fee: perpTaker(state, c), base: Infinity, quote: Infinity } };
}

export function carryFees(state: State, c: Pick<CarryInstance, 'venue' | 'symbol' | 'perp'>): CarryFees {
  const spot = selectInstrument(state, c.venue, c.symbol);
  return { spotTaker: spot ? feeOf(spot) : feeOf({}), perpTaker: perpTaker(state, c) };
}

function perpTaker(state: State, c: Pick<CarryInstance, 'venue' | 'perp'>): number {
  return selectInstrument(state, c.venue, c.perp)?.takerFee ?? PERPETUAL_FEES.taker;
}

/** A planned transaction, or why it must not be sent now (a stale or thin book, too little spot quote). */
export type CarryPlan = { readonly ok: true; readonly tx: ArbTx } | { readonly ok: false; readonly why: string };

/**
 * The transaction that opens (`enter`: buy spot, sell the perpetual) or closes (`exit`: buy the
 * perpetual back, sell spot) `qty` of a carry, priced by walking both books like an arbitrage
 * edge, its legs naming their markets.
 */
export function carryTx(id: string, c: CarryInstance, way: 'enter' | 'exit', qty: number, q: CarryQuotes, now: number, rules: ArbRules): CarryPlan {
  const [buy, sell] = way === 'enter' ? [q.spot, q.perp] : [q.perp, q.spot];
  const edge = crossEdge(buy, sell, qty, now, rules);
  if (edge.problems.length > 0) return { ok: false, why: edge.problems.map((p) => p.text).join('; ') };
  const tx = planTx(id, c, edge, now);
  const [buySymbol, sellSymbol] = way === 'enter' ? [c.symbol, c.perp] : [c.perp, c.symbol];
  return { ok: true, tx: { ...tx, buy: { ...tx.buy, venue: c.venue, symbol: buySymbol }, sell: { ...tx.sell, venue: c.venue, symbol: sellSymbol } } };
}
