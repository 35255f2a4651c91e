import { CoinGeckoClient, CoinGeckoError, type Fetched } from './coingecko-client.js';
export type { Fetched };
import { COIN_IDS } from './coin-ids.js';

type Point = [number, number];
const isChart = (b: unknown): b is { market_caps: Point[] } =>
  typeof b === 'object' && b !== null && Array.isArray((b as { market_caps?: unknown }).market_caps) && (b as { market_caps: unknown[] }).market_caps.every((p) => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number');
const isSearch = (b: unknown): b is { coins: { id: string; symbol: string; market_cap_rank: number | null }[] } =>
  typeof b === 'object' && b !== null && Array.isArray((b as { coins?: unknown }).coins);

export interface CoinMarket {
  readonly id: string;
  readonly symbol: string;
  readonly current_price: number;
  readonly market_cap: number;
  readonly market_cap_rank: number | null;
  readonly circulating_supply: number | null;
  readonly price_change_percentage_24h: number | null;
}
const isMarkets = (b: unknown): b is CoinMarket[] =>
  Array.isArray(b) && b.every((m) => typeof m === 'object' && m !== null && typeof (m as CoinMarket).id === 'string' && typeof (m as CoinMarket).market_cap === 'number');

export const PUBLIC_HISTORY_DAYS = 365;

/** CoinGecko's `error_code` for a range beyond what the plan serves ("exceeds the allowed time range"). */
const TIME_RANGE_EXCEEDED = 10012;

const HOUR = 3_600_000;

/** The calls `marketcap` needs, on top of the client. */
export class CoinGeckoApi {
  constructor(readonly client: CoinGeckoClient, private readonly hasKey: boolean) {}

  /** Coin id for an exchange base asset: the table first, then CoinGecko's search. */
  async coinId(base: string): Promise<string | undefined> {
    const known = COIN_IDS[base];
    if (known) return known;
    const r = await this.client.get(`/search?query=${encodeURIComponent(base.toLowerCase())}`, 7 * 24 * HOUR, isSearch);
    const matches = r.body.coins.filter((c) => c.symbol.toUpperCase() === base);
    matches.sort((a, b) => (a.market_cap_rank ?? 1e9) - (b.market_cap_rank ?? 1e9));
    return matches[0]?.id;
  }

  /** Current price, market cap, circulating supply and 24h change of the given coins. */
  async markets(ids: readonly string[]): Promise<Fetched<CoinMarket[]>> {
    return this.client.get(`/coins/markets?vs_currency=usd&ids=${ids.map(encodeURIComponent).join(',')}&order=market_cap_desc&per_page=250&page=1`, 5 * 60_000, isMarkets);
  }

  /**
   * Daily market caps of one coin. Without a key the public API serves at most 365 days:
   * ask for that much and say so, rather than fail.
   */
  async history(id: string, days: number): Promise<Fetched<Point[]> & { limitedTo?: number }> {
    const want = !this.hasKey && days > PUBLIC_HISTORY_DAYS ? PUBLIC_HISTORY_DAYS : days;
    try {
      const r = await this.client.get(`/coins/${encodeURIComponent(id)}/market_chart?vs_currency=usd&days=${want}&interval=daily`, 6 * HOUR, isChart);
      return { ...r, body: r.body.market_caps, limitedTo: want < days ? want : undefined };
    } catch (err) {
      if (err instanceof CoinGeckoError && err.apiCode === TIME_RANGE_EXCEEDED && want > PUBLIC_HISTORY_DAYS) {
        const r = await this.client.get(`/coins/${encodeURIComponent(id)}/market_chart?vs_currency=usd&days=${PUBLIC_HISTORY_DAYS}&interval=daily`, 6 * HOUR, isChart);
        return { ...r, body: r.body.market_caps, limitedTo: PUBLIC_HISTORY_DAYS };
      }
      if (err instanceof CoinGeckoError && err.kind === 'http' && err.status === 404) throw new CoinGeckoError(`CoinGecko has no coin "${id}"`, 'http', 404);
      throw err;
    }
  }
}
