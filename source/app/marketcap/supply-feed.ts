import type { CoinGeckoApi } from '../../adapters/coingecko/coingecko-api.js';
import { COIN_IDS } from '../../adapters/coingecko/coin-ids.js';
import { describeAge } from '../../adapters/coingecko/response-cache.js';
import type { CoinSupplies } from '../../domain/index.js';
import type { Store } from '../../store/index.js';

export interface SupplyFeedOptions {
  readonly api: CoinGeckoApi;
  readonly store: Store;
  readonly clock: () => number;
  /** How often to fetch again (default 30 min: supplies move slowly, CoinGecko rate-limits). */
  readonly refreshMs?: number;
}

/** One fetch of circulating supplies for the coins in the id table, as a `market/supplies` fact. */
export async function fetchSupplies(api: CoinGeckoApi, clock: () => number): Promise<CoinSupplies> {
  const byId = new Map(Object.entries(COIN_IDS).map(([base, id]) => [id, base]));
  try {
    const r = await api.markets([...byId.keys()]);
    const supplies: Record<string, number> = {};
    for (const m of r.body) {
      const base = byId.get(m.id);
      const supply = m.circulating_supply ?? (m.current_price > 0 ? m.market_cap / m.current_price : 0);
      if (base && Number.isFinite(supply) && supply > 0) supplies[base] = supply;
    }
    const note = r.staleBecause ? `cached, ${describeAge(r.cachedAgeMs ?? 0)} old: ${r.staleBecause}` : undefined;
    return { source: 'coingecko', fetchedAt: clock() - (r.cachedAgeMs ?? 0), supplies, note };
  } catch (err) {
    return { source: 'simulated', fetchedAt: clock(), supplies: {}, note: `CoinGecko unavailable: ${(err as Error).message}` };
  }
}

/**
 * Keeps the market-cap ranking on real supplies: fetches now and every `refreshMs`, and puts
 * each answer into the store. Returns a stop function.
 */
export function startSupplyFeed(o: SupplyFeedOptions): () => void {
  let stopped = false;
  const run = async (): Promise<void> => {
    const data = await fetchSupplies(o.api, o.clock);
    if (!stopped) o.store.dispatch({ type: 'market/supplies', data });
  };
  void run();
  const timer = setInterval(() => void run(), o.refreshMs ?? 30 * 60_000);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
