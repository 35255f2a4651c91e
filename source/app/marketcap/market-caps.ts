import { change24h, compareSymbols, type VenueId } from '../../domain/index.js';
import { describeAge } from '../../adapters/coingecko/response-cache.js';
import { readMarket, simPricesFile, simSeed, type KeptMarket } from '../../adapters/simulated/sim-state.js';
import { ledgerDirOf } from '../session/session-ledger.js';
import { SimMarket } from '../../adapters/simulated/sim-market.js';
import { SIM_ASSETS } from '../../adapters/simulated/sim-assets.js';
import { applyEvents, initialState, selectInstrument, selectTickers, type State } from '../../store/index.js';

/**
 * The one market-cap service: the Market cap pane, the shell's `marketcap` and the one-shot
 * `atapi marketcap` rank coins here and only format the result, so they cannot disagree.
 * Changes and dominance are fractions (0.0123 is 1.23%), as everywhere in atapi's data
 * (`tickers --json` included); only the formatters turn them into percents.
 */

/** One coin as a source reports it, before ranking. */
export interface CoinCap {
  /** As the caller names markets: `BTC/USDT` (live), `BTCUSDT` (the CLI's symbols). */
  readonly symbol: string;
  readonly coin: string;
  readonly price: number;
  readonly marketCap: number;
  readonly supply: number;
  /** 24h change as a fraction; null when the source does not say. */
  readonly change24h: number | null;
  /** The market's tick size when known, so the price is shown at the market's precision. */
  readonly priceStep?: number;
}

export interface MarketCapRow extends CoinCap {
  /** 1 = largest market cap among the coins ranked. */
  readonly rank: number;
  /** Share of the ranked coins' total market cap, a fraction. */
  readonly dominance: number;
}

export type MarketCapSort = 'cap' | 'change' | 'price' | 'name';
export const MARKET_CAP_SORTS: readonly MarketCapSort[] = ['cap', 'change', 'price', 'name'];

/** Ranks coins by market cap and gives each its dominance; then orders them by `sort`. */
export function rankByCap(coins: readonly CoinCap[], sort: MarketCapSort = 'cap'): MarketCapRow[] {
  const total = coins.reduce((s, r) => s + r.marketCap, 0);
  const ranked = [...coins].sort((a, b) => b.marketCap - a.marketCap || compareSymbols(a.coin, b.coin)).map((r, i) => ({ ...r, rank: i + 1, dominance: total > 0 ? r.marketCap / total : 0 }));
  const by: Record<MarketCapSort, (a: MarketCapRow, b: MarketCapRow) => number> = {
    cap: (a, b) => a.rank - b.rank,
    change: (a, b) => (b.change24h ?? -Infinity) - (a.change24h ?? -Infinity) || a.rank - b.rank,
    price: (a, b) => b.price - a.price,
    name: (a, b) => compareSymbols(a.coin, b.coin),
  };
  return ranked.sort(by[sort]);
}

/** The simulated market's tick size of a coin (Binance's), for prices from elsewhere (CoinGecko). */
export function simulatedTickSize(base: string): number | undefined {
  return SIM_ASSETS.find((a) => a.base === base)?.tickSize;
}

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
 * Every USDT market of the venue with a known supply, at its live price. A futures venue
 * (binanceusdm) has no spot markets: there a coin's USDT perpetual stands in for it.
 */
export function liveCoinCaps(state: State, venue: VenueId): CoinCap[] {
  const table = supplies(state);
  const tickers = selectTickers(state, venue);
  const spot = new Set(tickers.filter((t) => t.symbol.endsWith('/USDT')).map((t) => t.symbol.slice(0, -5)));
  return tickers.flatMap((t) => {
    const perp = t.symbol.endsWith('/USDT:USDT');
    if (!perp && !t.symbol.endsWith('/USDT')) return [];
    const coin = t.symbol.slice(0, t.symbol.indexOf('/'));
    if (perp && spot.has(coin)) return [];
    const supply = supplyOf(table, coin);
    const priceStep = selectInstrument(state, venue, t.symbol)?.tickSize ?? simulatedTickSize(coin);
    return supply === undefined ? [] : [{ symbol: t.symbol, coin, price: t.last, marketCap: t.last * supply, supply, change24h: change24h(t), priceStep }];
  });
}

/**
 * Live ranking from the venue's USDT tickers times each coin's circulating supply: CoinGecko's
 * once fetched, else the simulated market's fixed figures (which whoever shows them labels
 * SIMULATED, see marketCapSource).
 */
export function marketCapRows(state: State, venue: VenueId, sort: MarketCapSort = 'cap'): MarketCapRow[] {
  return rankByCap(liveCoinCaps(state, venue), sort);
}

/**
 * The simulated market as `atapi tickers --exchange sim --seed N` starts it (at the prices it
 * last stopped at, `resume`, as a data directory keeps them), for the one-shot `atapi marketcap`, which opens no session: its ranking and its
 * daily table end at these prices, the same the pane and the shell rank live.
 */
export function simulatedMarketCaps(seed: number, now: number, resume?: KeptMarket): CoinCap[] {
  const market = new SimMarket('sim', SIM_ASSETS, seed, now, resume);
  const events = market.snapshotEvents();
  const state = applyEvents(initialState(), events.map((event, i) => ({ seq: i + 1, ts: now, event })));
  return liveCoinCaps(state, 'sim');
}

/**
 * The simulated market of a data directory, as the next session on it starts: the seed kept
 * there (or `seed`, as `--seed` gives it; a fresh one is kept at first use) and the market as
 * it was kept there (its prices, and its 24h figures under the seed that drew them). `atapi marketcap --now` ranks this, so it agrees with `atapi tickers`.
 */
export function dataDirMarketCaps(dataDir: string, seed: number | undefined, now: number): CoinCap[] {
  return simulatedMarketCaps(seed ?? dataDirSimSeed(dataDir, now), now, readMarket(simPricesFile(ledgerDirOf(dataDir, 'sim', 'paper'))));
}

/** The seed of a data directory's simulated market (kept there from its first use). */
export function dataDirSimSeed(dataDir: string, now: number): number {
  return simSeed(ledgerDirOf(dataDir, 'sim', 'paper'), () => now % 2_147_483_647);
}
