import { timeframeMs, UserError, type CandleSeries, type Timeframe } from '../domain/index.js';
import { candleCacheFile, fetchCandlesCached, sliceSeries } from '../adapters/candles/candle-cache.js';
import type { OhlcvSource } from '../adapters/candles/exchange-candles.js';
import type { CliIO } from './io.js';

interface CcxtExchange extends OhlcvSource {
  readonly has: Readonly<Record<string, unknown>>;
  readonly timeframes?: Readonly<Record<string, unknown>>;
}

export interface ExchangeCandlesRequest {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  /** The last N closed candles (default 1000 when no --from). */
  readonly candles?: number;
  readonly from?: string;
  readonly to?: string;
}

function parseDate(flag: string, raw: string): number {
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (!Number.isFinite(t)) throw new UserError(`--${flag} must be a date like 2024-01-01 or 2024-01-01T12:00:00Z (got "${raw}")`);
  return t;
}

/** ccxt, loaded only when a real exchange is asked for; the exchange answers no question until fetched from. */
async function openExchange(id: string): Promise<CcxtExchange> {
  const mod = (await import('ccxt')) as unknown as { default: { exchanges: readonly string[] } & Record<string, unknown> };
  const ccxt = mod.default;
  if (!ccxt.exchanges.includes(id)) throw new UserError(`unknown exchange "${id}": use sim or a ccxt id such as binance, bybit, okx, kraken`);
  const Ctor = ccxt[id] as new (config: Record<string, unknown>) => CcxtExchange;
  const ex = new Ctor({ enableRateLimit: true });
  if (!ex.has.fetchOHLCV) throw new UserError(`${id} does not offer candle history through ccxt: download a CSV and pass --data FILE`);
  return ex;
}

/**
 * Candles for a backtest from a real exchange through ccxt `fetchOHLCV`, paged, with progress
 * on stderr, cached under the data directory so a second run over the same span is offline.
 */
export async function fetchExchangeCandles(req: ExchangeCandlesRequest, io: CliIO, now = Date.now()): Promise<{ series: CandleSeries; source: string }> {
  const tfMs = timeframeMs(req.timeframe);
  if (req.candles !== undefined && req.from !== undefined) throw new UserError('choose one of --candles N and --from DATE');
  const from = req.from !== undefined ? parseDate('from', req.from) : now - ((req.candles ?? 1_000) + 1) * tfMs;
  const to = req.to !== undefined ? parseDate('to', req.to) : now;
  if (!(from < to)) throw new UserError(`--from must be before --to (got ${new Date(from).toISOString()} .. ${new Date(to).toISOString()})`);
  const ex = await openExchange(req.exchange);
  if (ex.timeframes && !(req.timeframe in ex.timeframes)) throw new UserError(`${req.exchange} has no ${req.timeframe} candles: use one of ${Object.keys(ex.timeframes).join(' ')}`);
  const file = candleCacheFile(io.dataDir, req.exchange, req.symbol, req.timeframe);
  let lastShown = 0;
  let drew = false;
  const progress = (done: number, expected: number): void => {
    const line = `fetching ${req.symbol} ${req.timeframe} candles from ${req.exchange}: ${done.toLocaleString('en-US')} of ~${expected.toLocaleString('en-US')}`;
    if (io.interactive) {
      io.stderr.write(`\r${line}`);
      drew = true;
    }
    else if (done - lastShown >= 10_000 || done >= expected) {
      io.stderr.write(`${line}\n`);
      lastShown = done;
    }
  };
  let got;
  try {
    got = await fetchCandlesCached(ex, file, { symbol: req.symbol, timeframe: req.timeframe, timeframeMs: tfMs, from, to, now, onProgress: progress });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot fetch ${req.symbol} ${req.timeframe} candles from ${req.exchange}: ${err instanceof Error ? err.message.split('\n')[0].slice(0, 200) : String(err)}`);
  } finally {
    if (drew) io.stderr.write('\n');
  }
  let series = got.series;
  if (req.candles !== undefined || req.from === undefined) {
    const n = req.candles ?? 1_000;
    if (series.length > n) series = sliceSeries(series, series.t[series.length - n], Infinity);
  }
  return { series, source: `${req.exchange} via ccxt (${got.fetched.toLocaleString('en-US')} fetched, the rest from the cache ${file})` };
}
