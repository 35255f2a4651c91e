import type { MarginMode, PositionMode, Refusal } from '../../domain/index.js';
import { refusal } from '../../domain/index.js';

/**
 * The simulated exchange's refusals: a code (the sandbox answers with Binance's by a table),
 * and words for a trader naming the Binance code each stands for, so a reader of Binance's
 * documentation recognises it. Nothing reads the words back.
 */
export const FUTURES_ERRORS = {
  positionModeWithPosition: (symbols: readonly string[]): Refusal =>
    refusal('futures.position-mode-positions', `position mode cannot change while positions are open (${symbols.join(', ')}); close them first (Binance -4068)`),
  positionModeWithOrders: (symbols: readonly string[]): Refusal =>
    refusal('futures.position-mode-orders', `position mode cannot change while orders are open (${symbols.join(', ')}); cancel them first (Binance -4067)`),
  positionModeSame: (mode: PositionMode): Refusal => refusal('futures.position-mode-same', `the account is already in ${mode} mode (Binance -4059)`),
  marginModeWithPosition: (symbol: string): Refusal => refusal('futures.margin-mode-position', `${symbol}: margin mode cannot change while a position is open; close it first (Binance -4048)`),
  marginModeWithOrders: (symbol: string): Refusal => refusal('futures.margin-mode-orders', `${symbol}: margin mode cannot change while orders are open; cancel them first (Binance -4047)`),
  marginModeSame: (symbol: string, mode: MarginMode): Refusal => refusal('futures.margin-mode-same', `${symbol} is already ${mode} (Binance -4046)`),
  leverageInvalid: (symbol: string, leverage: number, max: number): Refusal =>
    refusal('futures.leverage', `${symbol}: leverage ${leverage} is not valid; a whole number from 1 to ${max} (Binance -4028)`, 'leverage'),
  leverageTooHighForPosition: (symbol: string, leverage: number, max: number): Refusal =>
    refusal('futures.leverage-tier', `${symbol}: the open position is too large for ${leverage}x (at most ${max}x at its size) (Binance -2027)`, 'leverage'),
  marginInsufficient: (need: number, available: number, asset: string): Refusal =>
    refusal('margin.insufficient', `margin is insufficient: need ${need.toFixed(2)} ${asset}, available ${available.toFixed(2)} ${asset} (Binance -2019)`),
  tierLeverage: (symbol: string, leverage: number, max: number): Refusal =>
    refusal('futures.leverage-tier', `${symbol}: a position this large allows at most ${max}x, the symbol is at ${leverage}x (Binance -2027)`),
  liquidatedAtOnce: (symbol: string): Refusal => refusal('futures.liquidation', `${symbol}: the order would be liquidated at once (Binance -2021 style); lower the leverage or the size`),
} as const;
