import type { Bracket, FuturesPosition } from '../domain/index.js';
import { bracketFor } from '../domain/index.js';

/**
 * USD-M margin arithmetic, pure, on Binance's definitions (USDⓈ-M Futures FAQ, "Margin
 * balance", "Maintenance margin" and "Margin ratio"): maintenance margin = notional x rate -
 * maintenance amount of the notional's tier; margin balance = wallet + unrealised PnL; margin
 * ratio = maintenance margin / margin balance, liquidated at 100%.
 */

export function notionalOf(qty: number, price: number): number {
  return Math.abs(qty) * price;
}

/** Margin needed to open `notional` at `leverage`. */
export function initialMargin(notional: number, leverage: number): number {
  if (!(leverage >= 1)) throw new RangeError(`leverage must be at least 1 (got ${leverage})`);
  return Math.abs(notional) / leverage;
}

/** Maintenance margin of a position of this notional: notional x mmr - cum of its tier. */
export function maintenanceMargin(brackets: readonly Bracket[], notional: number): number {
  if (notional === 0) return 0;
  const b = bracketFor(brackets, notional);
  return Math.abs(notional) * b.mmr - b.cum;
}

/** Profit or loss of a signed quantity bought (or sold) at `entry`, valued at `mark`. */
export function unrealizedPnl(qty: number, entryPrice: number, markPrice: number): number {
  return qty * (markPrice - entryPrice);
}

/** Return on the margin a position holds: unrealised PnL / initial margin at entry. */
export function roe(p: Pick<FuturesPosition, 'qty' | 'entryPrice' | 'leverage'>, markPrice: number): number {
  const im = initialMargin(notionalOf(p.qty, p.entryPrice), p.leverage);
  return im === 0 ? 0 : unrealizedPnl(p.qty, p.entryPrice, markPrice) / im;
}

/** One position with what its valuation needs. */
export interface ValuedPosition {
  readonly position: FuturesPosition;
  readonly markPrice: number;
  readonly brackets: readonly Bracket[];
}

export interface PositionFigures {
  readonly notional: number;
  readonly unrealizedPnl: number;
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  /** Isolated only: isolated margin + unrealised PnL; undefined in cross. */
  readonly isolatedMarginBalance?: number;
}

export function positionFigures(v: ValuedPosition): PositionFigures {
  const { position: p, markPrice } = v;
  const notional = notionalOf(p.qty, markPrice);
  const upnl = unrealizedPnl(p.qty, p.entryPrice, markPrice);
  return {
    notional,
    unrealizedPnl: upnl,
    initialMargin: notional / p.leverage,
    maintenanceMargin: maintenanceMargin(v.brackets, notional),
    isolatedMarginBalance: p.marginMode === 'isolated' ? p.isolatedMargin + upnl : undefined,
  };
}

/** The account of one margin asset, as Binance's `GET /fapi/v2/account` sums it up. */
export interface AccountFigures {
  readonly walletBalance: number;
  /** Wallet less what isolated positions hold: what cross positions share. */
  readonly crossWalletBalance: number;
  readonly unrealizedPnl: number;
  /** Wallet + unrealised PnL of every position. */
  readonly marginBalance: number;
  /** Initial margin of positions (at mark) plus open orders. */
  readonly initialMargin: number;
  readonly maintenanceMargin: number;
  /** Maintenance margin of the cross positions only. */
  readonly crossMaintenanceMargin: number;
  /** What a new order may still use: cross wallet + cross PnL - cross initial margin, never below 0. */
  readonly availableBalance: number;
  /** Cross maintenance margin / cross margin balance: the cross account is liquidated at 1. */
  readonly marginRatio: number;
}

/**
 * Sums an account: `walletBalance` is the margin asset's wallet (realised PnL, fees and
 * funding already in it); `openOrderMargin` is the initial margin open orders hold.
 */
export function accountFigures(walletBalance: number, positions: readonly ValuedPosition[], openOrderMargin = 0): AccountFigures {
  let upnl = 0;
  let im = 0;
  let mm = 0;
  let isolatedHeld = 0;
  let crossUpnl = 0;
  let crossIm = 0;
  let crossMm = 0;
  for (const v of positions) {
    if (v.position.qty === 0) continue;
    const f = positionFigures(v);
    upnl += f.unrealizedPnl;
    im += f.initialMargin;
    mm += f.maintenanceMargin;
    if (v.position.marginMode === 'isolated') isolatedHeld += v.position.isolatedMargin;
    else {
      crossUpnl += f.unrealizedPnl;
      crossIm += f.initialMargin;
      crossMm += f.maintenanceMargin;
    }
  }
  const crossWallet = walletBalance - isolatedHeld;
  const crossBalance = crossWallet + crossUpnl;
  return {
    walletBalance,
    crossWalletBalance: crossWallet,
    unrealizedPnl: upnl,
    marginBalance: walletBalance + upnl,
    initialMargin: im + openOrderMargin,
    maintenanceMargin: mm,
    crossMaintenanceMargin: crossMm,
    availableBalance: Math.max(0, crossBalance - crossIm - openOrderMargin),
    marginRatio: crossMm === 0 ? 0 : crossBalance <= 0 ? Infinity : crossMm / crossBalance,
  };
}

/**
 * The most margin that can be added to an isolated position, by Binance's FAQ "How to Adjust
 * Margin Balance in Isolated Margin Mode" (USDⓈ-M): max(0, min(cross wallet - isolated open
 * orders' initial margin - cross positions' maintenance margin, available for orders)).
 */
export function maxAddableIsolatedMargin(account: AccountFigures, isolatedOpenOrderMargin: number): number {
  return Math.max(0, Math.min(account.crossWalletBalance - isolatedOpenOrderMargin - account.crossMaintenanceMargin, account.availableBalance));
}

/**
 * The most margin that can be removed from an isolated position, by the same FAQ:
 * max(0, min(isolated wallet - its maintenance margin, isolated wallet + size x (mark - entry)
 * - mark x |size| x IMR)), IMR being 1 / leverage: the position keeps its initial margin at
 * the mark (its unrealised PnL counted), and never less than its maintenance margin.
 */
export function maxRemovableIsolatedMargin(p: Pick<FuturesPosition, 'qty' | 'entryPrice' | 'leverage' | 'isolatedMargin'>, markPrice: number, brackets: readonly Bracket[]): number {
  const notional = notionalOf(p.qty, markPrice);
  const keepsMaintenance = p.isolatedMargin - maintenanceMargin(brackets, notional);
  const keepsInitial = p.isolatedMargin + unrealizedPnl(p.qty, p.entryPrice, markPrice) - notional / p.leverage;
  return Math.max(0, Math.min(keepsMaintenance, keepsInitial));
}
