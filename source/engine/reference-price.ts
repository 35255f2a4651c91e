import type { OrderRequest } from '../domain/index.js';
import { selectBook, selectTicker, type State } from '../store/index.js';

/**
 * The price an order would meet now: the best opposite level of the live book (the ticker's
 * when there is no book yet). Buys look at the ask, sells at the bid.
 */
export function referencePrice(state: State, req: Pick<OrderRequest, 'venue' | 'symbol' | 'side'>): number | undefined {
  const book = selectBook(state, req.venue, req.symbol);
  const ticker = selectTicker(state, req.venue, req.symbol);
  return req.side === 'buy' ? book?.asks[0]?.[0] ?? ticker?.ask : book?.bids[0]?.[0] ?? ticker?.bid;
}
