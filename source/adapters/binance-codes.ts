import type { RefusalCode } from '../domain/index.js';

/**
 * Binance USD-M's error code for each refusal code, one table both ways: the sandbox answers a
 * refusal of the simulated exchange with Binance's code, and the ccxt adapter reads Binance's
 * code back as the refusal code. A refusal code not in the table is NEW_ORDER_REJECTED (-2010).
 */
export const BINANCE_FUTURES_CODES: Partial<Record<RefusalCode, number>> = {
  'futures.position-mode-positions': -4068,
  'futures.position-mode-orders': -4067,
  'futures.position-mode-same': -4059,
  'futures.margin-mode-position': -4048,
  'futures.margin-mode-orders': -4047,
  'futures.margin-mode-same': -4046,
  'futures.margin-not-isolated': -4049,
  'futures.margin-cross-insufficient': -4050,
  'futures.margin-isolated-insufficient': -4051,
  'futures.margin-no-position': -4054,
  'futures.margin-amount': -4055,
  'futures.leverage': -4028,
  'futures.leverage-tier': -2027,
  'margin.insufficient': -2019,
  // Binance refuses an order that would be liquidated at once for its margin.
  'futures.liquidation': -2019,
  'futures.position-side': -4061,
  'futures.reduce-only': -2022,
  'qty.min-notional': -4164,
  'qty.lot-size': -1111,
  'price.tick-size': -4014,
  'qty.min': -4004,
  'qty.invalid': -4003,
  'market.unknown': -1121,
};

/** The refusal code of Binance USD-M's error `code` (the first in the table that maps to it), if any. */
export function refusalCodeOfBinance(code: number): RefusalCode | undefined {
  return (Object.keys(BINANCE_FUTURES_CODES) as RefusalCode[]).find((c) => BINANCE_FUTURES_CODES[c] === code);
}
