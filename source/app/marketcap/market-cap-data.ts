import { tableFromSeries, UserError, type MarketCapTable } from '../../domain/index.js';
import { coinGeckoFromEnv } from '../../adapters/coingecko/coingecko-from-env.js';
import { CoinGeckoError } from '../../adapters/coingecko/coingecko-client.js';
import { describeAge } from '../../adapters/coingecko/response-cache.js';
import { hasSimulatedSupply, simulatedBases, simulatedCapSeries } from '../../adapters/simulated/sim-market-caps.js';
import { rankByCap, simulatedTickSize, type CoinCap, type MarketCapRow } from './market-caps.js';

/**
 * Where the market-cap figures of `atapi marketcap` and the shell's `marketcap` come from:
 * CoinGecko, or the simulated market (asked for, or offline with nothing cached). Only data
 * here; the CLI and the shell format it (format/dataframe-format.ts, format/marketcap-format.ts).
 */

/** A coin as the user named it: `BTCUSDT` and its base `BTC`. */
export interface CoinRef {
  readonly name: string;
  readonly base: string;
}

/** What fetching needs from outside: configuration, and where progress and notes go. */
export interface CapDataIO {
  readonly env: NodeJS.ProcessEnv;
  readonly dataDir: string;
  /** A progress line, replaced by the next; `done` clears it. */
  progress(text: string): void;
  done(): void;
  /** Something the user should know: a stale cache, an API limit, why figures are simulated. */
  note(text: string): void;
}

/** Where figures come from, as `simulated`/`market` below: the simulated market's caps, asked for or as fallback. */
export interface CapChoice {
  /** Simulated figures asked for (--exchange sim, or the shell on the simulated exchange). */
  readonly sim: boolean;
  readonly seed: number;
  /** The simulated market's caps (live in the shell), read only when simulated figures are shown. */
  readonly market: () => readonly CoinCap[];
}

function assertSimulated(symbols: readonly CoinRef[]): void {
  const missing = symbols.filter((s) => !hasSimulatedSupply(s.base));
  if (missing.length) throw new UserError(`no simulated market cap for ${missing.map((m) => m.name).join(', ')}: the simulated market has ${simulatedBases().join(', ')}`);
}

/** Simulated history that ends today at the simulated market's price, so today's row is the ranking's. */
export function simulatedCapTable(symbols: readonly CoinRef[], days: number, seed: number, why: string, market: readonly CoinCap[], now = Date.now()): MarketCapTable {
  assertSimulated(symbols);
  const priceOf = (base: string): number | undefined => market.find((c) => c.coin === base)?.price;
  return tableFromSeries(Object.fromEntries(symbols.map((s) => [s.name, simulatedCapSeries(s.base, days, seed, now, priceOf(s.base))])), days, true, `Source: ${why}.`);
}

/** Daily caps: CoinGecko's history (cached), or simulated ones when asked for or offline with nothing cached. */
export async function capTable(symbols: readonly CoinRef[], days: number, choice: CapChoice, io: CapDataIO): Promise<MarketCapTable> {
  if (choice.sim) return simulatedCapTable(symbols, days, choice.seed, 'the simulated market (--exchange sim)', choice.market());
  const api = coinGeckoFromEnv(io.env, io.dataDir, io.progress);
  const series: Record<string, [number, number][]> = {};
  const notes = new Set<string>();
  let oldest = 0;
  try {
    for (const [i, s] of symbols.entries()) {
      io.progress(`fetching market caps ${i + 1}/${symbols.length} ${s.name}…`);
      const id = await api.coinId(s.base);
      if (!id) throw new UserError(`unknown coin ${s.base} (${s.name}): CoinGecko lists no coin with that symbol`);
      const h = await api.history(id, days);
      if (h.limitedTo) notes.add(`CoinGecko's public API serves ${h.limitedTo} days of history; set ATAPI_COINGECKO_API_KEY for more.`);
      if (h.staleBecause) notes.add(h.staleBecause);
      if (h.cachedAgeMs !== undefined) oldest = Math.max(oldest, h.cachedAgeMs);
      series[s.name] = h.body;
    }
  } catch (err) {
    io.done();
    if (err instanceof CoinGeckoError && err.kind === 'network') {
      return simulatedCapTable(symbols, days, choice.seed, `${err.message} and nothing cached; showing simulated figures`, choice.market());
    }
    if (err instanceof CoinGeckoError) throw new UserError(err.message);
    throw err;
  }
  io.done();
  for (const n of notes) io.note(n);
  const source = oldest > 0 ? `CoinGecko (cached, ${describeAge(oldest)} old)` : 'CoinGecko';
  return tableFromSeries(series, days, false, source);
}

/** The current ranking of some coins, with whether it is simulated and where it comes from. */
export interface CapRanking {
  readonly rows: readonly MarketCapRow[];
  readonly simulated: boolean;
  readonly source: string;
}

/**
 * The current ranking: from `live` caps when they cover every coin (the session's, as the
 * pane ranks them), else CoinGecko's markets, else (asked for, or offline) the simulated market.
 */
export async function capRanking(symbols: readonly CoinRef[], choice: CapChoice, io: CapDataIO, live?: { readonly caps: readonly CoinCap[]; readonly source: string }): Promise<CapRanking> {
  const pick = (all: readonly CoinCap[]): CoinCap[] => symbols.flatMap((s) => all.filter((c) => c.coin === s.base).map((c) => ({ ...c, symbol: s.name })));
  if (live && symbols.every((s) => live.caps.some((c) => c.coin === s.base))) return { rows: rankByCap(pick(live.caps)), simulated: false, source: live.source };
  if (!choice.sim) {
    const api = coinGeckoFromEnv(io.env, io.dataDir);
    try {
      const ids = new Map<string, CoinRef>();
      for (const s of symbols) {
        const id = await api.coinId(s.base);
        if (!id) throw new UserError(`unknown coin ${s.base} (${s.name}): CoinGecko lists no coin with that symbol`);
        ids.set(id, s);
      }
      const m = await api.markets([...ids.keys()]);
      if (m.staleBecause) io.note(m.staleBecause);
      const caps = m.body.filter((c) => ids.has(c.id)).map((c): CoinCap => {
        const s = ids.get(c.id)!;
        const pct = c.price_change_percentage_24h;
        // CoinGecko gives the change in percent; atapi's data keeps fractions.
        return { symbol: s.name, coin: s.base, price: c.current_price, marketCap: c.market_cap, supply: c.circulating_supply ?? 0, change24h: pct === null || pct === undefined ? null : pct / 100, priceStep: simulatedTickSize(s.base) };
      });
      return { rows: rankByCap(caps), simulated: false, source: 'CoinGecko' };
    } catch (err) {
      if (!(err instanceof CoinGeckoError && err.kind === 'network')) throw err instanceof CoinGeckoError ? new UserError(err.message) : err;
      io.note(`${err.message}; showing simulated figures`);
    }
  }
  assertSimulated(symbols);
  return { rows: rankByCap(pick(choice.market())), simulated: true, source: 'the simulated market' };
}
