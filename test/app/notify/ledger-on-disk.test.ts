import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { FuturesApi } from '../../../source/app/futures/futures-session.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { followLedgerOnDisk } from '../../../source/app/notify/ledger-on-disk.js';
import { levelsFromSettings } from '../../../source/app/notify/notify-kinds.js';
import { defaultSettings } from '../../../source/domain/index.js';
import { FaultyFs } from '../../../sim/faulty-fs.js';
import { memoryChannel, until } from './fake-services.js';

const levels = levelsFromSettings(defaultSettings());
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

/** A disk whose fdatasync waits, once `hold` is set, until `release` lets it through. */
class HeldSyncFs extends FaultyFs {
  hold = false;
  syncs = 0;
  private waiting: (() => void)[] = [];
  override async fdatasync(fd: number): Promise<void> {
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
    await super.fdatasync(fd);
    this.syncs++;
  }
  get held(): number {
    return this.waiting.length;
  }
  release(): void {
    this.hold = false;
    for (const go of this.waiting.splice(0)) go();
  }
}

/**
 * A buy whose fill is in the state while its record's sync is held: each record's sync let
 * through, one at a time, until the fill is in the state and a sync holds. Resolves with the buy.
 */
async function buyWithSyncHeld(session: Session, disk: HeldSyncFs): Promise<{ readonly buying: ReturnType<Session['buy']> }> {
  await session.store.whenDurable();
  disk.hold = true;
  const buying = session.buy('BTC/USDT', 0.001);
  for (;;) {
    await until(() => disk.held > 0, 'a record on its way to disk');
    // In an object: an async function resolving to the promise itself would wait for the buy.
    if (session.state().ledger.fills.length > 0) return { buying };
    disk.release();
    disk.hold = true;
  }
}

test('a fill is told only once the log has synced it: not while its fdatasync is on its way, at once after', async () => {
  const disk = new HeldSyncFs({ random: () => 0 });
  const session = await createSession({ dataDir: '/data', fs: disk, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n = startNotifier(session, { channels: [mem], levels });
  try {
    await n.ready();
    const { buying } = await buyWithSyncHeld(session, disk);
    await turns(10);
    assert.equal(mem.got.length, 0, 'the fill is in the state but not synced: not told');
    const synced = disk.syncs;
    disk.release();
    assert.ok((await buying).ok);
    await until(() => mem.got.length === 1, 'the fill told once synced');
    assert.ok(disk.syncs > synced);
    assert.match(mem.got[0]!.text, /^filled: /);
  } finally {
    disk.release();
    await n.close(1000);
    await session.close();
  }
});

test('followLedgerOnDisk: moves to what was dispatched when asked, in order; after a refusal it asks again after its wait; stopped, it tells nothing more', async () => {
  let lastSeq = 10;
  const answers: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const store = {
    getState: () => ({ lastSeq }) as ReturnType<Parameters<typeof followLedgerOnDisk>[0]['getState']>,
    whenDurable: () => new Promise<void>((resolve, reject) => answers.push({ resolve, reject })),
  };
  const moved: number[] = [];
  const sleepers: (() => void)[] = [];
  const disk = followLedgerOnDisk(store, { start: 10, moved: (s) => moved.push(s), sleep: () => new Promise((r) => sleepers.push(r)) });
  assert.equal(await disk.ask(), true, 'nothing new: on disk already, the log is not asked');
  assert.equal(answers.length, 0);
  lastSeq = 12;
  const first = disk.ask();
  lastSeq = 15;
  const second = disk.ask();
  answers[0]!.resolve();
  answers[1]!.resolve();
  assert.deepEqual([await first, await second], [true, true]);
  assert.deepEqual(moved, [12, 15]);
  assert.equal(disk.seq(), 15);

  lastSeq = 20;
  const refused = disk.ask();
  answers[2]!.reject(new Error('disk full'));
  assert.equal(await refused, false);
  assert.equal(disk.seq(), 15, 'a refusal moves nothing');
  assert.equal(sleepers.length, 1, 'it waits, then asks again');
  sleepers[0]!();
  await until(() => answers.length === 4, 'asked again after the wait');
  answers[3]!.resolve();
  await until(() => disk.seq() === 20, 'on disk once the log wrote it');
  assert.deepEqual(moved, [12, 15, 20]);

  lastSeq = 21;
  const late = disk.ask();
  disk.stop();
  answers[4]!.resolve();
  await late;
  assert.deepEqual(moved, [12, 15, 20], 'nothing told after stop');
});

test('a margin warning and the daily summary, figured from the state, are told only once the ledger they read is on disk', async () => {
  const DAY = 86_400_000;
  const disk = new HeldSyncFs({ random: () => 0 });
  const inner = await createSession({ dataDir: '/data', fs: disk, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  // The margin as the test sets it; the summary's read of the day's fills counted (it is figured at midnight).
  let ratio = 0.2;
  let margins = 0;
  let summaries = 0;
  const futures = { ...inner.futures, available: true, account: () => (margins++, { ...inner.futures.account(), marginRatio: ratio }), positions: () => [] } as FuturesApi;
  const session = Object.assign(Object.create(inner) as Session, { futures, fills: () => (summaries++, inner.fills()) });
  // Midnight UTC a moment after the start, on the notifier's clock.
  const t0 = Date.now();
  const midnight = Math.ceil(t0 / DAY) * DAY;
  const clock = (): number => midnight - 300 + (Date.now() - t0);
  // Fills not told: nothing ahead of the two in the queue holds them (an event's notification waits for its own seq).
  const mem = memoryChannel();
  const n = startNotifier(session, { channels: [mem], levels: { ...levels, fills: 'off', liquidations: 'on', summary: 'on' }, marginEveryMs: 5, clock });
  try {
    await n.ready();
    const { buying } = await buyWithSyncHeld(session, disk);
    // The fill is in the state, not on disk: the margin is looked at, and midnight passes.
    ratio = 0.95;
    const seen = margins;
    await until(() => margins > seen + 2 && summaries > 0, 'the margin looked at and the summary figured');
    await turns(10);
    assert.deepEqual(mem.got.map((x) => x.kind), [], 'nothing told while the fill they count is not on disk');
    disk.release();
    assert.ok((await buying).ok);
    await until(() => ['liquidations', 'summary'].every((k) => mem.got.some((x) => x.kind === k)), 'both told once synced');
    assert.match(mem.got.find((x) => x.kind === 'summary')!.text, /, 1 fill \(/);
    assert.match(mem.got.find((x) => x.kind === 'liquidations')!.text, /cross margin ratio 95\.0%/);
  } finally {
    disk.release();
    await n.close(1000);
    await inner.close();
  }
});
