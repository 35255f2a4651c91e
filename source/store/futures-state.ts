import type { FundingPayment, FuturesPosition, Liquidation, MarkPrice, PositionMode, SymbolMarginSettings, VenueId } from '../domain/index.js';

/** A position plus what the ledger adds up about it. */
export interface FuturesPositionState extends FuturesPosition {
  /** Realised PnL since the position was last opened from flat (fees and funding not included). */
  readonly realizedPnl: number;
  /** When it was last opened from flat: funding is due at the marks after it. */
  readonly openedAt: number;
  readonly updatedAt: number;
}

/**
 * The futures part of the record: rebuilt from `futures/*` events alone. Keys: positions
 * `venue:symbol:side`, symbol settings `venue:symbol`.
 */
export interface FuturesLedger {
  readonly positionModes: Readonly<Record<VenueId, PositionMode>>;
  readonly symbols: Readonly<Record<string, SymbolMarginSettings>>;
  readonly positions: Readonly<Record<string, FuturesPositionState>>;
  /** Wallet balance per venue and margin asset. */
  readonly wallets: Readonly<Record<VenueId, Readonly<Record<string, number>>>>;
  /**
   * The newest funding time paid per position key: a payment at or before it is a repeat
   * (a restart, a re-sent event) and changes nothing.
   */
  readonly fundingPaid: Readonly<Record<string, number>>;
  /** The most recent payments and liquidations, oldest first (capped; the log has all). */
  readonly funding: readonly (FundingPayment & { readonly ts: number })[];
  readonly liquidations: readonly (Liquidation & { readonly ts: number })[];
  readonly fundingCount: number;
}

export const MAX_FUTURES_HISTORY = 200;

export function emptyFutures(): FuturesLedger {
  return { positionModes: {}, symbols: {}, positions: {}, wallets: {}, fundingPaid: {}, funding: [], liquidations: [], fundingCount: 0 };
}

/** Mark prices by `venue:symbol`: market data, beside tickers. */
export type MarkPrices = Readonly<Record<string, MarkPrice>>;
