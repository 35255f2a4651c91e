import type { CommandSource } from './events.js';
import type { VenueId } from './instrument.js';
import type { MarketSymbol } from './symbols.js';

/** One instance's write-off (`strategy/written-off`): what of its claim went, at which price, and what it claims after. */
export interface StrategyWriteOff {
  readonly strategyId: string;
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  /** The part taken off its own position, signed as that position. */
  readonly qty: number;
  /** Its own average entry: the price the part leaves its account at (its realised PnL does not move). */
  readonly price: number;
  /** Its own position after: what the account held of it. */
  readonly held: number;
  readonly source: CommandSource;
  readonly ts: number;
}
