import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSession } from '../../../source/index.js';
import { tmpDir } from '../../helpers/tmp.js';
import { atapiArgs } from '../../helpers/atapi-bin.js';

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

test('a second atapi on the same ledger is refused with a clear error naming the holder and the lock', async () => {
  const dir = tmpDir();
  const { spawn, spawnSync } = await import('node:child_process');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  const ledger = path.join(dir, 'ledgers', 'sim');
  fs.mkdirSync(ledger, { recursive: true });
  // Another process holds the ledger (the contender of the lock tests, told to take it).
  const holder = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test/storage/lock-contender.ts'), ledger], { cwd: root });
  try {
    const { createInterface } = await import('node:readline');
    const lines = createInterface({ input: holder.stdout })[Symbol.asyncIterator]();
    assert.equal((await lines.next()).value, 'ready');
    holder.stdin.write('go\n');
    assert.equal((await lines.next()).value, 'won');
    const r = spawnSync(process.execPath, [...atapiArgs(), '--data-dir', dir, 'balance'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`^atapi: the ledger in .* is in use by another atapi \\(pid ${holder.pid}, lock-contender .*; lock .*LOCK\\): close it first, or use --data-dir DIR for a separate ledger\\n$`));
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a LOCK naming a live process that does not hold the ledger (pid reuse) does not block it', async () => {
  const dir = tmpDir();
  const { spawnSync } = await import('node:child_process');
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
  fs.mkdirSync(path.join(dir, 'ledgers', 'sim'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'ledgers', 'sim', 'LOCK'), String(process.ppid));
  const r = spawnSync(process.execPath, [...atapiArgs(), '--data-dir', dir, 'balance'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
});

test('two sessions on one data directory in one process: the second is refused until the first closes', async () => {
  const dir = tmpDir();
  const a = await createSession({ dataDir: dir, tickMs: 0, seed: 1 });
  try {
    await assert.rejects(createSession({ dataDir: dir, tickMs: 0, seed: 2 }), (err: Error) => err.name === 'UserError' && /^the ledger in .* is already open in this process \(lock .*LOCK\): close that session first/.test(err.message));
  } finally {
    await a.close();
  }
  const b = await createSession({ dataDir: dir, tickMs: 0, seed: 3 });
  await b.close();
});

test('sessions leave no process exit listener behind when closed', async () => {
  const before = process.listenerCount('exit');
  const warnings: Error[] = [];
  const onWarning = (w: Error): number => warnings.push(w);
  process.on('warning', onWarning);
  try {
    for (let i = 0; i < 15; i++) {
      const s = await createSession({ dataDir: tmpDir(), tickMs: 0, seed: i });
      await s.close();
    }
    const open = await Promise.all(Array.from({ length: 12 }, (_, i) => createSession({ dataDir: tmpDir(), tickMs: 0, seed: i })));
    assert.ok(process.listenerCount('exit') <= before + 1, 'one listener for all open ledgers');
    await Promise.all(open.map((s) => s.close()));
    assert.equal(process.listenerCount('exit'), before);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(warnings.map((w) => w.name), []);
  } finally {
    process.off('warning', onWarning);
  }
});

test('a session that fails to start gives its ledger back: the next try in this process opens it', async () => {
  const dir = tmpDir();
  const failing = {
    venue: 'sim',
    label: 'SIM',
    start: () => Promise.reject(new Error('exchange unreachable')),
    stop: () => Promise.resolve(),
    submit: () => Promise.resolve(),
    cancel: () => Promise.resolve(),
  };
  await assert.rejects(createSession({ dataDir: dir, tickMs: 0, venue: failing }), /exchange unreachable/);
  const s = await createSession({ dataDir: dir, tickMs: 0, seed: 1 });
  await s.close();
});
