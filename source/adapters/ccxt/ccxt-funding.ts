import type { PositionMode, PositionSide } from '../../domain/index.js';
import type { CcxtFundingRate, CcxtFuturesExchange, CcxtIncome } from './ccxt-futures-client.js';

/** The rate and mark of one funding time, where the exchange gives them. */
export interface FundingAt {
  readonly fundingRate?: number;
  readonly markPrice?: number;
}

/**
 * The rate and mark of each income row's funding time (Binance's funding-rate history), keyed
 * `symbol:time`. Binance stamps the income a few milliseconds off the funding time: the
 * nearest within a minute. Rows whose history cannot be had are left out (the caller falls
 * back on the last mark).
 */
export async function fundingRatesAt(x: CcxtFuturesExchange, rows: readonly CcxtIncome[]): Promise<Map<string, FundingAt>> {
  const out = new Map<string, FundingAt>();
  if (!x.fetchFundingRateHistory) return out;
  for (const symbol of new Set(rows.map((r) => r.symbol!))) {
    const times = rows.filter((r) => r.symbol === symbol).map((r) => r.timestamp!);
    const history: CcxtFundingRate[] = await x.fetchFundingRateHistory(symbol, Math.min(...times) - 60_000, 100).catch(() => []);
    for (const t of times) {
      const near = history.filter((h) => Number.isFinite(h.timestamp) && Math.abs(h.timestamp! - t) <= 60_000).sort((a, b) => Math.abs(a.timestamp! - t) - Math.abs(b.timestamp! - t))[0];
      if (near) out.set(`${symbol}:${t}`, { fundingRate: near.fundingRate, markPrice: Number(near.info?.markPrice) || near.markPrice });
    }
  }
  return out;
}

/**
 * Which position a payment was on: the income record does not say. One-way: BOTH. Hedge: the
 * one open, or with both (or neither) open, the one the sign fits (a positive rate: longs pay).
 */
export function fundingSide(mode: PositionMode, open: readonly ('LONG' | 'SHORT')[], amount: number, rate: number): PositionSide {
  if (mode === 'one-way') return 'BOTH';
  if (open.length === 1) return open[0];
  const longPays = rate >= 0;
  return (amount < 0) === longPays ? 'LONG' : 'SHORT';
}
