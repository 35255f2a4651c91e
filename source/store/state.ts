import type { FuturesLedger, MarkPrices } from './futures-state.js';
import { emptyFutures } from './futures-state.js';
import type { Alert, ArbInstance, ArbTx, CarryInstance, Balance, BracketOrder, Candle, CoinSupplies, ConnectionState, Fill, HaltState, Instrument, StrategyExits, StrategyStopReason, StrategyWriteOff, Order, OrderBook, PublicTrade, Refusal, Ticker, Timeframe, TradingMode, TrailPoint, VenueId } from '../domain/index.js';
import type { StrategyAccount } from './strategy-account.js';

/** A net position per venue and symbol, signed (futures-ready); spot positions are >= 0. */
export interface Position {
  readonly venue: VenueId;
  readonly symbol: string;
  readonly qty: number;
  /** Average entry price of the open quantity. */
  readonly avgPrice: number;
  /** Realised profit in quote units, net of fees. */
  readonly realizedPnl: number;
}

export interface StrategyState {
  readonly strategyId: string;
  readonly name: string;
  readonly symbol: string;
  readonly venue: VenueId;
  readonly mode: TradingMode;
  readonly status: 'running' | 'stopped';
  readonly params: Readonly<Record<string, number>>;
  /** What resume needs (absent in logs written before instances had them). */
  readonly timeframe?: Timeframe;
  /** The instance's size as typed: `100USDT`, `5%`, `0.01BTC`. */
  readonly size?: string;
  /** The module path of a user's strategy file; absent for a built-in (found by `name`). */
  readonly module?: string;
  /** Its own exits (`--stop-loss 3%`), in percent. */
  readonly exits?: StrategyExits;
  /** Why the runtime stopped it (a crash, a grid out of range), from its `stopped` status. */
  readonly reason?: StrategyStopReason;
  /** Its trailing exit's best close so far, for the position entered at `entry` (`strategy/trail`). */
  readonly trail?: { readonly peak: number; readonly entry: number };
  readonly lastSignal?: { readonly side: 'buy' | 'sell'; readonly reason: string; readonly ts: number; readonly target?: 'long' | 'short' | 'flat' };
  /**
   * When its own stop-loss or trailing exit last fired: a stop-loss on the symbol for
   * protect.cooldownMinutes, as a stop order's fill is (kept apart from lastSignal, which the
   * next signal, perhaps the very entry the cooldown must refuse, replaces).
   */
  readonly lastStopLoss?: number;
}

/** Why an instance's last target was not reached: a hold (no order went out) or a refusal of its order. */
export interface StrategyHold {
  readonly kind: 'held' | 'refused';
  readonly target: 'long' | 'short' | 'flat';
  readonly reason: Refusal;
  readonly ts: number;
}

export interface Notice {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly ts: number;
}

/** Re-fetchable, high-rate data: never logged, never snapshotted. Keys are `venue:symbol`. */
export interface MarketState {
  readonly instruments: Readonly<Record<string, Instrument>>;
  readonly tickers: Readonly<Record<string, Ticker>>;
  readonly books: Readonly<Record<string, OrderBook>>;
  /**
   * 1m candles (or the venue's base timeframe), oldest first, `venue:symbol:tf` keys: all but
   * the newest, which is in `candleTips`. Read a whole series with `selectSeries`.
   */
  readonly candles: Readonly<Record<string, readonly Candle[]>>;
  /**
   * The newest candle of each series of `candles` (the one still forming, while it forms), kept
   * apart: a tick replaces one object here instead of copying the day's series (1,440 candles a
   * symbol, every batch: with 200 symbols, half of a daemon's CPU went to copying and collecting
   * them). Absent in a state from before it was kept (then `candles` holds the whole series).
   */
  readonly candleTips?: Readonly<Record<string, Candle>>;
  /** The market's most recent public trades per `venue:symbol`, oldest first (the tape). */
  readonly trades: Readonly<Record<string, readonly PublicTrade[]>>;
  readonly connections: Readonly<Record<VenueId, { readonly state: ConnectionState; readonly detail?: string }>>;
  /** Circulating supplies for the market-cap ranking, once fetched (none on the simulated exchange). */
  readonly supplies?: CoinSupplies;
  /** Mark price, index, funding rate and open interest of perpetuals, `venue:symbol` keys. */
  readonly marks?: MarkPrices;
}

/** A strategy instance as the process running it has it now (see the `runtime/strategy` event). */
export interface StrategyRuntime {
  /** Fed candles in this process now (false once it stopped, crashed or could not resume). */
  readonly live: boolean;
  /** Why an instance the ledger has as running is not live, when it is not. */
  readonly problem?: string;
  readonly candlesSeen: number;
  readonly warmupNeed: number;
}

/** The process's own doings: never logged, never snapshotted, sent to attached terminals. */
export interface RuntimeState {
  /** By instance id. */
  readonly strategies: Readonly<Record<string, StrategyRuntime>>;
  /** Trailing stops' moving triggers as the venue last reported them (`runtime/trail`), by order id; absent: none yet. */
  readonly trails?: Readonly<Record<string, TrailPoint>>;
}

/** A write-off as the state keeps it: the event's data, and how many fills of its own the instance had then (what it came after). */
export interface WrittenOff extends StrategyWriteOff {
  readonly fills: number;
}

/** The record: rebuilt exactly by replaying the durable log. */
export interface LedgerState {
  /** Every open order, and the most recent MAX_CLOSED_ORDERS closed ones (the log has all). */
  readonly orders: Readonly<Record<string, Order>>;
  /** Ids of closed orders still in `orders`, oldest first. */
  readonly closedOrderIds: readonly string[];
  readonly orderCount: number;
  /** Most recent fills, oldest first, capped at MAX_FILLS. */
  readonly fills: readonly Fill[];
  readonly fillCount: number;
  readonly balances: Readonly<Record<VenueId, Readonly<Record<string, Balance>>>>;
  readonly positions: Readonly<Record<string, Position>>;
  readonly strategies: Readonly<Record<string, StrategyState>>;
  /**
   * Each strategy instance's own account, by instance id, from its orders' fills. Optional:
   * a snapshot written before it existed has none (read it as `?? {}`).
   */
  readonly strategyAccounts?: Readonly<Record<string, StrategyAccount>>;
  /**
   * Each instance's standing hold or refusal, by instance id: set by `strategy/held` and
   * `strategy/refused`, cleared by its next signal. Optional like `strategyAccounts`.
   */
  readonly strategyHolds?: Readonly<Record<string, StrategyHold>>;
  /**
   * Each instance's most recent fills (MAX_STRATEGY_TRADES), oldest first, so `status ID`
   * reads them from the state and never re-reads the log. Optional as `strategyAccounts` is.
   */
  readonly strategyTrades?: Readonly<Record<string, readonly Fill[]>>;
  /**
   * Each instance's write-offs (`strategy/written-off`), oldest first: the parts of its own
   * position the account no longer held, taken off its claim by the trader. Every one is kept
   * (a trader's command, rare): the views that figure an instance from its fills (pnl --by
   * strategy, the daily summary) read them beside its fills. Optional like `strategyAccounts`.
   */
  readonly strategyWriteOffs?: Readonly<Record<string, readonly WrittenOff[]>>;
  /**
   * Ids of the most recent signals acted on (MAX_SIGNAL_IDS), oldest first, with when: the
   * dedupe window is read from here, so a restart keeps it. Optional like `strategyAccounts`.
   */
  readonly signalIds?: readonly { readonly id: string; readonly ts: number }[];
  /**
   * Bracket orders whose entry is still working, by entry id (`bracket/set` until
   * `bracket/ended`). Optional like `strategyAccounts` (absent in an older snapshot).
   */
  readonly brackets?: Readonly<Record<string, BracketOrder>>;
  /** Arbitrage instances by id (`arb/started`, `arb/stopped`). Optional like `brackets`. */
  readonly arbInstances?: Readonly<Record<string, ArbInstance>>;
  /**
   * Arbitrage transactions by id: every one without an outcome (a restart finishes them) and the
   * most recent MAX_ARB_TXS settled ones (expected against realised). Optional like `brackets`.
   */
  readonly arbTxs?: Readonly<Record<string, ArbTx>>;
  /** Funding carries by id (`carry/started` ... `carry/stopped`): their trades and funding. Optional like `brackets`. */
  readonly carryInstances?: Readonly<Record<string, CarryInstance>>;
  readonly commandCount: number;
  readonly notices: readonly Notice[];
  /** Price alerts waiting for their level, by id. */
  readonly alerts: Readonly<Record<string, Alert>>;
  /** The most recent alerts that went off, oldest first (capped at MAX_NOTICES). */
  /** Watched markets per venue, in the order they were added. */
  readonly watchlists: Readonly<Record<VenueId, readonly string[]>>;
  readonly triggeredAlerts: readonly (Alert & { readonly last: number; readonly triggeredAt: number })[];
  readonly alertCount: number;
  /** Perpetual futures: positions, wallets, leverage, margin and position modes, funding. */
  readonly futures: FuturesLedger;
  /**
   * What the last `ledger repair` could not keep (orders, fills, balances it cannot vouch
   * for), shown as a warning until the trader acknowledges it. Absent: nothing to warn of.
   */
  readonly repairWarning?: { readonly lines: readonly string[]; readonly ts: number };
  /**
   * The kill switch, while it is set (`trading/halted` until `trading/resumed`): orders that
   * open or add exposure are refused. Absent: trading is allowed.
   */
  readonly halt?: HaltState;
  /**
   * The account's highest equity per venue (`protect/peak`), for protect.maxDrawdownPercent:
   * in the ledger so a restart measures from the same peak. Absent: none recorded yet.
   */
  readonly equityPeaks?: Readonly<Record<VenueId, EquityPeak>>;
  /**
   * The last time a trader resumed a halt a protection's rule set (`trading/resumed` from any
   * source but `protect`): the daily loss rule does not trip again that UTC day, or the resume
   * would be undone at once by the same loss.
   */
  readonly protectResumed?: { readonly rule: string; readonly ts: number };
}

/** The highest equity the protection watcher has seen, in one quote currency. */
export interface EquityPeak {
  readonly quote: string;
  readonly equity: number;
  readonly ts: number;
}

export interface State {
  /** Sequence number of the last event folded in. */
  readonly lastSeq: number;
  readonly lastTs: number;
  /** Sequence number of the last durable (logged) event: what a snapshot covers. */
  readonly ledgerSeq: number;
  readonly market: MarketState;
  readonly ledger: LedgerState;
  readonly runtime: RuntimeState;
}

export const MAX_FILLS = 1000;
/** Settled arbitrage transactions the state keeps (the log keeps all). */
export const MAX_ARB_TXS = 200;
export const MAX_CANDLES = 1440;
/** Public trades kept per market for the tape. */
export const MAX_PUBLIC_TRADES = 100;
export const MAX_NOTICES = 50;
export const MAX_CLOSED_ORDERS = 1000;
/** Fills kept per strategy instance for `status ID`. */
export const MAX_STRATEGY_TRADES = 200;
/** Signal ids kept for the dedupe window (far more than a window of alerts holds). */
export const MAX_SIGNAL_IDS = 1000;

export function emptyMarket(): MarketState {
  return { instruments: {}, tickers: {}, books: {}, candles: {}, candleTips: {}, trades: {}, connections: {} };
}

export function emptyLedger(): LedgerState {
  return { orders: {}, closedOrderIds: [], orderCount: 0, fills: [], fillCount: 0, balances: {}, positions: {}, strategies: {}, strategyAccounts: {}, strategyTrades: {}, strategyHolds: {}, commandCount: 0, notices: [], alerts: {}, watchlists: {}, triggeredAlerts: [], alertCount: 0, futures: emptyFutures() };
}

export function initialState(): State {
  return { lastSeq: 0, lastTs: 0, ledgerSeq: 0, market: emptyMarket(), ledger: emptyLedger(), runtime: emptyRuntime() };
}

export function emptyRuntime(): RuntimeState {
  return { strategies: {} };
}
