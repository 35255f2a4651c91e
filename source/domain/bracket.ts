import type { VenueId } from './instrument.js';
import type { Side } from './order.js';
import type { Refusal } from './refusal.js';
import type { MarketSymbol } from './symbols.js';

/**
 * The exits a bracket order adds to its entry: a take-profit (a limit order at `tp`) and a
 * stop-loss (a stop at `sl`, market or a limit at `slLimit`), placed together as one OCO on
 * the other side once the entry is done, so one filling cancels the other.
 */
export interface BracketExits {
  readonly tp: number;
  readonly sl: number;
  readonly slLimit?: number;
}

/**
 * A bracket as the ledger keeps it while its entry works (`bracket/set` until
 * `bracket/ended`): the entry's id and the exits to place for what it fills.
 */
export interface BracketOrder extends BracketExits {
  readonly entryId: string;
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  /** The entry's side; the exits take the other one. */
  readonly side: Side;
  readonly setAt: number;
}

/**
 * How a bracket ended: `placed` (the exit OCO rests, `orderIds` take-profit first, for `qty`),
 * `refused` (the exits could not be placed: `reason`, which the trader sees), or `void` (the
 * entry ended without a fill, so there is nothing to protect).
 */
export type BracketOutcome =
  | { readonly outcome: 'placed'; readonly qty: number; readonly orderIds: readonly string[] }
  | { readonly outcome: 'refused'; readonly qty: number; readonly reason: Refusal }
  | { readonly outcome: 'void' };

export type BracketEnded = { readonly entryId: string; readonly ts: number } & BracketOutcome;
