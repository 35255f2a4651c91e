import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { openCursor } from '../../../source/app/notify/notify-cursor.js';
import { levelsFromSettings } from '../../../source/app/notify/notify-kinds.js';
import type { Channel } from '../../../source/app/notify/delivery.js';
import { defaultSettings } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';
import { memoryChannel, until } from './fake-services.js';

const levels = levelsFromSettings(defaultSettings());

/** A channel that never gets through (the service is down), under the memory channel's name. */
const down: Channel = { name: 'memory', maxChars: 4000, send: async () => ({ ok: false, retry: true, error: 'HTTP 503' }) };

test('what a notifier that never stopped (a crash) still owed is read back from the ledger by the next: a halt and a fill, once each, in order', async () => {
  const dir = tmpDir();
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const ledger = 'sim';
  const abandoned = startNotifier(first, { channels: [down], levels, cursor: { ledger, marks: openCursor(dir, ledger, () => undefined) }, delivery: { baseDelayMs: 5, maxDelayMs: 10 } });
  await abandoned.ready();
  assert.ok((await first.buy('BTC/USDT', 0.001)).ok);
  first.store.dispatch({ type: 'trading/halted', data: { reason: 'away', source: 'cli', ts: Date.now() } });
  first.store.dispatch({ type: 'trading/halted', data: { reason: 'again', source: 'cli', ts: Date.now() } });
  await until(() => abandoned.pending() === 2, 'the fill and the halt wait (a second halt while halted is no news)');
  // No close: the process died with its queue.
  await first.store.whenDurable();
  await first.close();

  const second = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n = startNotifier(second, { channels: [mem], levels, cursor: { ledger, marks: openCursor(dir, ledger, () => undefined) } });
  try {
    await until(() => mem.got.length >= 2, 'the owed notifications');
    assert.match(mem.got[0]!.text, /^filled: order 1 buy 0\.001 BTC\/USDT/);
    assert.equal(mem.got[1]!.text, 'HALTED: trading is halted by cli: "away"; only orders that reduce a position pass until /resume');
    assert.ok(mem.got.every((x) => /^sim:\d+$/.test(x.id ?? '')), 'each says which ledger event it tells');
    assert.equal(mem.got.length, 2, JSON.stringify(mem.got));
  } finally {
    await n.close(1000);
    await second.close();
  }
  // The marks moved to the head: a third start owes nothing.
  const third = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const mem3 = memoryChannel();
  const n3 = startNotifier(third, { channels: [mem3], levels, cursor: { ledger, marks: openCursor(dir, ledger, () => undefined) } });
  await n3.ready();
  assert.equal(n3.pending(), 0);
  await n3.close(1000);
  await third.close();
  assert.deepEqual(mem3.got, []);
});

test('after a clean stop, what this process recorded before its notifier started (its venue reconciling a fill made while nothing ran) is told', async () => {
  const dir = tmpDir();
  const ledger = 'sim';
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const mem1 = memoryChannel();
  const n1 = startNotifier(first, { channels: [mem1], levels, cursor: { ledger, marks: openCursor(dir, ledger, () => undefined) } });
  await n1.ready();
  assert.ok((await first.buy('BTC/USDT', 0.001)).ok);
  await until(() => mem1.got.length === 1, 'the fill');
  await n1.close(1000);
  await first.close();

  const second = await createSession({ dataDir: dir, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  assert.equal(typeof second.openedSeq, 'number');
  // What a venue's start records after the session opened the ledger, before the daemon starts its notifications.
  const [env] = second.store.dispatch({ type: 'order/refused', data: { order: { venue: 'sim', symbol: 'ETH/USDT', side: 'sell', type: 'market', qty: 5 }, reason: { code: 'balance.insufficient', text: 'insufficient balance: need 5 ETH, free 0 ETH' }, ts: Date.now() } });
  const mem = memoryChannel();
  const n = startNotifier(second, { channels: [mem], levels, cursor: { ledger, marks: openCursor(dir, ledger, () => undefined) } });
  try {
    await until(() => mem.got.length >= 1, 'the refusal recorded at start');
    assert.equal(mem.got[0]!.seq, env!.seq);
    assert.match(mem.got[0]!.text, /insufficient balance/);
    assert.equal(mem.got.length, 1);
  } finally {
    await n.close(1000);
    await second.close();
  }
});
