import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { candleCacheFile, fetchCandlesCached, readCandleCache } from '../../source/adapters/candles/candle-cache.js';
import { fetchCandleRange, type OhlcvSource } from '../../source/adapters/candles/exchange-candles.js';
import { tmpDir } from '../helpers/tmp.js';

const M = 60_000;
const T0 = 1_704_067_200_000;

/** A fake exchange with 1m candles from T0 on, serving at most `max` per call, counting calls. */
function fakeExchange(max = 100): OhlcvSource & { calls: [number | undefined, number | undefined][] } {
  const calls: [number | undefined, number | undefined][] = [];
  return {
    id: 'fake',
    calls,
    async fetchOHLCV(_symbol, _tf, since = T0, limit = 500) {
      calls.push([since, limit]);
      const first = Math.max(T0, Math.ceil((since - T0) / M) * M + T0);
      const n = Math.min(limit, max);
      return Array.from({ length: n }, (_, i) => {
        const t = first + i * M;
        const p = 100 + (t - T0) / M;
        return [t, p, p + 1, p - 1, p + 0.5, 2];
      });
    },
  };
}

test('pages forward from --from, stops at the last closed candle, reports progress', async () => {
  const ex = fakeExchange(100);
  const progress: number[] = [];
  // now is 30 s into the 250th minute: candles 0..248 have closed, the 249th is still open
  const s = await fetchCandleRange(ex, { symbol: 'BTC/USDT', timeframe: '1m', timeframeMs: M, from: T0, to: Infinity, now: T0 + 249 * M + 30_000, pageSize: 100, onProgress: (d) => progress.push(d) });
  assert.equal(s.length, 249);
  assert.equal(s.t[0], T0);
  assert.equal(s.t[248], T0 + 248 * M);
  assert.deepEqual(ex.calls.map((c) => c[0]), [T0, T0 + 100 * M, T0 + 200 * M]);
  assert.deepEqual(progress, [100, 200, 249]);
});

test('an exchange that ignores since (same page again) does not loop forever', async () => {
  const stuck: OhlcvSource = { id: 'stuck', fetchOHLCV: async () => [[T0, 1, 1, 1, 1, 1]] };
  const s = await fetchCandleRange(stuck, { symbol: 'X/Y', timeframe: '1m', timeframeMs: M, from: T0, to: T0 + 10 * M, now: T0 + 100 * M });
  assert.equal(s.length, 1);
});

test('the cache serves a covered span without calls and fetches only the missing tail', async () => {
  const dir = tmpDir();
  const file = candleCacheFile(dir, 'fake', 'BTC/USDT', '1m');
  assert.equal(path.relative(dir, file), path.join('candles', 'fake', 'BTC-USDT-1m.csv'));
  const ex = fakeExchange(100);
  const range = { symbol: 'BTC/USDT', timeframe: '1m', timeframeMs: M, from: T0, to: Infinity, pageSize: 100 };
  const first = await fetchCandlesCached(ex, file, { ...range, now: T0 + 150 * M });
  assert.deepEqual([first.series.length, first.fetched], [150, 150]);
  assert.equal(readCandleCache(file)?.length, 150);
  const calls = ex.calls.length;
  const again = await fetchCandlesCached(ex, file, { ...range, to: T0 + 100 * M, now: T0 + 150 * M });
  assert.deepEqual([again.series.length, again.fetched, again.fromCache], [100, 0, 100]);
  assert.equal(ex.calls.length, calls, 'no request for a cached span');
  const later = await fetchCandlesCached(ex, file, { ...range, now: T0 + 180 * M });
  assert.deepEqual([later.series.length, later.fetched, later.fromCache], [180, 30, 150]);
  assert.equal(ex.calls.at(-1)?.[0], T0 + 150 * M, 'asked only for what the cache lacked');
  assert.equal(readCandleCache(file)?.length, 180);
  assert.equal(later.series.c[179], 100 + 179 + 0.5);
});

test('a damaged cache is ignored and rewritten', async () => {
  const dir = tmpDir();
  const file = candleCacheFile(dir, 'fake', 'ETH/USDT', '1m');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${T0},1,2,0.5,1.5,10\ngarbage\n`);
  const got = await fetchCandlesCached(fakeExchange(), file, { symbol: 'ETH/USDT', timeframe: '1m', timeframeMs: M, from: T0, to: T0 + 10 * M, now: T0 + 100 * M });
  assert.equal(got.fetched, 10);
  assert.equal(readCandleCache(file)?.length, 10);
});
