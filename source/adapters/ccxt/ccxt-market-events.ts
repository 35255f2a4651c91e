import type { DomainEvent, Instrument, Timeframe, VenueId } from '../../domain/index.js';
import type { CcxtMarket, CcxtTicker } from './ccxt-client.js';

/**
 * ccxt's market data as store events: pure conversions, each refusing what does not parse
 * (a garbled frame must never become a price). The venue adapter streams and emits them.
 */

export type OhlcvRow = readonly number[];

export interface CcxtBookLike {
  bids: [number, number][];
  asks: [number, number][];
  timestamp?: number;
}

export function instrumentOf(venue: VenueId, m: CcxtMarket): Instrument {
  return { venue, symbol: m.symbol, base: m.base, quote: m.quote, kind: 'spot', tickSize: m.precision.price ?? 1e-8, lotSize: m.precision.amount ?? 1e-8, minQty: m.limits.amount?.min ?? m.precision.amount ?? 1e-8, minNotional: m.limits.cost?.min ?? 0 };
}

const saneRows = (rows: unknown): rows is OhlcvRow[] => Array.isArray(rows) && rows.every((r) => Array.isArray(r) && r.length >= 6 && r.slice(0, 6).every(Number.isFinite));

/** Tickers of listed markets; a frame without a finite last price is not a price. */
export function tickerEvents(venue: VenueId, tickers: Record<string, CcxtTicker>, listed: ReadonlySet<string>, now: number): DomainEvent[] {
  const events: DomainEvent[] = [];
  for (const t of Object.values(tickers ?? {})) {
    if (!t || typeof t.last !== 'number' || !Number.isFinite(t.last) || !listed.has(t.symbol)) continue;
    events.push({ type: 'market/ticker', data: { venue, symbol: t.symbol, bid: t.bid ?? t.last, ask: t.ask ?? t.last, last: t.last, open24h: t.open ?? t.last, high24h: t.high ?? t.last, low24h: t.low ?? t.last, volume24h: t.baseVolume ?? 0, ts: t.timestamp ?? now } });
  }
  return events;
}

/** 1m candles; all but the newest are closed (a snapshot), the newest may still change. */
export function minuteCandleEvents(venue: VenueId, symbol: string, rows: unknown, snapshot: boolean, now: number): DomainEvent[] {
  if (!saneRows(rows)) return [];
  return rows.map((r, i) => ({
    type: 'market/candle' as const,
    data: { venue, symbol, timeframe: '1m' as const, candle: { t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] }, closed: r[0] + 60_000 <= now && (snapshot || i < rows.length - 1) },
  }));
}

/** Closed candles of `timeframe` from buckets before `before` (where the 1m history starts). */
export function historyCandleEvents(venue: VenueId, symbol: string, timeframe: Timeframe, rows: unknown, before: number): DomainEvent[] {
  if (!saneRows(rows)) return [];
  return rows
    .filter((r) => r[0] < before)
    .map((r) => ({ type: 'market/candle' as const, data: { venue, symbol, timeframe, candle: { t: r[0], o: r[1], h: r[2], l: r[3], c: r[4], v: r[5] }, closed: true } }));
}

/** A book snapshot of the best 20 levels a side, or nothing when a level does not parse. */
export function bookEvents(venue: VenueId, symbol: string, b: CcxtBookLike, now: number): DomainEvent[] {
  const sane = (ls: unknown) => Array.isArray(ls) && ls.every((l) => Array.isArray(l) && Number.isFinite(l[0]) && Number.isFinite(l[1]));
  if (!sane(b?.bids) || !sane(b?.asks)) return [];
  return [{ type: 'market/book', data: { venue, symbol, snapshot: true, bids: b.bids.slice(0, 20).map(([p, q]) => [p, q] as const), asks: b.asks.slice(0, 20).map(([p, q]) => [p, q] as const), ts: b.timestamp ?? now } }];
}
