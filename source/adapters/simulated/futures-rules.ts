import type { MarginMode, PositionMode } from '../../domain/index.js';

/**
 * The simulated exchange's refusals, worded for a trader, with the Binance code each stands
 * for so a reader of Binance's documentation recognises it.
 */
export const FUTURES_ERRORS = {
  positionModeWithPosition: (symbols: readonly string[]): string =>
    `position mode cannot change while positions are open (${symbols.join(', ')}); close them first (Binance -4068)`,
  positionModeWithOrders: (symbols: readonly string[]): string =>
    `position mode cannot change while orders are open (${symbols.join(', ')}); cancel them first (Binance -4067)`,
  positionModeSame: (mode: PositionMode): string => `the account is already in ${mode} mode (Binance -4059)`,
  marginModeWithPosition: (symbol: string): string => `${symbol}: margin mode cannot change while a position is open; close it first (Binance -4048)`,
  marginModeWithOrders: (symbol: string): string => `${symbol}: margin mode cannot change while orders are open; cancel them first (Binance -4047)`,
  marginModeSame: (symbol: string, mode: MarginMode): string => `${symbol} is already ${mode} (Binance -4046)`,
  leverageInvalid: (symbol: string, leverage: number, max: number): string => `${symbol}: leverage ${leverage} is not valid; a whole number from 1 to ${max} (Binance -4028)`,
  leverageTooHighForPosition: (symbol: string, leverage: number, max: number): string =>
    `${symbol}: the open position is too large for ${leverage}x (at most ${max}x at its size) (Binance -2027)`,
  marginInsufficient: (need: number, available: number, asset: string): string =>
    `margin is insufficient: need ${need.toFixed(2)} ${asset}, available ${available.toFixed(2)} ${asset} (Binance -2019)`,
  tierLeverage: (symbol: string, leverage: number, max: number): string =>
    `${symbol}: a position this large allows at most ${max}x, the symbol is at ${leverage}x (Binance -2027)`,
  liquidatedAtOnce: (symbol: string): string => `${symbol}: the order would be liquidated at once (Binance -2021 style); lower the leverage or the size`,
} as const;
