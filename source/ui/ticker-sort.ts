import { change24h, type Ticker } from '../domain/index.js';

/** Orders the Tickers pane can be sorted in; `o` on the pane steps through them. */
export type TickerSort = 'symbol' | 'gainers' | 'losers' | 'volume';
export const TICKER_SORTS: readonly TickerSort[] = ['symbol', 'gainers', 'losers', 'volume'];

/** The column a sort is by, and the arrow its header gets. */
export const TICKER_SORT_COLUMN: Readonly<Record<TickerSort, { readonly header: string; readonly arrow: string }>> = {
  symbol: { header: 'SYMBOL', arrow: '' },
  gainers: { header: '24H', arrow: '▼' },
  losers: { header: '24H', arrow: '▲' },
  volume: { header: 'VOLUME', arrow: '▼' },
};

/**
 * The symbols in the chosen order. Volume compares the 24h turnover in the quote currency
 * (base volume times last price): base volumes of different coins do not compare. Symbols
 * without a ticker yet go last; ties keep alphabetical order so rows do not swap at random.
 */
export function sortTickerSymbols(symbols: readonly string[], tickerOf: (symbol: string) => Ticker | undefined, sort: TickerSort): readonly string[] {
  const alphabetical = [...symbols].sort();
  if (sort === 'symbol') return alphabetical;
  const value = (s: string): number => {
    const t = tickerOf(s);
    if (!t) return Number.NEGATIVE_INFINITY;
    const v = sort === 'volume' ? t.volume24h * t.last : sort === 'gainers' ? change24h(t) : -change24h(t);
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  };
  const keyed = alphabetical.map((s) => ({ s, v: value(s) }));
  keyed.sort((a, b) => (b.v === a.v ? 0 : b.v > a.v ? 1 : -1));
  return keyed.map((k) => k.s);
}
