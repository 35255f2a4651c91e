import { change24h, type VenueId } from '../domain/index.js';
import { SIM_ASSETS } from '../adapters/simulated/sim-assets.js';
import { simulatedCapSeries } from '../adapters/simulated/sim-market-caps.js';
import { selectTickers, type State } from '../store/index.js';

export interface MarketCapRow {
  readonly rank: number;
  readonly symbol: string;
  readonly coin: string;
  readonly price: number;
  readonly marketCap: number;
  /** Share of the listed coins' total market cap. */
  readonly dominance: number;
  readonly change24h: number;
}

export type MarketCapSort = 'cap' | 'change' | 'price' | 'name';
export const MARKET_CAP_SORTS: readonly MarketCapSort[] = ['cap', 'change', 'price', 'name'];

const SUPPLY = new Map(SIM_ASSETS.map((a) => [a.base, a.supply]));

/**
 * Live ranking from the venue's USDT tickers times each coin's circulating supply. The
 * supplies are the simulated market's fixed figures, so the result is always labelled
 * SIMULATED by whoever shows it.
 */
export function marketCapRows(state: State, venue: VenueId, sort: MarketCapSort = 'cap'): MarketCapRow[] {
  const rows = selectTickers(state, venue)
    .filter((t) => t.symbol.endsWith('/USDT') && SUPPLY.has(t.symbol.slice(0, -5)))
    .map((t) => ({ symbol: t.symbol, coin: t.symbol.slice(0, -5), price: t.last, marketCap: t.last * SUPPLY.get(t.symbol.slice(0, -5))!, change24h: change24h(t) }));
  const total = rows.reduce((s, r) => s + r.marketCap, 0);
  const ranked = [...rows].sort((a, b) => b.marketCap - a.marketCap).map((r, i) => ({ ...r, rank: i + 1, dominance: total > 0 ? r.marketCap / total : 0 }));
  const by: Record<MarketCapSort, (a: MarketCapRow, b: MarketCapRow) => number> = {
    cap: (a, b) => a.rank - b.rank,
    change: (a, b) => b.change24h - a.change24h,
    price: (a, b) => b.price - a.price,
    name: (a, b) => a.coin.localeCompare(b.coin),
  };
  return ranked.sort(by[sort]);
}

/** A coin's daily market cap over `days` days (simulated supply, so labelled SIMULATED). */
export function marketCapHistory(base: string, days: number, now: number): [number, number][] {
  return simulatedCapSeries(base, days, 1, now);
}
