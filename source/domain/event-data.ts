import type { Instrument, VenueId } from './instrument.js';
import type { Fill, Order, OrderRequest, TrailPoint } from './order.js';
import type { Refusal } from './refusal.js';
import type { MarketSymbol } from './symbols.js';
import type { RefusalCode } from './refusal.js';
import type { CommandSource } from './events.js';

/* The data of some ledger events, apart from the event union (events.ts) so each file stays a size one can read. */

/**
 * The kill switch as it stands: set by `trading/halted`, kept in the ledger, cleared only by
 * `trading/resumed`. While set, every order that opens or adds exposure is refused.
 */
export interface HaltState {
  /** Why, in the words of whoever set it (a trader's `flatten REASON`, a tripped protection's rule). */
  readonly reason: string;
  readonly source: CommandSource;
  /** Epoch ms it was set. */
  readonly since: number;
  /**
   * The account rule that set it (`protect.dailyLossPercent`), when a protection tripped
   * rather than a trader asking: one halt, whichever door it came through.
   */
  readonly rule?: string;
  /**
   * A flatten's halt: the ledger's order count as it was set. The orders up to it (ids are that
   * count) are those its cancels set out to take off the book; a process started after a crash
   * cut the flatten short finishes them (app/session/cancel-resend.ts). Orders placed during the
   * halt (its closes, a trader's reduce-only orders) come after it. Absent for a halt that only
   * blocks entries, and in ledgers older than it.
   */
  readonly ordersBefore?: number;
}

export interface Balance {
  readonly free: number;
  readonly locked: number;
}

/**
 * An instance's own exits, in percent of price (engine/strategy-exits.ts checks them): kept
 * with its start so a restart resumes them.
 */
export interface StrategyExits {
  readonly stopLoss?: number;
  readonly takeProfit?: number;
  readonly trailing?: number;
}

/**
 * Why the runtime stopped an instance on its own (a trader's stop has none): kept with its
 * `stopped` status, so `status ID`, the Strategy pane, `history` and a notification still say
 * why after a restart, when the process that saw it is gone.
 */
export interface StrategyStopReason {
  /** `strategy.failed`: it threw, or overran strategy.timeBudgetMs on one call; `strategy.out-of-range`: a grid left its range (grid.outOfRange stop). */
  readonly code: 'strategy.failed' | 'strategy.out-of-range';
  readonly text: string;
}

/**
 * What `order/refused` keeps of the request: enough to say what was refused, nothing more. A
 * field the request had wrong (a quantity that is not a number) is left out, not recorded.
 */
export type RefusedOrder = Pick<OrderRequest, 'venue' | 'symbol'> & Partial<Pick<OrderRequest, 'side' | 'type' | 'qty' | 'price' | 'stopPrice' | 'quoteQty'>>;

/** Which of an instance's own exits fired (recorded with its signal). */
export type ExitKind = 'stop-loss' | 'take-profit' | 'trailing';

/** `alert BTC/USDT > 100000`: tell the trader once when the last price crosses a level. */
export interface PriceAlert {
  readonly id: string;
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly op: '>' | '<';
  readonly price: number;
  readonly createdAt: number;
}

export type TradingMode = 'paper' | 'testnet' | 'live' | 'backtest';
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'stale' | 'disconnected';

/**
 * Why one strategy instance did not reach its target: the target, the refusal as data (the
 * order path's own when it refused, else a `strategy.hold.*` code), and when.
 */
export interface StrategyHoldData {
  readonly strategyId: string;
  readonly symbol: MarketSymbol;
  readonly target: 'long' | 'short' | 'flat';
  readonly reason: Refusal;
  readonly ts: number;
}

/** What `signal/received` records of one signal. */
export interface SignalReceived {
  /** The instance it named, when it named one (as given, cut short). */
  readonly strategyId?: string;
  /** The action as given (`buy`, `sell`, `long`, `short`, `flat`), or what was there instead, cut short. */
  readonly action: string;
  /** The sender's id of the signal, when it gave one: a repeat within the window trades once. */
  readonly id?: string;
  readonly accepted: boolean;
  /** Why it was not acted on (REFUSAL_CODES), when it was refused. */
  readonly code?: RefusalCode;
  readonly duplicate?: boolean;
  /**
   * Signals refused for their token since the last one recorded and not recorded one by one: a
   * flood of bad tokens (anyone who reaches the port can send them) must not grow the ledger.
   */
  readonly unrecorded?: number;
  readonly ts: number;
}
