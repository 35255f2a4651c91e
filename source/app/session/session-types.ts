import type { CancelBy, Candle, DomainEvent, Envelope, Level, Order, OrderRequest, Side, Ticker, TradingMode } from '../../domain/index.js';
import type { PrunePlan } from '../strategy-runtime/strategy-prune.js';
import type { WriteOffPlan } from '../../engine/strategy-write-off.js';
import type { Alert, Balance, CommandSource, Fill, HaltState, PnlAlert, PriceAlert, Refusal } from '../../domain/index.js';
import type { EntryResult, OcoResult } from '../../engine/order-entry.js';
import type { AmendChange } from '../../engine/amend.js';
import type { OrderPreview } from '../../engine/order-preview.js';
import type { Listener, OrderView, Position, State, Store } from '../../store/index.js';
import type { StrategyInstanceView, StrategyStatus } from '../../engine/strategy-figures.js';
import type { ClosePreview } from '../../engine/strategy-close.js';
import type { StopResult, StrategySpec } from '../strategy-runtime/strategy-manager.js';
import type { FuturesApi } from '../futures/futures-session.js';
import type { DaemonStatus } from '../daemon/protocol.js';
import type { CancelAllResult } from './cancel-all.js';
import type { ResendsSeen } from './cancel-resend.js';
import type { ArbScanRequest } from '../arb/arb-view.js';
import type { ArbSpec } from '../arb/arb-manager.js';
import type { CarrySpec } from '../carry/carry-manager.js';
import type { CarryView } from '../carry/carry-view.js';
import type { ArbInstance, ArbTx, CarryInstance } from '../../domain/index.js';
import type { ArbRow } from '../../engine/arb/arb-scan.js';

export type { SessionOptions } from './session-options.js';

/*
 * The session's contract: what the shell, the TUI, the CLI and the daemon call. The factory
 * that builds one is `createSession` (session.ts); the types live apart so a reader of the API
 * does not wade through its wiring.
 */

/** An OCO as a trader states it (see `Session.oco`). */
export interface OcoRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  /** The limit leg's price (a sell's take-profit above the market). */
  readonly price: number;
  /** The stop leg's trigger (a sell's stop-loss below the market). */
  readonly stopPrice: number;
  /** The stop leg's limit once triggered; without it the stop leg is a market order. */
  readonly stopLimitPrice?: number;
}

/** A bracket order as a trader states it (see `Session.bracket`). */
export interface BracketRequest {
  readonly symbol: string;
  readonly side: Side;
  readonly qty: number;
  /** The entry's limit price; without it the entry is a market order. */
  readonly price?: number;
  /** The take-profit: the exit limit order's price. */
  readonly tp: number;
  /** The stop-loss: the exit stop's trigger (a market order once triggered, or a limit at `slLimit`). */
  readonly sl: number;
  readonly slLimit?: number;
}

export interface HistoryFilter {
  /** Event type or prefix: `order`, `order/filled`, `user`. */
  readonly type?: string;
  /** Only the events of this order (its placing, answers, fills, cancel's asks). */
  readonly order?: string;
  readonly limit?: number;
  /** Only events after this seq (found by a binary search in the log, not a read of all of it). */
  readonly after?: number;
}

/** Reads of the market: answered from the state, by the same selectors on any store. */
export interface MarketReads {
  state(): State;
  subscribe(listener: Listener): () => void;
  /** Every venue of the session, its own first (one unless opened with `--venues`). */
  venueIds(): readonly string[];
  symbol(input: string): string;
  /** The market's symbol on one venue of the session; throws a UserError saying what is wrong. */
  symbolOn(venue: string, input: string): string;
  tickers(): Ticker[];
  ticker(symbol: string): Ticker;
  book(symbol: string, depth?: number): { bids: readonly Level[]; asks: readonly Level[] };
  candles(symbol: string, timeframe?: string): Candle[];
}

/** Reads of the account, and the checks an order would get now (pure: nothing is placed). */
export interface AccountReads {
  /** The pre-trade check an order would get now, without placing it: the refusal, or undefined. */
  checkOrder(req: Omit<OrderRequest, 'venue'>): Refusal | undefined;
  /** What the order ticket shows for this order now: price, notional, fee, refusal, fat-finger warnings. */
  /** On the session's own venue unless the request names another of its venues. */
  preview(req: Omit<OrderRequest, 'venue'> & { readonly venue?: string }): OrderPreview;
  /** `percent` of the largest quantity this order could have now (balance, fee, limits), on the lot size. */
  shareOfMax(req: Pick<OrderRequest, 'symbol' | 'side' | 'type' | 'price'>, percent: number): number;
  /** The check an amend would get now, without doing it: the refusal, or undefined. */
  checkAmend(id: string, change: AmendChange): Refusal | undefined;
  /** Open orders (all with `all`) on every venue of the session; a trailing stop with its moving trigger (`trail`). */
  orders(options?: { all?: boolean }): OrderView[];
  /** Balances on the session's own venue, or on `venue`. */
  balance(venue?: string): Readonly<Record<string, Balance>>;
  trades(): readonly Fill[];
  positions(): Position[];
  /** The session's clock (epoch ms): what "today" and "this week" are measured from. */
  now(): number;
}

/** Reads of strategy instances: figures, trades and runtime all come from the fold. */
export interface StrategyReads {
  /** Strategy instances of this venue the ledger knows, with their own figures. */
  strategies(): StrategyInstanceView[];
  /** An instance's figures and its trades. */
  strategyStatus(id: string): StrategyStatus;
  /** Exactly what `stopStrategy(id, { close: true })` would sell now, or nothing. */
  closePreview(id: string): ClosePreview;
}

/** Reads of the trader's notes on markets. */
export interface NoteReads {
  /** Alerts still waiting for their level. */
  alerts(): Alert[];
  /** The markets on this venue's watchlist, in the order they were added (kept in the ledger). */
  watchlist(): string[];
}

/**
 * The read model: every read a front end makes, as pure selectors over a store's state. The
 * local session and the daemon-attached one use the same one (`createReadModel`), over the
 * ledger's store or over the replica of the daemon's.
 */
export interface ReadModel extends MarketReads, AccountReads, StrategyReads, NoteReads, HaltReads, ArbReads {}
/** Reads of cross-venue arbitrage (app/arb/arb-view.ts). */
export interface ArbReads {
  /** Every market on two or more of the session's venues, its best edge at the size; throws a UserError with one venue. */
  arbScan(req?: ArbScanRequest): ArbRow[];
  /** The instances the ledger knows, running and stopped. */
  arbInstances(): ArbInstance[];
  /** Transactions, oldest first: unsettled ones and the most recent settled (expected against realised). */
  arbTxs(): ArbTx[];
  /** Funding carries the ledger knows, running and stopped, oldest first. */
  carryInstances(): CarryInstance[];
  /** The same with what each holds, its net APR now and its figures (funding, fees, basis, net). */
  carries(): CarryView[];
}

/** The kill switch as it stands (domain/events.ts: the ledger keeps it). */
export type { HaltState } from '../../domain/index.js';

/** Reads of the kill switch. */
export interface HaltReads {
  /** Set while new orders are refused (`flatten` until `resume`); undefined while trading is allowed. */
  halted(): HaltState | undefined;
}

/** What `flatten` did: plain JSON (the API and the daemon send it as it is). */
export interface FlattenResult {
  /** Strategy instances stopped. */
  readonly stopped: readonly string[];
  /** Open orders cancelled (ids). */
  readonly cancelled: readonly string[];
  /** Closing orders placed for what the strategies held (ids). */
  readonly closed: readonly string[];
  /** What could not be done, each a refusal the trader sees (an order that would not cancel, a close refused). */
  readonly problems: readonly Refusal[];
}

/**
 * Command port: the kill switch. `flatten` stops every strategy, cancels every open order,
 * closes what the strategies hold, then refuses every new order (every path: keyboard, shell,
 * strategy, daemon, API, signal) until `resume`. Both are recorded in the ledger with their source.
 */
export interface HaltPort {
  flatten(o: { readonly reason: string; readonly source: CommandSource }): Promise<FlattenResult>;
  resume(o: { readonly source: CommandSource }): Promise<void>;
}

/** What a TradingView-style signal says, as the API received it (checked by the port, never trusted). */
export interface SignalResult {
  /** True when the signal was acted on (an order placed or a position closed by its strategy). */
  readonly accepted: boolean;
  /** A repeat of an id seen within the window: ignored, recorded as such. */
  readonly duplicate?: boolean;
  /** Why it was refused (bad token, unknown strategy, bad action, a check on the order). */
  readonly refusal?: Refusal;
  /** Ids of the orders it placed. */
  readonly orders?: readonly string[];
}

/**
 * Command port: signals from outside (TradingView alerts through `POST /api/v1/signals`). The
 * API checks the signal token and says whether it matched (`authentic`); the port records every
 * signal in the ledger, accepted or refused, and sends an accepted one to its `webhook`
 * strategy instance, through the same decision and checks as any strategy.
 */
export interface SignalPort {
  signal(body: unknown, o: { readonly authentic: boolean }): Promise<SignalResult>;
}

/** An order as a front end asks for it: on the session's own venue unless it names another of the session's. */
export type SessionOrderRequest = Omit<OrderRequest, 'venue'> & { readonly venue?: string };

/** Command port: orders. Every path that places one passes the same checks. */
export interface OrderPort {
  order(req: SessionOrderRequest): Promise<EntryResult>;
  buy(symbol: string, qty: number, price?: number): Promise<EntryResult>;
  sell(symbol: string, qty: number, price?: number): Promise<EntryResult>;
  /** Cancels open order `id`; `by` says who asked (the trader unless said), recorded as its reason. */
  cancel(id: string, by?: CancelBy): Promise<EntryResult>;
  /** Cancel-replace of a resting limit order with a new price and/or quantity (see `OrderEntry.amend`). */
  amend(id: string, change: AmendChange): Promise<EntryResult>;
  /**
   * OCO: a limit order at `price` (the take-profit) and a stop at `stopPrice` (market, or a
   * limit at `stopLimitPrice`), same side and quantity; one filling or triggering cancels the other.
   */
  oco(req: OcoRequest): Promise<OcoResult>;
  /**
   * A bracket: the entry (market, or limit at `price`) and, once it is done, a take-profit and a
   * stop-loss on the other side as one OCO for what it filled (engine/brackets.ts). The
   * bracket is recorded with the entry, so a restart still places its exits; the exits pass
   * the same checks as any OCO, and a refused one is recorded (`bracket/ended`).
   */
  bracket(req: BracketRequest): Promise<EntryResult>;
  /** Cancels every open order (of one market with `symbol`); a failed cancel is a problem in the answer, the rest still go. */
  cancelAll(symbol?: string): Promise<CancelAllResult>;
}

/** Command port: what the venue should stream or fetch (never throws). */
export interface MarketFeedPort {
  /**
   * Asks the venue once for older candles of `timeframe` (before the 1m history begins), so a
   * chart of hours has as many candles as one of minutes. Never throws: a chart without the
   * history still draws what the 1m candles give.
   */
  loadCandles(symbol: string, timeframe: string): Promise<void>;
  /** The trader is looking at this market: its book, trades and candles should stream (never throws). */
  focusMarket(symbol: string): Promise<void>;
}

/** Command port: strategy instances. */
export interface StrategyPort {
  /** Starts a new instance (unique id); rejects with a UserError on a bad name, symbol, size or parameter. */
  startStrategy(spec: StrategySpec): Promise<StrategyInstanceView>;
  /** Stops an instance; `close` then sells exactly its own position (see `closePreview`), nothing else. */
  stopStrategy(id: string, options?: { close?: boolean }): Promise<StopResult>;
  /** Takes stopped, flat instances with no order open off the list (their orders and fills stay in the ledger). */
  pruneStrategies(): Promise<PrunePlan>;
  /**
   * Writes off what the account no longer holds of instances' own positions (`ids`, or every
   * listed instance of the venue with a gone part: 'all'), recorded as `strategy/written-off`;
   * the plan says what was written off and what was not, and why (engine/strategy-write-off.ts).
   */
  writeOffStrategies(ids: readonly string[] | 'all', source: CommandSource): Promise<WriteOffPlan>;
  /** Resolves when the orders strategies placed so far have been answered (tests, scripts). */
  strategiesIdle(): Promise<void>;
}

/** Command port: cross-venue arbitrage instances (app/arb/). */
export interface ArbPort {
  /** Starts an arb-cross instance; rejects with a UserError on a bad market, venue, size or policy. */
  startArb(spec: ArbSpec): Promise<ArbInstance>;
  /** Stops an instance (a transaction in flight still finishes by its policy). */
  stopArb(id: string): Promise<void>;
  /** Resolves when no arbitrage transaction is in flight (tests, scripts). */
  arbIdle(): Promise<void>;
  /** Starts a funding carry (app/carry/); rejects with a UserError on a bad market, size or threshold. */
  startCarry(spec: CarrySpec): Promise<CarryInstance>;
  /** Closes both legs of a carry (a transaction), then stops it. */
  stopCarry(id: string): Promise<void>;
  /** Resolves when no carry transaction is in flight (tests, scripts). */
  carryIdle(): Promise<void>;
}
/** Command port: alerts, the watchlist and the audit trail, recorded as events on the store. */
export interface NotesPort {
  /** Tells once when the last price of `symbol` reaches `price` from below (`>`) or above (`<`). */
  alert(symbol: string, op: '>' | '<', price: number): PriceAlert;
  /** `alert pnl < -2%`: once, when today's PnL (UTC day) reaches a level, in percent of the day's opening equity or an amount. */
  alertPnl(op: '>' | '<', level: number, unit: PnlAlert['unit']): PnlAlert;
  removeAlert(id: string): void;
  /** Puts a market on the watchlist (`on`) or takes it off; returns the list after. */
  watch(symbol: string, on: boolean): string[];
  /** Records a user command in the log (the audit trail of what was typed). */
  record(line: string, source: CommandSource): void;
  dispatch(events: readonly DomainEvent[]): void;
}

/** Command port: the ledger as it is on disk (the whole record, not the state's capped lists). */
export interface LedgerPort {
  history(filter?: HistoryFilter): Envelope[];
  /** Every fill of the venue in fill order: the state's list, or the ledger's past its cap (fill-record.ts). */
  fills(): readonly Fill[];
}

/** The library API: what the shell commands and the TUI do, as typed promise-based calls. */
export interface Session extends ReadModel, OrderPort, MarketFeedPort, StrategyPort, ArbPort, NotesPort, LedgerPort, HaltPort, SignalPort {
  readonly venue: string;
  readonly label: string;
  readonly mode: TradingMode;
  readonly store: Store;
  /**
   * What the start has to say, one line each: recovery (a torn log tail cut, a damaged snapshot)
   * and the entry's (a daemon beside it on another ledger). Each front end shows them when it
   * opens (the app in its status bar, and again on quitting).
   */
  readonly reports: readonly string[];
  /**
   * The cancels a crash cut off that this session sends again (app/session/cancel-resend.ts):
   * what it told, and a wait for their answers. Absent attached (the daemon sends them).
   */
  readonly resends?: ResendsSeen;
  readonly dataDir?: string;
  /**
   * The command that runs this ledger in a daemon, with its data directory and flags
   * (app/daemon/daemon-hints.ts), for a hint to type; set by the entry (openSession), absent
   * where none could (in memory, a test's session).
   */
  readonly daemonStart?: string;
  /** The ledger directory this session writes (absent in memory); an attached client reads its log. */
  readonly ledgerDir?: string;
  /**
   * The ledger's last seq when this session opened it: what came after, this process recorded
   * (its venue's start reconciles what happened while nothing ran). Absent when it opened none.
   */
  readonly openedSeq?: number;
  /** Set when this session is the daemon's, attached to (status bar: `attached to daemon (pid N)`). */
  readonly attachedTo?: { readonly pid: number; readonly startedAt?: number; readonly uncleanStop?: { readonly pid: number; readonly startedAt: number } };
  /** The daemon's status as `atapi daemon status` shows it (attached only): the status bar reads its notification channels. */
  daemonStatus?(): Promise<DaemonStatus>;
  /** Perpetual futures: positions with liquidation prices, the margin account, leverage and modes. */
  readonly futures: FuturesApi;
  /**
   * Brings in now what the venue left for after the app's first frame (the simulated
   * exchange's 1m history: `VenuePort.warmUp`). A session attached to the daemon has nothing
   * left (the daemon's venue started without waiting) and no such method.
   */
  warmUp?(): void;
  close(): Promise<void>;
}
