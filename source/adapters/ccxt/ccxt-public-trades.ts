import type { PublicTrade, VenueId } from '../../domain/index.js';
import type { CcxtTrade } from './ccxt-client.js';

/** Trade ids remembered per symbol: more than one watchTrades answer can repeat. */
const REMEMBERED = 500;

/**
 * The market's trades from one `watchTrades` answer that were not reported yet, as the tape
 * wants them. ccxt may hand back trades it already gave (its cache, after a reconnect), so
 * they are told apart by the exchange's trade id; a trade without a sane price or amount is
 * left out rather than drawn.
 */
export function newPublicTrades(seen: Set<string>, trades: readonly CcxtTrade[], venue: VenueId, symbol: string, now: number): PublicTrade[] {
  const out: PublicTrade[] = [];
  for (const t of trades) {
    if (!(t.price > 0) || !(t.amount > 0) || !Number.isFinite(t.price) || !Number.isFinite(t.amount)) continue;
    const id = t.id ?? `${t.timestamp}:${t.price}:${t.amount}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ venue, symbol, price: t.price, qty: t.amount, side: t.side === 'sell' ? 'sell' : 'buy', ts: t.timestamp ?? now });
  }
  // A Set iterates in insertion order: the oldest ids go first.
  for (const id of seen) {
    if (seen.size <= REMEMBERED) break;
    seen.delete(id);
  }
  return out;
}
