import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openLedger, LOG_FILE, SNAPSHOT_FILE } from '../source/adapters/storage/ledger-files.js';
import { encodeBatch } from '../source/adapters/storage/record-codec.js';
import type { DomainEvent } from '../source/domain/index.js';
import { createStore } from '../source/store/index.js';
import { mixedStream } from '../test/helpers/fixtures.js';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'BNB/USDT', 'XRP/USDT', 'LTC/USDT', 'TRX/USDT', 'SOL/USDT', 'DOGE/USDT', 'ADA/USDT'];

function tickers(n: number): DomainEvent[] {
  const out: DomainEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const last = 100 + (i % 97);
    out[i] = { type: 'market/ticker', data: { venue: 'sim', symbol: SYMBOLS[i % SYMBOLS.length], bid: last - 0.01, ask: last + 0.01, last, open24h: 100, high24h: 200, low24h: 90, volume24h: i, ts: i } };
  }
  return out;
}

/** Ticker events folded per second through the store's dispatch (stamping, seq, fold, notify). */
export function benchFold(n = 1_000_000, batch = 1_000): Record<string, number> {
  const events = tickers(n);
  const store = createStore({ clock: () => 0 });
  store.subscribe(() => undefined);
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) store.dispatch(events.slice(i, i + batch));
  const ms = performance.now() - t0;
  void store.close();
  // The same events one per dispatch: the worst case of a websocket delivering one by one.
  const store1 = createStore({ clock: () => 0 });
  const m = Math.min(n, 300_000);
  const t1 = performance.now();
  for (let i = 0; i < m; i++) store1.dispatch(events[i]);
  const ms1 = performance.now() - t1;
  void store1.close();
  return { 'fold.tickerEventsPerSec.batch1000': Math.round(n / (ms / 1000)), 'fold.tickerEventsPerSec.single': Math.round(m / (ms1 / 1000)) };
}

/**
 * Writes a log of `n` ledger events, one event per record (the worst case: a record is one
 * dispatched batch, and real batches often hold several), and times cold starts: replaying
 * all of it, and with a snapshot taken `tail` events before the end (the default snapshot
 * interval: the worst case).
 */
export async function benchReplay(n = 1_000_000, tail = 50_000): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-replay-'));
  const file = path.join(dir, LOG_FILE);
  await writeReplayLog(dir, n, tail);
  // The events the log was written from are garbage now: collect them, so the timed starts
  // do not pay for marking a million objects the bench (not atapi) kept alive.
  const gc = (globalThis as { gc?: () => void }).gc;
  const bytes = fs.statSync(file).size;
  gc?.();
  const t1 = performance.now();
  const withSnap = openLedger(dir);
  const msSnap = performance.now() - t1;
  await withSnap.log.close();
  fs.rmSync(path.join(dir, SNAPSHOT_FILE));
  gc?.();
  // CPU time beside wall time: on a shared machine wall time also measures the neighbours.
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const full = openLedger(dir);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  await full.log.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    'replay.events': n,
    'replay.logMB': Math.round(bytes / 1e6),
    'replay.fullMs': Math.round(ms),
    'replay.fullCpuMs': Math.round((cpu.user + cpu.system) / 1000),
    'replay.fullEventsPerSec': Math.round(n / (ms / 1000)),
    [`replay.snapshotPlus${tail / 1000}kTailMs`]: Math.round(msSnap),
  };
}

/** The bench log: `n` ledger events, and a snapshot taken `tail` events before the end (none when 0). */
export async function writeReplayLog(dir: string, n: number, tail: number): Promise<void> {
  // A log holds only ledger events (orders, fills, balances, commands): market data is never logged.
  const events = mixedStream(n * 2).filter((e) => !e.type.startsWith('market/')).slice(0, n);
  const file = path.join(dir, LOG_FILE);
  const write = (from: number, to: number): void => {
    const fd = fs.openSync(file, 'a');
    // Each record chained to the one before (`prev`), as the log writes them.
    for (let i = from; i < to; i += 10_000) {
      const chunk: string[] = [];
      for (let j = i; j < Math.min(to, i + 10_000); j++) chunk.push(encodeBatch([{ seq: j + 1, ts: 1_700_000_000_000 + j, event: events[j] }], j));
      fs.writeSync(fd, chunk.join(''));
    }
    fs.closeSync(fd);
  };
  write(0, n - tail);
  if (tail === 0) return;
  const pre = openLedger(dir);
  pre.maybeSnapshot(pre.state, true);
  await pre.log.close();
  write(n - tail, n);
}

/** Group commit: orders per second through a durable file log with fsync, many in flight. */
export async function benchDurable(n = 20_000): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-durable-'));
  const ledger = openLedger(dir);
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => 0 });
  const events = mixedStream(n).filter((e) => !e.type.startsWith('market/'));
  const t0 = performance.now();
  const waits: Promise<void>[] = [];
  for (const e of events) {
    store.dispatch(e);
    waits.push(store.whenDurable());
  }
  await Promise.all(waits);
  const ms = performance.now() - t0;
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return { 'durable.eventsPerSecWithFsync': Math.round(events.length / (ms / 1000)) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log({ ...benchFold(), ...(await benchReplay()), ...(await benchDurable()) });
}
