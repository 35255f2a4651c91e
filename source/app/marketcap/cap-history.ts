import type { CoinGeckoApi } from '../../adapters/coingecko/coingecko-api.js';
import { describeAge } from '../../adapters/coingecko/response-cache.js';
import { hasSimulatedSupply, simulatedCapSeries } from '../../adapters/simulated/sim-market-caps.js';

/** A coin's daily market cap, with where it came from. */
export interface CapHistory {
  readonly series: readonly (readonly [number, number])[];
  readonly simulated: boolean;
  /** For the user: `SIMULATED`, `CoinGecko`, `CoinGecko, cached 2 h ago`, ... */
  readonly source: string;
}

/** How the terminal app gets a coin's market-cap history: injected, so the UI never fetches. */
export type CapHistoryLoader = (coin: string, days: number) => Promise<CapHistory>;

/**
 * The simulated market's history (the simulated exchange, or when nothing better is set up).
 * With `liveCap`, the series is scaled to end at the coin's live market cap, so the chart
 * meets the figure the Market cap pane shows beside it.
 */
export function simulatedCapHistory(now: () => number, liveCap?: (coin: string) => number | undefined): CapHistoryLoader {
  return async (coin, days) => {
    if (!hasSimulatedSupply(coin)) throw new Error(`the simulated market has no market cap for ${coin}`);
    const series = simulatedCapSeries(coin, days, 1, now());
    const live = liveCap?.(coin);
    const last = series[series.length - 1]?.[1];
    const k = live !== undefined && last !== undefined && last > 0 && Number.isFinite(live) && live > 0 ? live / last : 1;
    return { series: k === 1 ? series : series.map(([t, v]) => [t, v * k] as const), simulated: true, source: 'SIMULATED' };
  };
}

/** CoinGecko's daily market caps (cached on disk, stale cache when offline, saying so). */
export function coinGeckoCapHistory(api: CoinGeckoApi): CapHistoryLoader {
  return async (coin, days) => {
    const id = await api.coinId(coin);
    if (!id) throw new Error(`CoinGecko lists no coin ${coin}`);
    const r = await api.history(id, days);
    const notes = [r.cachedAgeMs !== undefined ? `cached, ${describeAge(r.cachedAgeMs)} old` : '', r.limitedTo ? `${r.limitedTo} days at most without a key` : ''].filter(Boolean);
    return { series: r.body, simulated: false, source: `CoinGecko${notes.length ? `, ${notes.join(', ')}` : ''}` };
  };
}
