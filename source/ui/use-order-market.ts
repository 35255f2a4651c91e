import { useCallback } from 'react';
import type { Session } from '../app/session/session.js';
import type { State } from '../store/index.js';
import { useSelector } from './use-session-state.js';

type Slice = readonly [unknown, unknown, unknown];
const same = (a: Slice, b: Slice): boolean => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/**
 * Re-renders an order ticket whenever what its figures depend on changes: the symbol's book and
 * ticker (its price) and the ledger (balances, positions). Ticks of other symbols do not.
 */
export function useOrderMarket(session: Session, symbol: string): void {
  const key = `${session.venue}:${symbol}`;
  const select = useCallback((s: State): Slice => [s.market.books[key], s.market.tickers[key], s.ledger], [key]);
  useSelector(session, select, same);
}
