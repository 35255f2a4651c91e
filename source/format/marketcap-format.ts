import type { MarketCapRow } from '../app/marketcap/market-caps.js';
import { decimalsOf } from '../domain/index.js';
import { change, num, share, table } from './format.js';

/** The one line that marks simulated figures, printed once wherever they are shown. */
export const SIMULATED_LABEL = "SIMULATED market caps (price x fixed supply from atapi's simulated market): not real data.";

/** Price decimals without a known tick size: enough significant digits for a coin under $1. */
function fallbackDecimals(price: number): number {
  return price >= 1_000 ? 2 : price >= 1 ? 4 : 6;
}

/**
 * The ranking as text, for the shell and `atapi marketcap --now` alike: one row per coin, each
 * price at its market's tick size, caps in whole dollars, dominance and 24h change as percents
 * (the formatters' convention: +1.23%, never -0.00%).
 */
export function formatRanking(rows: readonly MarketCapRow[], simulated: boolean): string {
  const cells = rows.map((r) => [
    String(r.rank),
    r.symbol,
    Number.isFinite(r.price) ? num(r.price, r.priceStep ? decimalsOf(r.priceStep) : fallbackDecimals(r.price)) : '-',
    num(Math.round(r.marketCap), 0),
    share(r.dominance),
    r.change24h === null ? '-' : change(r.change24h),
  ]);
  const text = table(
    [{ header: 'RANK', align: 'right' }, { header: 'SYMBOL' }, { header: 'PRICE', align: 'right' }, { header: 'MARKET CAP', align: 'right' }, { header: 'DOMINANCE', align: 'right' }, { header: '24H', align: 'right' }],
    cells,
  );
  return simulated ? `${SIMULATED_LABEL}\n${text}` : text;
}

/**
 * The ranking as data. Like `tickers --json`, changes and dominance are fractions (0.0123 is
 * 1.23%); caps are whole dollars.
 */
export function rankingJson(rows: readonly MarketCapRow[], simulated: boolean, source: string): unknown {
  return {
    simulated,
    source,
    rows: rows.map((r) => ({ rank: r.rank, symbol: r.symbol, coin: r.coin, price: r.price, marketCap: Math.round(r.marketCap), supply: Math.round(r.supply), dominance: r.dominance, change24h: r.change24h })),
  };
}
