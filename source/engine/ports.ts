import type { DomainEvent, MarginMode, MarketSymbol, Order, PositionMode, Timeframe, VenueId } from '../domain/index.js';
import type { LedgerState } from '../store/index.js';

/** Where adapters deliver what happened: the store's dispatch, in production. */
export type EventSink = (events: readonly DomainEvent[]) => void;

/** Injected time source; nothing in engine or adapters reads the wall clock directly. */
export type Clock = () => number;

/**
 * A trading venue behind one interface: the simulated exchange, ccxt, or the sandbox.
 * Results of `submit` and `cancel` arrive as events through the sink, never as return values,
 * so every mode records them the same way.
 */
export interface VenuePort {
  readonly venue: VenueId;
  /** Human label for the status bar, e.g. `SIM`, `BINANCE TESTNET`. */
  readonly label: string;
  /**
   * Starts market data (instruments first) and reconciles the account with the ledger
   * replayed from the log: balances, and orders whose outcome the log does not know.
   */
  start(sink: EventSink, ledger: LedgerState): Promise<void>;
  stop(): Promise<void>;
  submit(order: Order): Promise<void>;
  /** `reason`: who asked, recorded as the cancel's reason (domain `cancelReason`); a venue without it says its own. */
  cancel(order: Order, reason?: string): Promise<void>;
  /**
   * Candle history of one timeframe, older than `until` (the oldest candle the app has:
   * its time and open), delivered through the sink as closed `market/candle` events of that
   * timeframe. A venue without it leaves charts to its 1m candles.
   */
  /** Streams book, trades and candles of a market the trader is looking at (a venue that streams all of them needs nothing). */
  watchMarket?(symbol: MarketSymbol): Promise<void>;
  /**
   * Delivers at once what `start` left for later (the simulated exchange's 1m history, so the
   * app's first frame does not wait for it); nothing when there is nothing left. Called
   * before anything reads the candles as history (a strategy's warm-up).
   */
  warmUp?(): void;
  candleHistory?(symbol: MarketSymbol, timeframe: Timeframe, limit: number, until: { readonly t: number; readonly price: number }): Promise<void>;
  /**
   * True on venues that hold and trigger stop orders and OCOs themselves (the simulated
   * exchange, paper mode). Elsewhere a stop is refused before it leaves: sent as it is, it
   * would trade at once as a plain market or limit order.
   */
  readonly stopOrders?: boolean;
  /**
   * Trailing stops the venue holds and trails itself: `any` distance (the simulated exchange,
   * paper mode), `percent` only (Binance spot's trailingDelta, in BIPS); absent: none.
   */
  readonly trailingStops?: 'any' | 'percent';
  /**
   * False on a venue that holds single stops but no OCO (Binance USD-M has no order lists on
   * futures): OCOs and brackets are refused there before anything is sent. Absent: as `stopOrders`.
   */
  readonly ocoOrders?: false;
  /**
   * False where the venue trails a stop itself but never says where its trigger moved (Binance
   * spot and USD-M): atapi follows the trigger from the prices it sees, shown as estimated.
   */
  readonly reportsTrailMoves?: false;
  /** True where a stop can close the whole position, whatever its size when it fires (Binance USD-M's closePosition). */
  readonly closePositionStops?: boolean;
  /**
   * Places an OCO as one request, the exchange linking the legs (Binance's order list). Without
   * it the legs are sent one by one and the venue links them by `ocoWith` (the simulated exchange).
   */
  submitOco?(limit: Order, stop: Order): Promise<void>;
  /**
   * Amend as one request: cancels `old`, then places `next` (Binance's cancelReplace); when the
   * cancel fails nothing is placed. Both fates arrive as events. Without it an amend is a cancel,
   * then a new order.
   */
  replace?(old: Order, next: Order): Promise<void>;
  /** Present on venues that trade perpetual futures. */
  readonly futures?: FuturesPort;
}

/**
 * Account settings of a futures venue. Success arrives as events through the sink (like
 * orders); a refusal rejects with a UserError saying why (Binance's code named).
 */
export interface FuturesPort {
  setLeverage(symbol: string, leverage: number): Promise<void>;
  setMarginMode(symbol: string, mode: MarginMode): Promise<void>;
  setPositionMode(mode: PositionMode): Promise<void>;
  /**
   * Moves `amount` of the margin asset from the spot wallet to the futures wallet (Binance's
   * universal transfer MAIN_UMFUTURE), where the venue can: a carry adds margin this way. Both
   * wallets' new balances arrive as events; too little free spot rejects with a UserError.
   */
  transferToFutures?(amount: number): Promise<void>;
}
