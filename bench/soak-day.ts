/**
 * A day of the daemon's life in about 25 minutes: the session the daemon runs (simulated
 * exchange with perpetuals, 8 instances of every kind on 1m candles, the ledger on disk), on a
 * clock that runs SPEED times faster than the wall's, the market ticking at the default period.
 * What grows with candles, orders, fills and days rather than with wall time shows here: a day's
 * 1,440 candles a series fill up in 24 minutes, a day's orders in as long.
 *
 *   node --expose-gc --import tsx bench/soak-day.ts DATA_DIR [SIM_HOURS=26] [SPEED=60]
 *
 * Prints one JSON line per simulated hour: `{ h, rssMB, heapMB, orders, fills }` (heap after a
 * full collection); with SOAK_SNAPSHOT_HOURS=3,26 it writes a heap snapshot at those hours
 * (into the data directory) to compare by constructor.
 */
import v8 from 'node:v8';
import path from 'node:path';
import { createSession } from '../source/app/session/session.js';

const [dir, hoursArg, speedArg] = process.argv.slice(2);
const hours = Number(hoursArg ?? 26);
const speed = Number(speedArg ?? 60);
const snapshots = new Set((process.env.SOAK_SNAPSHOT_HOURS ?? '').split(',').filter(Boolean).map(Number));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
const realStart = Date.now();
const simStart = realStart;
const clock = (): number => simStart + (Date.now() - realStart) * speed;

const session = await createSession({ dataDir: dir, seed: 7, clock, tickMs: 250, venueConfig: { perpetuals: true } });
const start = (strategy: string, symbol: string, size: string, params: Record<string, number> = {}) => session.startStrategy({ strategy, symbol, size, params });
await start('sma', 'BTC/USDT', '50USDT', { fast: 2, slow: 3 });
await start('rsi', 'ETH/USDT', '50USDT', { period: 5 });
const sol = session.tickers().find((t) => t.symbol === 'SOL/USDT')!.last;
await start('grid', 'SOL/USDT', '20USDT', { lower: Math.round(sol * 0.95), upper: Math.round(sol * 1.05), levels: 11 });
await start('dca', 'XRP/USDT', '20USDT', { every: 300_000 });
await start('sma-ls', 'BTC/USDT:USDT', '100USDT', { fast: 2, slow: 3 });
await start('sma-ls', 'ETH/USDT:USDT', '100USDT', { fast: 3, slow: 5 });
await start('sma', 'DOGE/USDT', '50USDT', { fast: 2, slow: 4 });
await session.startCarry({ symbol: 'BNB/USDT', quoteSize: 200, minApr: 1, policy: { onSingleLeg: 'reverse', priceLimitPercent: 0.5, timeLimitMs: 10_000 } });

const HOUR = 3_600_000;
let h = 0;
const sample = (): void => {
  gc();
  const m = process.memoryUsage();
  const l = session.state().ledger;
  process.stdout.write(`${JSON.stringify({ h, rssMB: mb(m.rss), heapMB: mb(m.heapUsed), orders: l.orderCount, fills: l.fillCount, running: session.strategies().filter((s) => s.status === 'running').length })}\n`);
  if (snapshots.has(h)) v8.writeHeapSnapshot(path.join(dir, `day-h${h}.heapsnapshot`));
};
sample();
await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    if (clock() - simStart < (h + 1) * HOUR) return;
    h++;
    sample();
    if (h >= hours) {
      clearInterval(timer);
      resolve();
    }
  }, 1_000);
});
await session.close();
