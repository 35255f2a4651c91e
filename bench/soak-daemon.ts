/**
 * The soak's daemon (started by bench/soak.ts as its own process, so its memory is only the
 * daemon's): `node --expose-gc --import tsx bench/soak-daemon.ts DATA_DIR TICK_MS SAMPLE_MS`.
 * Runs the daemon the way `atapi daemon run` does on the simulated exchange, with its market
 * ticking every TICK_MS, starts 5 sma strategies on 1m candles, and prints one JSON line
 * `{ t, rssMB, heapMB }` every SAMPLE_MS (heap after a full collection) until SIGTERM.
 */
import { runDaemon } from '../source/app/daemon/run-daemon.js';

const [dir, tickArg, sampleArg] = process.argv.slice(2);
const tickMs = Number(tickArg ?? 20);
const sampleMs = Number(sampleArg ?? 5_000);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

await runDaemon(
  { exchange: 'sim', seed: 7, dataDir: dir },
  { env: process.env, stderr: process.stderr },
  {
    tickMs,
    apiPort: null,
    onReady: (handle) =>
      void (async () => {
        const symbols = handle.session.tickers().map((t) => t.symbol).filter((s) => !s.includes(':')).slice(0, 5);
        for (const symbol of symbols) await handle.session.startStrategy({ strategy: 'sma', symbol, size: '50USDT', params: { fast: 2, slow: 3 } });
        const t0 = Date.now();
        const sample = (): void => {
          gc();
          const m = process.memoryUsage();
          process.stdout.write(`${JSON.stringify({ t: Math.round((Date.now() - t0) / 1000), rssMB: mb(m.rss), heapMB: mb(m.heapUsed), strategies: symbols.length })}\n`);
        };
        sample();
        setInterval(sample, sampleMs).unref();
      })(),
  },
);
