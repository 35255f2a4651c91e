import type { CcxtExchange, CcxtMarket, CcxtTicker } from './ccxt-client.js';

/**
 * The part of ccxt's `binanceusdm` atapi's futures venue uses, beyond the spot calls: kept
 * apart from ccxt-client.ts so the two market types change independently.
 */
export interface CcxtFuturesExchange extends CcxtExchange {
  setLeverage(leverage: number, symbol: string, params?: Record<string, unknown>): Promise<unknown>;
  setMarginMode(marginMode: string, symbol: string, params?: Record<string, unknown>): Promise<unknown>;
  setPositionMode(hedged: boolean, symbol?: string, params?: Record<string, unknown>): Promise<unknown>;
  fetchPositionMode?(symbol?: string): Promise<{ hedged?: boolean }>;
  /** Binance's position risk (`GET /fapi/v3/positionRisk`), one row per symbol and side. */
  fetchPositions(symbols?: string[], params?: Record<string, unknown>): Promise<CcxtPosition[]>;
  /** Leverage and margin mode per symbol (`GET /fapi/v1/symbolConfig`). */
  fetchLeverages?(symbols?: string[]): Promise<Record<string, CcxtLeverage>>;
  fetchLeverageTiers(symbols?: string[]): Promise<Record<string, CcxtLeverageTier[]>>;
  /** `GET /fapi/v1/premiumIndex`: mark, index, funding rate and the next funding time. */
  fetchFundingRates(symbols?: string[]): Promise<Record<string, CcxtFundingRate>>;
  /** `GET /fapi/v1/income?incomeType=FUNDING_FEE`. */
  fetchFundingHistory(symbol?: string, since?: number, limit?: number, params?: Record<string, unknown>): Promise<CcxtIncome[]>;
  /** `GET /fapi/v1/fundingRate`: the rate (and mark) of each past funding time. */
  fetchFundingRateHistory?(symbol?: string, since?: number, limit?: number): Promise<CcxtFundingRate[]>;
  /** The `markPriceUpdate` stream: tickers with `markPrice`, `indexPrice`, and `info.r`/`info.T`. */
  watchMarkPrices?(symbols?: string[]): Promise<Record<string, CcxtMarkTicker>>;
}

export interface CcxtSwapMarket extends CcxtMarket {
  swap?: boolean;
  linear?: boolean;
  settle?: string;
  contractSize?: number;
}

export interface CcxtMarkTicker extends CcxtTicker {
  markPrice?: number;
  indexPrice?: number;
  info?: Record<string, unknown>;
}

export interface CcxtFundingRate {
  symbol: string;
  markPrice?: number;
  indexPrice?: number;
  fundingRate?: number;
  /** On premiumIndex, the next funding time; on the rate history, the time it was paid at. */
  fundingTimestamp?: number;
  timestamp?: number;
  info?: Record<string, unknown>;
}

export interface CcxtIncome {
  id?: string;
  symbol?: string;
  code?: string;
  timestamp?: number;
  amount?: number;
  info?: Record<string, unknown>;
}

export interface CcxtLeverageTier {
  tier?: number;
  minNotional?: number;
  maxNotional?: number;
  maintenanceMarginRate?: number;
  maxLeverage?: number;
  info?: Record<string, unknown>;
}

export interface CcxtLeverage {
  symbol: string;
  marginMode?: string;
  longLeverage?: number;
  shortLeverage?: number;
}

export interface CcxtPosition {
  symbol: string;
  side?: string;
  contracts?: number;
  entryPrice?: number;
  leverage?: number;
  marginMode?: string;
  /** Binance's row: positionAmt, positionSide, entryPrice, isolatedWallet, marginType, leverage. */
  info?: Record<string, unknown>;
}
