/**
 * `npm run bench -- api` (or `node --import tsx bench/api-latency.ts [seconds] [rate]`): the
 * latency of `GET /api/v1/status` at `rate` requests a second (default 200) for `seconds`
 * (default 10), while the daemon trades: a daemon on the simulated exchange (its own process,
 * started as `atapi daemon start --api-port`), five strategy instances started through the API
 * (fed every tick; on 1m candles they trade only now and then), and a terminal attached over
 * the socket placing a market order 10 times a second (the path strategies' orders take). Requests are sent on a
 * fixed schedule whatever the answers take (open loop), so a stall shows in the tail rather
 * than slowing the load. Prints p50, p99 and the worst, in ms.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachDaemon } from '../source/app/daemon/remote-session.js';
import { socketPathFor } from '../source/app/daemon/daemon-files.js';
import { readToken } from '../source/app/api/api-token.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

export async function runApiLatencyBench(seconds = 10, rate = 200): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-api-'));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), ...args, '--data-dir', dir], { cwd: root, encoding: 'utf8' });
  // A port of the 4xxxx range, tried again if it is taken.
  let port = 0;
  for (let i = 0; i < 5 && !port; i++) {
    const p = 40_000 + Math.floor(Math.random() * 10_000);
    const started = cli('daemon', 'start', '--seed', '7', '--api-port', String(p));
    if (started.status === 0) port = p;
    else if (!/in use/.test(started.stderr)) throw new Error(started.stderr);
  }
  if (!port) throw new Error('no free port for the API');
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const token = readToken(dir, 'api');
  const call = (method: string, p: string, body?: unknown): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : JSON.stringify(body);
      const req = http.request({ host: '127.0.0.1', port, path: p, method, agent, headers: { authorization: `Bearer ${token}`, ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(data);
    });
  const terminal = await attachDaemon(socketPathFor(dir));
  let trading = true;
  let orders = 0;
  try {
    const symbols = terminal.tickers().map((t) => t.symbol).filter((s) => !s.includes(':')).slice(0, 5);
    for (const symbol of symbols) {
      const r = await call('POST', '/api/v1/strategies', { strategy: 'sma', symbol, size: '50USDT', params: { fast: 2, slow: 3 } });
      if (r.status !== 201) throw new Error(`strategy not started: ${r.text}`);
    }
    const trader = (async () => {
      for (let i = 0; trading; i++) {
        const r = await terminal.order({ symbol: 'BTC/USDT', side: i % 2 ? 'sell' : 'buy', type: 'market', qty: 0.001 });
        if (r.ok) orders++;
        await new Promise((res) => setTimeout(res, 100));
      }
    })();
    const latencies: number[] = [];
    let errors = 0;
    const total = seconds * rate;
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = t0 + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((res) => setTimeout(res, wait));
      const sent = performance.now();
      pending.push(
        call('GET', '/api/v1/status').then(
          (r) => {
            if (r.status === 200) latencies.push(performance.now() - sent);
            else errors++;
          },
          () => void errors++,
        ),
      );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - t0) / 1000;
    trading = false;
    await trader;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      requests: total,
      ratePerSecond: Math.round(total / elapsed),
      errors,
      ordersWhileMeasuring: orders,
      statusP50Ms: round(percentile(sorted, 50)),
      statusP99Ms: round(percentile(sorted, 99)),
      statusMaxMs: round(sorted.at(-1) ?? Number.NaN),
    };
  } finally {
    trading = false;
    await terminal.close();
    agent.destroy();
    cli('daemon', 'stop');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await runApiLatencyBench(Number(process.argv[2] ?? 10), Number(process.argv[3] ?? 200)));
