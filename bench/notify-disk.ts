/**
 * `node --import tsx bench/notify-disk.ts`: what the notifier's disk costs, on a ledger in a
 * temporary directory (the real disk, fsync on).
 * - told after on disk: 200 kill-switch events dispatched one at a time; for each, the time to
 *   the log's fsync (`whenDurable`) and to the channel's send. A send waits for the event's
 *   group commit and no longer: the two are within a fraction of a millisecond.
 * - the cursor's marks: 300 events dispatched 5 ms apart to a channel answering in about 2 ms
 *   (each a batch of its own); how many times the cursor file was written, the time the loop
 *   spent in those writes (each synchronous, synced twice), and the event loop's delay.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createSession } from '../source/app/session/session.js';
import { startNotifier } from '../source/app/notify/notifier.js';
import { openCursor, type Cursor } from '../source/app/notify/notify-cursor.js';
import { levelsFromSettings } from '../source/app/notify/notify-kinds.js';
import type { Channel } from '../source/app/notify/delivery.js';
import { defaultSettings, type DomainEvent } from '../source/domain/index.js';

const levels = levelsFromSettings(defaultSettings());
const haltOrResume = (i: number): DomainEvent => (i % 2 ? { type: 'trading/resumed', data: { source: 'cli', ts: Date.now() } } : { type: 'trading/halted', data: { reason: 'bench', source: 'cli', ts: Date.now() } });
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const at = (xs: readonly number[], p: number): string => ([...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))] ?? NaN).toFixed(2);

async function toldAfterDisk(dir: string): Promise<string> {
  const session = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  let sentAt = 0;
  const ch: Channel = { name: 'bench', maxChars: 4000, send: async () => ((sentAt = performance.now()), { ok: true }) };
  const n = startNotifier(session, { channels: [ch], levels });
  await n.ready();
  const synced: number[] = [];
  const sent: number[] = [];
  for (let i = 0; i < 200; i++) {
    sentAt = 0;
    const t0 = performance.now();
    session.store.dispatch(haltOrResume(i));
    await session.store.whenDurable();
    synced.push(performance.now() - t0);
    while (sentAt === 0) await new Promise((r) => setImmediate(r));
    sent.push(sentAt - t0);
    await pause(2);
  }
  await n.close(1000);
  await session.close();
  return `told after on disk: dispatch -> fsync done median ${at(synced, 0.5)} ms (p90 ${at(synced, 0.9)}); dispatch -> send median ${at(sent, 0.5)} ms (p90 ${at(sent, 0.9)}, max ${at(sent, 1)})`;
}

async function cursorMarks(dir: string): Promise<string> {
  const session = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  let told = 0;
  const ch: Channel = { name: 'bench', maxChars: 4000, send: async (b) => (await pause(2), (told += b.length), { ok: true }) };
  const inner = openCursor(dir, 'sim', () => undefined);
  const writes: number[] = [];
  const marks: Cursor = { ...inner, mark: (c, s) => {
    const t = performance.now();
    inner.mark(c, s);
    writes.push(performance.now() - t);
  } };
  const n = startNotifier(session, { channels: [ch], levels, cursor: { ledger: 'sim', marks } });
  await n.ready();
  writes.length = 0;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const t0 = performance.now();
  for (let i = 0; i < 300; i++) {
    session.store.dispatch(haltOrResume(i));
    await pause(5);
  }
  while (told < 300 && performance.now() - t0 < 60_000) await pause(5);
  delay.disable();
  const ran = performance.now() - t0;
  await n.close(1000);
  await session.close();
  const spent = writes.reduce((a, b) => a + b, 0);
  return `cursor marks: ${told} told in ${ran.toFixed(0)} ms; ${writes.length} cursor writes, ${spent.toFixed(1)} ms on the loop in them; loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(2)} ms, max ${(delay.max / 1e6).toFixed(2)} ms`;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'atapi-notify-disk-'));
try {
  const one = path.join(root, 'told');
  const two = path.join(root, 'marks');
  fs.mkdirSync(one);
  fs.mkdirSync(two);
  console.log(await toldAfterDisk(one));
  console.log(await cursorMarks(two));
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
