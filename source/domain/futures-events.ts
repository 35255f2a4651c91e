import type { FuturesPosition, MarginMode, MarkPrice, PositionMode, PositionSide } from './futures.js';
import type { VenueId } from './instrument.js';
import type { MarketSymbol } from './symbols.js';

/** A funding payment on one position, as Binance's FUNDING_FEE income. */
export interface FundingPayment {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly side: PositionSide;
  /** The 8-hour mark it was paid at (00:00, 08:00, 16:00 UTC): its key, so it is paid once. */
  readonly fundingTime: number;
  readonly rate: number;
  readonly markPrice: number;
  /** Signed position quantity it was paid on. */
  readonly qty: number;
  /** Into the wallet: negative when the position paid. */
  readonly amount: number;
  readonly asset: string;
}

/** A position closed by the exchange because its margin fell to maintenance. */
export interface Liquidation {
  readonly venue: VenueId;
  readonly symbol: MarketSymbol;
  readonly side: PositionSide;
  readonly marginMode: MarginMode;
  /** Signed quantity closed. */
  readonly qty: number;
  readonly entryPrice: number;
  /** The price it was closed at: its liquidation price. */
  readonly price: number;
  readonly markPrice: number;
  /** Taken from the wallet in all (realised loss plus the clearance fee), >= 0. */
  readonly loss: number;
  readonly asset: string;
}

/**
 * Futures facts. Wallet amounts are absolute (the balance after), like Binance's
 * ACCOUNT_UPDATE: a repeat cannot count twice. `market/mark` is market data, never logged.
 */
export type FuturesEvent =
  | { readonly type: 'market/mark'; readonly data: MarkPrice }
  | { readonly type: 'futures/wallet'; readonly data: { readonly venue: VenueId; readonly asset: string; readonly balance: number; readonly reason: string; readonly ts: number } }
  | { readonly type: 'futures/positionMode'; readonly data: { readonly venue: VenueId; readonly mode: PositionMode; readonly ts: number } }
  | { readonly type: 'futures/leverage'; readonly data: { readonly venue: VenueId; readonly symbol: MarketSymbol; readonly leverage: number; readonly ts: number } }
  | { readonly type: 'futures/marginMode'; readonly data: { readonly venue: VenueId; readonly symbol: MarketSymbol; readonly marginMode: MarginMode; readonly ts: number } }
  | {
      readonly type: 'futures/position';
      readonly data: {
        /** The position after the change (qty 0: closed). */
        readonly position: FuturesPosition;
        /** Realised by this change, fees not included. */
        readonly realizedPnl: number;
        readonly asset: string;
        readonly wallet: number;
        readonly ts: number;
      };
    }
  | { readonly type: 'futures/funding'; readonly data: FundingPayment & { readonly wallet: number; readonly ts: number } }
  | { readonly type: 'futures/liquidation'; readonly data: Liquidation & { readonly wallet: number; readonly ts: number } };
