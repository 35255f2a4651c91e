import { change24h, type VenueId } from '../domain/index.js';
import { describeAge } from '../adapters/coingecko/response-cache.js';
import { SIM_ASSETS } from '../adapters/simulated/sim-assets.js';
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

const SUPPLY: Readonly<Record<string, number>> = Object.fromEntries(SIM_ASSETS.map((a) => [a.base, a.supply]));

/** Real supplies when they have been fetched (CoinGecko), else the simulated market's. */
function supplies(state: State): Readonly<Record<string, number>> {
  const s = state.market.supplies;
  return s?.source === 'coingecko' ? s.supplies : SUPPLY;
}
const supplyOf = (table: Readonly<Record<string, number>>, base: string): number | undefined => (Object.hasOwn(table, base) ? table[base] : undefined);

/** Where the pane's supplies come from, in a few words: `CoinGecko supply, 4 min old` or `SIMULATED caps`. */
export function marketCapSource(state: State, now: number): { readonly simulated: boolean; readonly label: string } {
  const s = state.market.supplies;
  if (s?.source === 'coingecko') {
    const age = Math.max(0, now - s.fetchedAt);
    return { simulated: false, label: `CoinGecko supply, ${age < 30_000 ? 'fresh' : `${describeAge(age)} old`}${s.note ? ` (${s.note})` : ''}` };
  }
  return { simulated: true, label: `SIMULATED caps${s?.note ? ` (${s.note})` : ''}` };
}

/**
 * Live ranking from the venue's USDT tickers times each coin's circulating supply: CoinGecko's
 * once fetched, else the simulated market's fixed figures (which whoever shows them labels
 * SIMULATED, see marketCapSource).
 */
export function marketCapRows(state: State, venue: VenueId, sort: MarketCapSort = 'cap'): MarketCapRow[] {
  const table = supplies(state);
  const rows = selectTickers(state, venue).flatMap((t) => {
    const coin = t.symbol.slice(0, -5);
    const supply = t.symbol.endsWith('/USDT') ? supplyOf(table, coin) : undefined;
    return supply === undefined ? [] : [{ symbol: t.symbol, coin, price: t.last, marketCap: t.last * supply, change24h: change24h(t) }];
  });
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
