import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSession } from '../../source/index.js';
import { tmpDir } from '../helpers/tmp.js';

test('library API: buy, limit, cancel, balances, subscription, history', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 11 });
  try {
    let notified = 0;
    const stop = session.subscribe(() => notified++);
    const r = await session.buy('BTCUSDT', 0.01);
    assert.ok(r.ok && r.order.status === 'filled');
    const limit = await session.sell('btc-usdt', 0.005, 1_000_000);
    assert.ok(limit.ok && limit.order.status === 'open');
    assert.equal(session.balance().BTC.locked, 0.005);
    const c = await session.cancel(limit.order.id);
    assert.ok(c.ok && c.order.status === 'cancelled');
    assert.equal(session.balance().BTC.free, 0.01);
    const bad = await session.buy('BTC/USDT', 1000);
    assert.ok(!bad.ok && /exceeds the limit|insufficient balance/.test(bad.error));
    const unknown = await session.buy('FOO/USDT', 1);
    assert.ok(!unknown.ok && /unknown symbol FOO\/USDT/.test(unknown.error));
    session.store.flushNotifications();
    assert.ok(notified >= 1, 'subscribers hear batched changes');
    stop();
    assert.deepEqual(session.history({ type: 'order/cancelled' }).map((e) => e.event.type), ['order/cancelled']);
  } finally {
    await session.close();
  }
});

test('quit and restart: orders and balances are as they were left', async () => {
  const dir = tmpDir();
  const a = await createSession({ dataDir: dir, tickMs: 0, seed: 3 });
  await a.buy('ETH/USDT', 0.1);
  const open = await a.buy('ETH/USDT', 0.1, 100);
  const before = { balance: a.balance(), orders: a.orders({ all: true }) };
  await a.close();
  assert.ok(fs.existsSync(path.join(dir, 'ledgers', 'sim', 'events.log')));
  const b = await createSession({ dataDir: dir, tickMs: 0, seed: 4 });
  try {
    assert.deepEqual(b.balance(), before.balance);
    assert.deepEqual(b.orders({ all: true }), before.orders);
    assert.ok(open.ok);
    const c = await b.cancel(open.order.id);
    assert.ok(c.ok, 'a resting order from the last run can be cancelled');
  } finally {
    await b.close();
  }
});

test('a second session on the same ledger is refused with a clear error', async () => {
  const dir = tmpDir();
  const { spawnSync } = await import('node:child_process');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  fs.mkdirSync(path.join(dir, 'ledgers', 'sim'), { recursive: true });
  // A live process's pid holds the lock.
  fs.writeFileSync(path.join(dir, 'ledgers', 'sim', 'LOCK'), String(process.ppid));
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'source/cli.ts'), '--data-dir', dir, 'balance'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^atapi: the ledger in .* is in use by another atapi \(pid \d+\)/);
});
