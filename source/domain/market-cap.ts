/**
 * Circulating supplies by base asset (BTC, ETH, ...), for ranking by market cap: the live
 * price times the supply. `coingecko` figures are real; `simulated` ones belong to the
 * simulated market and are shown as such.
 */
import { compareSymbols } from './symbols.js';

export interface CoinSupplies {
  readonly source: 'coingecko' | 'simulated';
  readonly fetchedAt: number;
  readonly supplies: Readonly<Record<string, number>>;
  /** Why the figures are not fresh or not real (offline, stale cache), for the pane. */
  readonly note?: string;
}

/** Daily market capitalisation by coin: what `atapi marketcap` prints. */
export interface MarketCapTable {
  /** `YYYY-MM-DD`, oldest first. */
  readonly dates: readonly string[];
  /** Column names (exchange symbols such as BTCUSDT): alphabetical, or by rank after rankColumns. */
  readonly symbols: readonly string[];
  /** values[row][column] in whole US dollars; NaN where a coin has no figure that day. */
  readonly values: readonly (readonly number[])[];
  /** True when the figures come from the simulated market, not real data. */
  readonly simulated: boolean;
  /** Where the figures came from, for the user: `CoinGecko`, `cache (3 h old)`, ... */
  readonly source: string;
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Builds a table from per-symbol daily series, aligning on dates (last value per day wins). */
export function tableFromSeries(series: Readonly<Record<string, readonly (readonly [number, number])[]>>, days: number, simulated: boolean, source: string): MarketCapTable {
  const symbols = Object.keys(series).sort();
  const byDate = new Map<string, Map<string, number>>();
  for (const s of symbols) {
    for (const [ms, value] of series[s]) {
      const d = isoDate(ms);
      let row = byDate.get(d);
      if (!row) byDate.set(d, (row = new Map()));
      row.set(s, value);
    }
  }
  const dates = [...byDate.keys()].sort().slice(-days);
  const values = dates.map((d) => symbols.map((s) => {
    const v = byDate.get(d)!.get(s);
    return v === undefined ? NaN : Math.round(v);
  }));
  return { dates, symbols, values, simulated, source };
}

/**
 * The columns ordered by the last day's market cap, largest first (coins without a figure that
 * day last), so the table reads like the ranking.
 */
export function rankColumns(t: MarketCapTable): MarketCapTable {
  const last = t.values[t.values.length - 1] ?? [];
  const cap = (c: number): number => (Number.isNaN(last[c]) || last[c] === undefined ? -Infinity : last[c]);
  const order = t.symbols.map((_, c) => c).sort((a, b) => cap(b) - cap(a) || compareSymbols(t.symbols[a], t.symbols[b]));
  return { ...t, symbols: order.map((c) => t.symbols[c]), values: t.values.map((row) => order.map((c) => row[c])) };
}
