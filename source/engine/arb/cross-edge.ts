import type { Level, Refusal } from '../../domain/index.js';
import { refusal } from '../../domain/index.js';
import { walkBook } from './walk-book.js';

/** One venue's side of an arbitrage: its book, its taker fee and what it holds. */
export interface VenueQuote {
  readonly venue: string;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
  /** When the book was last seen (epoch ms). */
  readonly ts: number;
  /** Taker fee rate of the venue (both legs take: IOC limits). */
  readonly fee: number;
  /** Free base and free quote the venue holds: arbitrage trades from inventory, never transfers. */
  readonly base: number;
  readonly quote: number;
}

/** When a quote is not to be traded: older than `staleMs`, or two books apart more than `sanityPercent`. */
export interface ArbRules {
  readonly staleMs: number;
  readonly sanityPercent: number;
}

/** Buying `qty` on one venue and selling it on another, priced by walking both books, net of both fees. */
export interface CrossEdge {
  readonly buyVenue: string;
  readonly sellVenue: string;
  readonly qty: number;
  /** Average prices of the walk, and the worst level touched (the IOC limit of each leg). */
  readonly buyAvg: number;
  readonly sellAvg: number;
  readonly buyLimit: number;
  readonly sellLimit: number;
  /** Quote received selling minus quote paid buying, before fees. */
  readonly gross: number;
  /** Both venues' fees on their own leg. */
  readonly fees: number;
  readonly net: number;
  /** net as a share of what the buy leg costs (%). */
  readonly netPercent: number;
  /** Why it must not be traded (stale, disagreeing books, thin, inventory); empty when it may. */
  readonly problems: readonly Refusal[];
}

/**
 * The edge of buying on `buy` and selling on `sell` at `qty`, at `now`. Pure: every figure
 * comes from the two quotes. A problem never hides the arithmetic: the scan shows the figures
 * and the flags; only a transaction refuses to trade on a flagged edge.
 */
export function crossEdge(buy: VenueQuote, sell: VenueQuote, qty: number, now: number, rules: ArbRules): CrossEdge {
  const b = walkBook(buy.asks, qty);
  const s = walkBook(sell.bids, qty);
  // Both legs the same size: what the thinner side holds.
  const size = Math.min(b.qty, s.qty);
  const bw = size === b.qty ? b : walkBook(buy.asks, size);
  const sw = size === s.qty ? s : walkBook(sell.bids, size);
  const fees = bw.notional * buy.fee + sw.notional * sell.fee;
  const gross = sw.notional - bw.notional;
  const net = gross - fees;
  const problems: Refusal[] = [];
  for (const q of [buy, sell]) {
    if (now - q.ts > rules.staleMs) problems.push(refusal('arb.stale', `${q.venue}'s book is ${Math.round((now - q.ts) / 1000)}s old (arb.staleSeconds ${rules.staleMs / 1000})`));
  }
  const lo = Math.min(mid(buy), mid(sell));
  const apart = lo > 0 ? (Math.abs(mid(buy) - mid(sell)) / lo) * 100 : Infinity;
  if (apart > rules.sanityPercent) problems.push(refusal('arb.disagree', `${buy.venue} and ${sell.venue} are ${apart.toFixed(2)}% apart, beyond arb.sanityPercent ${rules.sanityPercent}%: a bad quote, not an edge`));
  if (!b.complete || !s.complete) problems.push(refusal('arb.thin', `the books hold ${size} of ${qty} (${!b.complete ? `${buy.venue}'s asks` : `${sell.venue}'s bids`} too thin)`));
  if (buy.quote < bw.notional * (1 + buy.fee)) problems.push(refusal('arb.inventory', `${buy.venue} holds ${buy.quote} of the quote; the buy leg needs ${round(bw.notional * (1 + buy.fee))}`));
  if (sell.base < size) problems.push(refusal('arb.inventory', `${sell.venue} holds ${sell.base} of the base; the sell leg needs ${size}`));
  return {
    buyVenue: buy.venue,
    sellVenue: sell.venue,
    qty: size,
    buyAvg: bw.avgPrice,
    sellAvg: sw.avgPrice,
    buyLimit: bw.worstPrice,
    sellLimit: sw.worstPrice,
    gross,
    fees,
    net,
    netPercent: bw.notional > 0 ? (net / bw.notional) * 100 : 0,
    problems,
  };
}

/** The better direction of every pair of `quotes` (largest net), or undefined with fewer than two. */
export function bestCross(quotes: readonly VenueQuote[], qty: number, now: number, rules: ArbRules): CrossEdge | undefined {
  let best: CrossEdge | undefined;
  for (const a of quotes) {
    for (const b of quotes) {
      if (a === b) continue;
      const e = crossEdge(a, b, qty, now, rules);
      if (!best || e.net > best.net) best = e;
    }
  }
  return best;
}

function mid(q: VenueQuote): number {
  const bid = q.bids[0]?.[0];
  const ask = q.asks[0]?.[0];
  return bid !== undefined && ask !== undefined ? (bid + ask) / 2 : (bid ?? ask ?? 0);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
