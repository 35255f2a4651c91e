import assert from 'node:assert/strict';
import { test } from 'node:test';
import { throttleMarks } from '../../../source/app/notify/mark-throttle.js';
import { createSession } from '../../../source/app/session/session.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { openCursor } from '../../../source/app/notify/notify-cursor.js';
import { levelsFromSettings } from '../../../source/app/notify/notify-kinds.js';
import { defaultSettings } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';
import { memoryChannel, until } from './fake-services.js';

/** An injected wait, ended by hand: no timer decides these tests. */
function hand(): { sleep: (ms: number) => Promise<void>; asked: number[]; wake(): void } {
  const waiting: (() => void)[] = [];
  const asked: number[] = [];
  return {
    asked,
    sleep: (ms) => (asked.push(ms), new Promise((resolve) => waiting.push(resolve))),
    wake: () => {
      for (const w of waiting.splice(0)) w();
    },
  };
}

const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

test('marks within one wait are written once per channel, the latest; flush writes now; after stop nothing is written', async () => {
  const written: [string, number][] = [];
  const t = hand();
  const w = throttleMarks({ mark: (c, s) => void written.push([c, s]), behind: () => false, retry: () => undefined }, t.sleep);
  for (let s = 1; s <= 50; s++) w.mark('telegram', s);
  w.mark('webhook', 7);
  assert.deepEqual(written, [], 'nothing before the wait ends');
  assert.deepEqual(t.asked, [1_000], 'one wait of a second for all of them');
  t.wake();
  await turns(2);
  assert.deepEqual(written, [['telegram', 50], ['webhook', 7]]);
  w.mark('telegram', 51);
  w.flush();
  assert.deepEqual(written.slice(2), [['telegram', 51]], 'a clean stop writes what waits at once');
  w.mark('telegram', 52);
  w.stop();
  t.wake();
  await turns(2);
  assert.equal(written.length, 3, 'stopped: a later process resends #52 (a repeat, never a loss)');
});

test('a file left behind by a failed write is tried again at the end of each wait until it takes, with nothing more to mark', async () => {
  let full = true;
  let behind = true;
  let tries = 0;
  const t = hand();
  // A start whose own write failed: behind from the first.
  const w = throttleMarks({ mark: () => undefined, behind: () => behind, retry: () => void (tries++, (behind = full)) }, t.sleep);
  assert.equal(t.asked.length, 1, 'a retry is waiting at once');
  t.wake();
  await turns(2);
  assert.equal(tries, 1);
  assert.equal(t.asked.length, 2, 'still full: another second');
  full = false;
  t.wake();
  await turns(2);
  assert.equal(behind, false);
  t.wake();
  await turns(2);
  assert.equal(tries, 2, 'written: no more retries');
  assert.equal(t.asked.length, 2);
  w.stop();
});

test('a burst of deliveries writes the cursor a few times, not once per batch; a process that dies resends only what was not marked', async () => {
  const dir = tmpDir();
  const session = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const levels = levelsFromSettings(defaultSettings());
  // A service that answers one message at a time, after a turn: each notification is a batch of its own.
  const got: number[] = [];
  const slow = { name: 'memory', maxChars: 20, send: async (b: readonly { seq?: number }[]) => (await turns(1), got.push(...b.map((n) => n.seq!)), { ok: true as const }) };
  const inner = openCursor(dir, 'sim', () => undefined);
  let writes = 0;
  const marks = { ...inner, mark: (c: string, s: number) => (writes++, inner.mark(c, s)) };
  const t = hand();
  const n = startNotifier(session, { channels: [slow], levels, delivery: { sleep: t.sleep }, cursor: { ledger: 'sim', marks } });
  await n.ready();
  // The first start writes where the channel begins (the ledger's head).
  writes = 0;
  for (let i = 0; i < 20; i++) session.store.dispatch(i % 2 ? { type: 'trading/resumed', data: { source: 'cli', ts: 1 } } : { type: 'trading/halted', data: { reason: 'x', source: 'cli', ts: 1 } });
  await until(() => got.length === 20, 'all 20 told');
  const marked = (): number | undefined => openCursor(dir, 'sim', () => undefined).start.channels.memory;
  assert.equal(writes, 0, 'no write yet: 20 batches delivered, marks wait for their second');
  t.wake();
  await until(() => writes === 1, 'one write for the 20');
  const first = marked()!;
  assert.ok(first >= got[19]!, `the mark is past the last told (#${got[19]}): ${first}`);
  // Two more told, then the process dies before their second ends: their mark is not on disk.
  session.store.dispatch({ type: 'trading/halted', data: { reason: 'y', source: 'cli', ts: 1 } });
  await until(() => got.length === 21, 'the 21st told');
  assert.equal(marked(), first);
  await session.store.whenDurable();
  await session.close();

  const again = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const next = startNotifier(again, { channels: [mem], levels, cursor: { ledger: 'sim', marks: openCursor(dir, 'sim', () => undefined) } });
  try {
    await next.ready();
    await until(() => mem.got.length === 1, 'the one not marked, resent');
    assert.deepEqual(mem.got.map((x) => x.seq), [got[20]]);
  } finally {
    await next.close(1000);
    await again.close();
  }
});
