import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLedger, LOG_FILE, SNAPSHOT_EVERY, SNAPSHOT_FILE } from '../source/adapters/storage/ledger-files.js';
import { encodeBatch } from '../source/adapters/storage/record-codec.js';
import type { DomainEvent } from '../source/domain/index.js';
import { createStore } from '../source/store/index.js';
import { mixedStream } from '../test/helpers/fixtures.js';

const here = path.dirname(fileURLToPath(import.meta.url));
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
  return { 'fold.tickerEventsPerSec.batch1000': Math.round(n / (ms / 1000)), 'fold.tickerEventsPerSec.single': Math.round(m / (ms1 / 1000)), ...benchCandleTicks() };
}

/**
 * 200 markets with a day of 1m candles each (1,440), then batches of one tick of each market's
 * newest candle, as a venue streams them: candle events folded per second. A tick replaces the
 * newest candle; before it was kept apart (`MarketState.candleTips`), each batch copied every
 * touched series.
 */
export function benchCandleTicks(batches = 2_000, symbols = 200): Record<string, number> {
  const candle = (i: number, t: number, c: number): DomainEvent => ({ type: 'market/candle', data: { venue: 'sim', symbol: `S${i}/USDT`, timeframe: '1m', candle: { t, o: c, h: c, l: c, c, v: 1 }, closed: false } });
  const store = createStore({ clock: () => 0 });
  const history: DomainEvent[] = [];
  for (let i = 0; i < symbols; i++) for (let k = 0; k < 1_440; k++) history.push(candle(i, k * 60_000, 100 + k));
  store.dispatch(history);
  const ticks = Array.from({ length: symbols }, (_, i) => candle(i, 1_439 * 60_000, 101));
  (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) store.dispatch(ticks);
  const ms = performance.now() - t0;
  void store.close();
  return { 'fold.candleTicksPerSec.200x1440': Math.round((batches * symbols) / (ms / 1000)) };
}

/**
 * Writes a log of `n` ledger events, one event per record (the worst case: a record is one
 * dispatched batch, and real batches often hold several), and times cold starts, each in a
 * process of its own (bench/open-ledger.ts), as a start is: replaying all of it, and from a
 * snapshot taken `tail` events before the end, for 50,000 (the interval before issue 27) and
 * for the snapshot interval (SNAPSHOT_EVERY: a start's worst case).
 */
export async function benchReplay(n = 1_000_000, tails: readonly number[] = [50_000, SNAPSHOT_EVERY]): Promise<Record<string, number>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-bench-replay-'));
  const file = path.join(dir, LOG_FILE);
  const snapshots = await writeReplayLog(dir, n, tails);
  const bytes = fs.statSync(file).size;
  const figures: Record<string, number> = { 'replay.events': n, 'replay.logMB': Math.round(bytes / 1e6) };
  try {
    // Each figure is the median of REPLAY_RUNS cold starts (see below).
    const runs = Math.max(1, Number(process.env.REPLAY_RUNS ?? 5));
    for (const tail of tails) {
      fs.copyFileSync(snapshots.get(tail)!, path.join(dir, SNAPSHOT_FILE));
      const starts = Array.from({ length: runs }, () => openInChild(dir));
      figures[`replay.snapshotPlus${tail / 1000}kTailMs`] = median(starts.map((r) => r.ms));
      figures[`replay.snapshotPlus${tail / 1000}kTailCpuMs`] = median(starts.map((r) => r.cpuMs));
    }
    fs.rmSync(path.join(dir, SNAPSHOT_FILE));
    // The full replay, likewise the median of REPLAY_RUNS cold starts (5 by default): on this
    // shared machine one start's wall time swings by a fifth from one second to the next
    // (620-720 ms in five runs of a quiet minute), so one run says little. CPU time beside
    // wall time: wall also measures the neighbours. REPLAY_BASELINE=/another/checkout: that code's full replay of the same log,
    // alternated with this one's (a ratio from the same minutes says more than two absolutes
    // from different ones).
    const baseline = process.env.REPLAY_BASELINE;
    const ours: { ms: number; cpuMs: number }[] = [];
    const theirs: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < runs; i++) {
      ours.push(openInChild(dir));
      if (baseline) theirs.push(openInChild(dir, baseline));
    }
    const ms = (starts: { ms: number }[]): number => median(starts.map((r) => r.ms));
    const cpu = (starts: { cpuMs: number }[]): number => median(starts.map((r) => r.cpuMs));
    figures['replay.fullRuns'] = ours.length;
    figures['replay.fullMs'] = ms(ours);
    figures['replay.fullMsMin'] = Math.min(...ours.map((r) => r.ms));
    figures['replay.fullMsMax'] = Math.max(...ours.map((r) => r.ms));
    figures['replay.fullCpuMs'] = cpu(ours);
    figures['replay.fullEventsPerSec'] = Math.round(n / (ms(ours) / 1000));
    if (baseline) {
      figures['replay.baseline.fullMs'] = ms(theirs);
      figures['replay.fullVsBaseline'] = Math.round((ms(ours) / ms(theirs)) * 100) / 100;
      figures['replay.baseline.fullCpuMs'] = cpu(theirs);
      figures['replay.fullCpuVsBaseline'] = Math.round((cpu(ours) / cpu(theirs)) * 100) / 100;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A cold open of the ledger in `dir` by a new process (of the code of checkout `root`): its wall and CPU time (ms). */
function openInChild(dir: string, root = path.join(here, '..')): { ms: number; cpuMs: number; events: number } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'open-ledger.ts'), dir], { encoding: 'utf8', cwd: root });
  return JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number; cpuMs: number; events: number };
}

/**
 * The bench log: `n` ledger events, and a snapshot taken `tail` events before the end for each
 * of `tails`, kept beside the log (the returned files, by tail); the log has none in place.
 */
export async function writeReplayLog(dir: string, n: number, tails: readonly number[] = []): Promise<Map<number, string>> {
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
  const snapshots = new Map<number, string>();
  let at = 0;
  for (const tail of [...tails].sort((a, b) => b - a)) {
    write(at, n - tail);
    at = n - tail;
    const ledger = openLedger(dir);
    ledger.maybeSnapshot(ledger.state, true);
    await ledger.log.close();
    const kept = path.join(dir, `snapshot-${tail}.json`);
    fs.copyFileSync(path.join(dir, SNAPSHOT_FILE), kept);
    snapshots.set(tail, kept);
  }
  fs.rmSync(path.join(dir, SNAPSHOT_FILE), { force: true });
  write(at, n);
  return snapshots;
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
