import type { VenueId } from '../domain/index.js';
import { selectAccountView, selectFuturesPositions, selectFuturesWallet, selectOpenOrderMargin, selectSpotValue, type State } from '../store/index.js';
import { accountOf } from './futures-account.js';

/** What the account is worth now in one currency, and what that figure leaves out. */
export interface Valuation {
  readonly quote: string;
  readonly total: number;
  /** Assets held that no price in `quote` values: named, never counted as zero silently. */
  readonly unvalued: readonly string[];
  /** Whether the perpetual account's margin balance (wallet plus unrealised PnL) is in the total. */
  readonly perpetuals: boolean;
}

/** The perpetual account's margin asset (the simulated exchange and USD-M settle in it). */
const MARGIN_ASSET = 'USDT';

/**
 * The account's equity: spot balances at last prices plus, where the venue has a perpetual
 * account, its margin balance counted in full (it is a wallet of its own). The one valuation
 * the status page, the API's equity series and its samples read.
 */
export function accountValuation(state: State, venue: VenueId, quote = 'USDT'): Valuation {
  const spot = selectSpotValue(state, venue, quote);
  const hasPerps = selectFuturesWallet(state, venue, MARGIN_ASSET) !== 0 || selectFuturesPositions(state, venue).some((p) => p.qty !== 0);
  if (!hasPerps) return { quote, total: spot.total, unvalued: spot.unvalued, perpetuals: false };
  const margin = accountOf(selectAccountView(state, venue, MARGIN_ASSET), selectOpenOrderMargin(state, venue)).marginBalance;
  if (quote !== MARGIN_ASSET) return { quote, total: spot.total, unvalued: [...spot.unvalued, `${MARGIN_ASSET} (perpetuals)`], perpetuals: false };
  return { quote, total: spot.total + margin, unvalued: spot.unvalued, perpetuals: true };
}
