import type { Alert } from './alerts.js';
import type { BracketOrder, BracketEnded } from './bracket.js';
import type { ArbInstance, ArbLegRole, ArbOutcome, ArbTx } from './arb.js';
import type { CarryInstance } from './carry.js';
import type { Candle, Timeframe } from './candle.js';
import type { CancelBy } from './cancel-by.js';
import type { Instrument, VenueId } from './instrument.js';
import type { Level, PublicTrade, Ticker } from './market.js';
import type { CoinSupplies } from './market-cap.js';
import type { FuturesEvent } from './futures-events.js';
import type { Fill, Order, OrderRequest, TrailPoint } from './order.js';
import type { Refusal } from './refusal.js';
import type { MarketSymbol } from './symbols.js';
import type { RefusalCode } from './refusal.js';
import type { StrategyWriteOff } from './strategy-write-off.js';

/**
 * Where a trader's command came from: kept in the ledger beside it (the audit trail), and
 * shown with a refusal so a trader knows which door a command came through.
 */
export const COMMAND_SOURCES = ['shell', 'tui', 'api', 'cli', 'telegram', 'signal', 'mcp', 'protect'] as const;
export type CommandSource = (typeof COMMAND_SOURCES)[number];

export type { HaltState, Balance, StrategyExits, StrategyStopReason, RefusedOrder, ExitKind, PriceAlert, TradingMode, ConnectionState, StrategyHoldData, SignalReceived } from './event-data.js';
import type { HaltState, Balance, StrategyExits, StrategyStopReason, RefusedOrder, ExitKind, PriceAlert, TradingMode, ConnectionState, StrategyHoldData, SignalReceived } from './event-data.js';

/**
 * Every fact atapi knows, as `{type, data}`. Past tense for things that happened.
 * Market events are high-rate and not durable; everything else is the record.
 */
export type DomainEvent =
  | { readonly type: 'market/instruments'; readonly data: { readonly venue: VenueId; readonly instruments: readonly Instrument[] } }
  | { readonly type: 'market/ticker'; readonly data: Ticker }
  | { readonly type: 'market/trade'; readonly data: PublicTrade }
  | {
      readonly type: 'market/candle';
      readonly data: {
        readonly venue: VenueId;
        readonly symbol: MarketSymbol;
        readonly timeframe: Timeframe;
        readonly candle: Candle;
        /** False while the bar is still forming (it may be revised). */
        readonly closed: boolean;
      };
    }
  | {
      readonly type: 'market/book';
      readonly data: {
        readonly venue: VenueId;
        readonly symbol: MarketSymbol;
        /** A snapshot replaces the book; a delta sets levels (qty 0 removes). */
        readonly snapshot: boolean;
        readonly bids: readonly Level[];
        readonly asks: readonly Level[];
        readonly ts: number;
      };
    }
  | { readonly type: 'market/supplies'; readonly data: CoinSupplies }
  | { readonly type: 'market/connection'; readonly data: { readonly venue: VenueId; readonly state: ConnectionState; readonly detail?: string } }
  | { readonly type: 'order/submitted'; readonly data: { readonly order: Order } }
  | { readonly type: 'order/accepted'; readonly data: { readonly id: string; readonly exchangeOrderId: string; readonly ts: number } }
  | { readonly type: 'order/partiallyFilled'; readonly data: { readonly fill: Fill } }
  | { readonly type: 'order/filled'; readonly data: { readonly fill: Fill } }
  /**
   * A stop order's trigger was reached: from now on it is the market or limit order it names.
   * Logged so that a stop-limit resting unfilled after its trigger is known as triggered after a
   * restart (a plain resting limit), never armed again as an untriggered stop. `firedOrderId`:
   * the exchange's id of the order the trigger placed, where that is a new order with none of
   * our ids (Binance USD-M's algo service): its fills are ours, across a restart too. `qty`: the
   * size a close-position stop fired with (the position's then), which becomes the order's.
   */
  | { readonly type: 'order/triggered'; readonly data: { readonly id: string; readonly last: number; readonly ts: number; readonly firedOrderId?: string; readonly qty?: number } }
  /**
   * A cancel of an open order is about to be sent, asked by `by`: recorded (and made durable)
   * before it goes out, so that after a crash whose cancel answer was lost, the order found
   * cancelled at the exchange is known as ours, never told as `order.gone`. `notSent`: the
   * cancel asked just before was not sent after all (its ask could not be written: a full or
   * failing disk), so the ask no longer stands; `stands`, the earlier ask whose cancel was sent,
   * stands again. `resent`: a cancel a crash cut off (an earlier process's ask, a flatten it died
   * in), sent after the restart, the reconcile having found the order still open
   * (app/session/cancel-resend.ts).
   * Absent in older logs.
   */
  | { readonly type: 'order/cancel-asked'; readonly data: { readonly id: string; readonly by: CancelBy; readonly ts: number; readonly notSent?: boolean; readonly stands?: CancelBy; readonly resent?: boolean } }
  /**
   * `code` `order.gone`: nobody here cancelled it: the exchange stopped reporting an order it
   * had accepted (found by a reconcile), so it is recorded over. Money news for a trader away
   * (app/notify). Absent on every other cancel and in older logs.
   */
  | { readonly type: 'order/cancelled'; readonly data: { readonly id: string; readonly reason: string; readonly ts: number; readonly code?: 'order.gone' } }
  /** `code`: the refusal's code (REFUSAL_CODES) where the refusing layer says one; older logs have none. */
  | { readonly type: 'order/rejected'; readonly data: { readonly id: string; readonly reason: string; readonly code?: RefusalCode; readonly ts: number } }
  /**
   * An order the pre-trade checks refused before it was recorded or sent (no id: it never
   * existed): kept so the refusal is a fact in the log the trader can look back on, whichever
   * front end asked. A strategy's own refusals are `strategy/refused` instead; a refused
   * replacement of an amend is `order/rejected` (it had an id).
   */
  | { readonly type: 'order/refused'; readonly data: { readonly order: RefusedOrder; readonly reason: Refusal; readonly ts: number } }
  /** Sent, but its fate is not known (lost or late reply): it may be live or filled until a reconcile says. */
  | { readonly type: 'order/unknown'; readonly data: { readonly id: string; readonly reason: string; readonly ts: number } }
  | {
      readonly type: 'account/balances';
      readonly data: {
        readonly venue: VenueId;
        /** Absolute values for the assets named; other assets keep theirs. */
        readonly balances: Readonly<Record<string, Balance>>;
        /** True when this replaces the whole account (start-up reconcile). */
        readonly full: boolean;
      };
    }
  | {
      readonly type: 'strategy/status';
      readonly data: {
        readonly strategyId: string;
        readonly name: string;
        readonly symbol: MarketSymbol;
        readonly venue: VenueId;
        readonly mode: TradingMode;
        readonly status: 'running' | 'stopped';
        readonly params: Readonly<Record<string, number>>;
        /** What a restart needs to resume the instance; absent in older logs. */
        readonly timeframe?: Timeframe;
        readonly size?: string;
        /** Its own exits (`--stop-loss 3%`), in percent; absent: none. */
        readonly exits?: StrategyExits;
        /** A user strategy's module path (built-ins are found by name). */
        readonly module?: string;
        /** Set when the runtime stopped it (a crash, a grid out of range); absent for a trader's stop. */
        readonly reason?: StrategyStopReason;
        /** Listed by a cron run's first call (`run --once`): stopped between its calls, never stopped by anyone. */
        readonly once?: true;
      };
    }
  | {
      readonly type: 'strategy/signal';
      readonly data: { readonly strategyId: string; readonly symbol: MarketSymbol; readonly side: 'buy' | 'sell'; readonly reason: string; readonly ts: number; /** A long/short strategy's target position (its `side` is the order toward it). */ readonly target?: 'long' | 'short' | 'flat'; /** Set when the instance's own exit fired (not the strategy's logic): protect.cooldownMinutes counts a stop-loss or trailing exit. */ readonly exit?: ExitKind };
    }
  /** A strategy's target it could not pursue: no order went out (link down, an order of its own unsettled, size). */
  | { readonly type: 'strategy/held'; readonly data: StrategyHoldData }
  /** An order a strategy asked for was refused (pre-trade checks, a confirmation it cannot give) or rejected. */
  | { readonly type: 'strategy/refused'; readonly data: StrategyHoldData }
  /**
   * Where a strategy instance stands in the process that runs it: live or not (and why),
   * candles fed of those it needs to warm up. Not a record (see `isDurable`): it travels to
   * attached terminals with the other batches so they read it from their replica, and a
   * restart starts with none (nothing is live until it resumes).
   */
  | {
      readonly type: 'runtime/strategy';
      readonly data: { readonly strategyId: string; readonly live: boolean; readonly problem?: string; readonly candlesSeen: number; readonly warmupNeed: number };
    }
  /**
   * A trailing stop's trigger moved: a new best price since it started trailing (never one per
   * tick). Not a record (see `isDurable`): the venue trails it; the ledger gets its firing
   * (`order/triggered` and the fill). Shown as the order's moving trigger.
   */
  | { readonly type: 'runtime/trail'; readonly data: TrailPoint }
  /**
   * A signal from outside (a TradingView alert through the API), accepted or refused: what it
   * asked and what came of it. Never the token. `duplicate`: an id already acted on within the
   * dedupe window, ignored.
   */
  | { readonly type: 'signal/received'; readonly data: SignalReceived }
  /**
   * A bracket order's exits were asked for: recorded in the same batch as its entry's
   * `order/submitted`, so a restart still places them once the entry is done.
   */
  | { readonly type: 'bracket/set'; readonly data: { readonly bracket: BracketOrder } }
  /** A bracket's exits were placed, refused, or are not needed (the entry never filled). */
  | { readonly type: 'bracket/ended'; readonly data: BracketEnded }
  /** An arbitrage instance started (domain/arb.ts): its market, venues, size, policy and limits. */
  | { readonly type: 'arb/started'; readonly data: { readonly instance: ArbInstance } }
  /** It stopped: asked to, or a limit was reached (`reason`). */
  | { readonly type: 'arb/stopped'; readonly data: { readonly id: string; readonly reason: string; readonly ts: number } }
  /** A transaction's plan, durable before any of its orders leaves. */
  | { readonly type: 'arb/planned'; readonly data: { readonly tx: ArbTx } }
  /** One of its orders, recorded in the same batch as the order's `order/submitted`. */
  | { readonly type: 'arb/leg'; readonly data: { readonly txId: string; readonly role: ArbLegRole; readonly orderId: string } }
  /** How it ended, expected against realised; a restart finishes every transaction without one. */
  | { readonly type: 'arb/settled'; readonly data: { readonly txId: string; readonly outcome: ArbOutcome } }
  /** A funding carry started (domain/carry.ts); its entries and exits are `arb/` transactions of its id. */
  | { readonly type: 'carry/started'; readonly data: { readonly instance: CarryInstance } }
  | { readonly type: 'carry/stopped'; readonly data: { readonly id: string; readonly reason: string; readonly ts: number } }
  /** Funding its short received at one mark (its share of the position's payment): counted once per mark. */
  | { readonly type: 'carry/funding'; readonly data: { readonly id: string; readonly fundingTime: number; readonly rate: number; readonly qty: number; readonly amount: number; readonly ts: number } }
  /** Its perpetual's margin ratio reached the de-risk ratio: margin added, or both legs reduced (by a transaction). */
  | { readonly type: 'carry/derisked'; readonly data: { readonly id: string; readonly action: 'add-margin' | 'reduce'; readonly amount: number; readonly marginRatio: number; readonly ts: number } }
  | { readonly type: 'alert/set'; readonly data: { readonly alert: Alert } }
  | { readonly type: 'alert/triggered'; readonly data: { readonly id: string; readonly last: number; readonly ts: number } }
  | { readonly type: 'alert/removed'; readonly data: { readonly id: string; readonly ts: number } }
  /** The markets a trader keeps an eye on, per venue: the whole list, so replay is a plain overwrite. */
  | { readonly type: 'watchlist/set'; readonly data: { readonly venue: VenueId; readonly symbols: readonly MarketSymbol[] } }
  | { readonly type: 'user/command'; readonly data: { readonly line: string; readonly source: CommandSource } }
  /**
   * The kill switch was set: from now on every order that opens or adds exposure is refused
   * (`trading.halted`) until `trading/resumed`. Recorded before flatten cancels anything, so
   * nothing new slips in while it works. `rule`: see `HaltState`. `action`: what the halt does
   * beside refusing new entries: `flatten` stops `strategies` (the instances running on the
   * venue as it was set), cancels every open order and closes what they held; `block-entries`
   * (a protection's lighter action) nothing more. Both absent in ledgers older than them.
   */
  | {
      readonly type: 'trading/halted';
      readonly data: {
        readonly reason: string;
        readonly source: CommandSource;
        readonly ts: number;
        readonly rule?: string;
        readonly action?: 'flatten' | 'block-entries';
        readonly strategies?: readonly string[];
      };
    }
  /** The kill switch was cleared (`resume`): orders that open or add are allowed again. */
  | { readonly type: 'trading/resumed'; readonly data: { readonly source: CommandSource; readonly ts: number } }
  /**
   * A new high of the account's equity (engine/equity.ts), recorded by the protection watcher:
   * protect.maxDrawdownPercent measures from it, and a restart keeps it.
   */
  /**
   * The best close since an instance's position was entered at `entry` (its average entry):
   * the reference of its trailing exit, in the ledger so a restart trails from the same peak.
   */
  | { readonly type: 'strategy/trail'; readonly data: { readonly strategyId: string; readonly peak: number; readonly entry: number; readonly ts: number } }
  /**
   * Stopped instances taken off the list (`strategies prune`). Their orders, fills and own
   * account stay in the ledger (money facts are never dropped); only the list entry goes, and
   * its id is never given to a new instance.
   */
  | { readonly type: 'strategy/pruned'; readonly data: { readonly ids: readonly string[]; readonly ts: number } }
  /**
   * The part of an instance's own position the account no longer holds (closed by hand, on the
   * exchange's site, a testnet reset: engine/strategy-held.ts), written off its claim by the
   * trader (`strategies write-off`; engine/strategy-write-off.ts): its own position becomes what
   * the account holds of it, as if sold back at `price`, its own average entry, for no fee, so
   * its realised PnL is what its own trades made and the part's gain or loss is the trader's
   * (pnl --by strategy counts it on the manual line from that entry). `qty`: signed as its own
   * position (a long's part is positive); `held`: its own position after. Absent in older logs.
   */
  | { readonly type: 'strategy/written-off'; readonly data: StrategyWriteOff }
  | { readonly type: 'protect/peak'; readonly data: { readonly venue: VenueId; readonly quote: string; readonly equity: number; readonly ts: number } }
  | { readonly type: 'system/notice'; readonly data: { readonly level: 'info' | 'warn' | 'error'; readonly message: string } }
  /**
   * `ledger repair` rewrote the log and could not keep everything: what it lost, as lines for
   * the trader (orders, fills, balances it cannot vouch for). Shown until acknowledged.
   */
  | { readonly type: 'ledger/repaired'; readonly data: { readonly lines: readonly string[]; readonly ts: number } }
  /** The trader has read what the last repair lost (`atapi ledger ack`): the warning ends. */
  | { readonly type: 'ledger/acknowledged'; readonly data: { readonly ts: number } }
  | FuturesEvent;

export type EventType = DomainEvent['type'];
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

/** A stored event: the domain event plus its place in the log and when it was recorded. */
export interface Envelope<E extends DomainEvent = DomainEvent> {
  readonly seq: number;
  readonly ts: number;
  readonly event: E;
}

/**
 * Market data is kept out of the durable log: it is high-rate and re-fetchable. So is the
 * runtime of this process (`runtime/...`): true only while the process lives.
 */
export function isDurable(e: DomainEvent): boolean {
  return !e.type.startsWith('market/') && !e.type.startsWith('runtime/');
}
