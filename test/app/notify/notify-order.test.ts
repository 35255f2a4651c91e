import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { openCursor } from '../../../source/app/notify/notify-cursor.js';
import { levelsFromSettings } from '../../../source/app/notify/notify-kinds.js';
import type { Channel } from '../../../source/app/notify/delivery.js';
import { defaultSettings } from '../../../source/domain/index.js';
import { FaultyFs } from '../../../sim/faulty-fs.js';
import { tmpDir } from '../../helpers/tmp.js';
import { memoryChannel, until } from './fake-services.js';

const levels = levelsFromSettings(defaultSettings());
const down: Channel = { name: 'memory', maxChars: 4000, send: async () => ({ ok: false, retry: true, error: 'HTTP 503' }) };

test('a batch another observer records from its own callback is told after the batch that set it off (ledger order), and the mark follows', async () => {
  const dir = tmpDir();
  const session = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  // Registered before the notifier, as the engines are: its batch reaches the notifier first.
  session.store.observe((batch) => {
    if (batch.some((e) => e.event.type === 'order/filled') && !session.halted()) session.store.dispatch({ type: 'trading/halted', data: { reason: 'after a fill', source: 'cli', ts: Date.now() } });
  });
  const mem = memoryChannel();
  const marked: number[] = [];
  const marks = openCursor(dir, 'sim', () => undefined);
  const n = startNotifier(session, { channels: [mem], levels, cursor: { ledger: 'sim', marks: { ...marks, mark: (c, seq) => (marked.push(seq), marks.mark(c, seq)) } } });
  try {
    await n.ready();
    assert.ok((await session.buy('BTC/USDT', 0.001)).ok);
    await until(() => mem.got.length >= 2, 'the fill and the halt');
    assert.deepEqual(mem.got.map((x) => x.text.split(':')[0]), ['filled', 'HALTED']);
    const seqs = mem.got.map((x) => x.seq!);
    assert.ok(seqs[0]! < seqs[1]!, `told in ledger order: ${seqs.join(', ')}`);
    await until(() => marked.length > 0 && n.pending() === 0, 'the mark');
    assert.ok(marked.every((m, i) => i === 0 || m >= marked[i - 1]!), `marks only move forward: ${marked.join(', ')}`);
  } finally {
    await n.close(1000);
    await session.close();
  }
});

test('a backlog is told in ledger order when the clock was set back between its events (not by timestamp)', async () => {
  const dir = tmpDir();
  let now = Date.UTC(2026, 0, 5, 12);
  const clock = (): number => now;
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0, clock });
  const abandoned = startNotifier(first, { channels: [down], levels, clock, cursor: { ledger: 'sim', marks: openCursor(dir, 'sim', () => undefined) }, delivery: { baseDelayMs: 5, maxDelayMs: 10 } });
  await abandoned.ready();
  assert.ok((await first.buy('BTC/USDT', 0.001)).ok);
  now -= 3_600_000;
  assert.ok((await first.buy('ETH/USDT', 0.01)).ok);
  await until(() => abandoned.pending() === 2, 'both fills wait');
  // No close: the process died with its queue.
  await first.store.whenDurable();
  await first.close();

  const second = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0, clock });
  const mem = memoryChannel();
  const n = startNotifier(second, { channels: [mem], levels, clock, carried: { memory: [{ kind: 'daemon', text: 'daemon stopping', silent: false, ts: now - 60_000 }] }, cursor: { ledger: 'sim', marks: openCursor(dir, 'sim', () => undefined) } });
  try {
    await until(() => mem.got.length >= 3, 'the owed notifications');
    assert.deepEqual(mem.got.map((x) => x.text.replace(/^filled: order (\d+) buy .* (\w+)\/USDT.*$/, '$1 $2')), ['daemon stopping', '1 BTC', '2 ETH']);
  } finally {
    await n.close(1000);
    await second.close();
  }
});

test('an event is told, and its mark moves there, only once it is on disk: a full disk holds both back; freed, the notifier asks the log again and tells it', async () => {
  const disk = new FaultyFs({ random: () => 0 });
  const session = await createSession({ dataDir: '/data', fs: disk, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  // The marks on a disk that has room: only the ledger's is full.
  const dir = tmpDir();
  // The notifier's wait before asking the log again, woken by hand (no timer decides the test).
  const sleepers: (() => void)[] = [];
  const sleep = (): Promise<void> => new Promise((resolve) => sleepers.push(resolve));
  const n = startNotifier(session, { channels: [mem], levels, delivery: { sleep }, cursor: { ledger: 'sim', marks: openCursor(dir, 'sim', () => undefined) } });
  const mark = (): number | undefined => openCursor(dir, 'sim', () => undefined).start.channels.memory;
  try {
    await n.ready();
    await session.store.whenDurable();
    disk.diskFullAfter(0);
    const [env] = session.store.dispatch({ type: 'trading/halted', data: { reason: 'away', source: 'cli', ts: Date.now() } });
    await session.store.whenDurable().catch(() => undefined);
    await until(() => sleepers.length > 0, 'the notifier heard the disk refuse');
    // Its waits run out (a mark due would be written, the log asked again) while the disk is still full.
    for (let i = 0; i < 3; i++) {
      for (const wake of sleepers.splice(0)) wake();
      for (let j = 0; j < 5; j++) await new Promise((r) => setImmediate(r));
    }
    assert.equal(mem.got.length, 0, 'not on disk: not told (a power loss now would lose it)');
    assert.equal(n.pending(), 1);
    assert.ok((mark() ?? -1) < env!.seq, `not on disk: no mark at #${env!.seq} (mark ${mark()})`);
    disk.freeSpace();
    // Nothing more is recorded: the notifier's own next ask has the log write what it holds.
    for (const wake of sleepers.splice(0)) wake();
    await until(() => mem.got.length === 1, 'told once on disk');
    assert.equal(mem.got[0]!.seq, env!.seq);
    // The mark is written at the end of its second (the same injected wait).
    await until(() => {
      for (const wake of sleepers.splice(0)) wake();
      return (mark() ?? -1) >= env!.seq;
    }, 'the mark once the log is on disk');
  } finally {
    await n.close(1000);
    await session.close();
  }
});
