import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { startDaemonServer } from '../../../source/app/daemon/daemon-server.js';
import { attachDaemon } from '../../../source/app/daemon/remote-session.js';
import { socketPathFor } from '../../../source/app/daemon/daemon-files.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';

async function daemonOn(dir: string) {
  const session = await createSession({ dataDir: dir, tickMs: 0, seed: 5, notifyIntervalMs: 0 });
  const socketPath = socketPathFor(dir);
  const server = await startDaemonServer(session, {
    socketPath,
    info: { pid: process.pid, startedAt: 1, venue: session.venue, label: session.label, mode: session.mode, dataDir: dir, ledgerDir: session.ledgerDir, limits: DEFAULT_LIMITS },
  });
  return { session, server, socketPath };
}

/** Waits (by turns of the event loop, not by time) until `ok` holds. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 5_000; i++) {
    if (ok()) return;
    await new Promise((r) => setImmediate(r));
  }
  assert.fail(`never happened: ${what}`);
}

test('daemon: two clients see the same orders; an order placed by one is seen by the other; the socket is 0600', async () => {
  const dir = tmpDir();
  const d = await daemonOn(dir);
  try {
    assert.equal(fs.statSync(d.socketPath).mode & 0o777, 0o600);
    assert.equal(d.socketPath, path.join(dir, 'daemon.sock'));
    const a = await attachDaemon(d.socketPath);
    const b = await attachDaemon(d.socketPath);
    await until(() => d.server.clients() === 2, 'two clients attached');
    assert.equal(a.daemon.pid, process.pid);
    const r = await a.buy('BTC/USDT', 0.01);
    assert.ok(r.ok, 'the order went through the daemon');
    const limit = await a.sell('BTC/USDT', 0.005, 1_000_000);
    assert.ok(limit.ok && limit.order.status === 'open');
    await until(() => b.orders().length === 1 && b.trades().length === 1, 'the other client sees the order and the fill');
    assert.deepEqual(b.orders().map((o) => o.id), d.session.orders().map((o) => o.id));
    assert.deepEqual(a.balance(), d.session.balance());
    assert.deepEqual(b.balance(), d.session.balance());
    // Sequence numbers are the daemon's: the replicas are the daemon's state, not a copy of it.
    assert.equal(b.state().lastSeq, d.session.state().lastSeq);
    const c = await b.cancel(limit.order.id);
    assert.ok(c.ok && c.order.status === 'cancelled');
    await until(() => a.orders().length === 0, 'the cancel reached the first client');
    // History comes from the daemon's log.
    assert.ok(a.history({ type: 'order/cancelled' }).length === 1);
    // A tell: the watchlist answer at once, and the daemon records it.
    assert.deepEqual(a.watch('ETH/USDT', true), ['ETH/USDT']);
    await until(() => d.session.watchlist().length === 1 && b.watchlist().length === 1, 'the watchlist reached the daemon and the other client');
    // A query: the daemon's own answer, asked again after each change.
    assert.equal(a.alert('BTC/USDT', '>', 1e9).id, '1');
    await until(() => b.alerts().length === 1 && a.alerts().length === 1, 'the alert is the daemon\'s, seen by both');
    assert.deepEqual(b.alerts(), d.session.alerts());
    await a.close();
    await until(() => d.server.clients() === 1, 'a client that leaves is gone');
    const after = await b.buy('ETH/USDT', 0.1);
    assert.ok(after.ok, 'the daemon goes on for the others');
    await b.close();
  } finally {
    await d.server.close('test over');
    await d.session.close();
  }
});

test('daemon: a bad request gets a one-line error; a refusal stays a user error; stopping refuses orders', async () => {
  const dir = tmpDir();
  const d = await daemonOn(dir);
  try {
    const raw = net.createConnection(d.socketPath);
    raw.setEncoding('utf8');
    let got = '';
    raw.on('data', (s: string) => (got += s));
    raw.write('this is not json\n{"id":7,"method":"dropTables","args":[]}\n{"id":8,"method":"buy","args":"x"}\n{"id":9,"method":"dispatch","args":[[{"type":"balance/set","data":{}}]]}\n');
    await until(() => got.split('\n').length >= 6, 'four answers after the hello');
    const replies = got.trim().split('\n').slice(1).map((l) => JSON.parse(l) as { id: number; error?: { message: string; user: boolean } });
    assert.match(replies[0].error!.message, /^bad request: not JSON/);
    assert.equal(replies[1].id, 7);
    assert.match(replies[1].error!.message, /^unknown method "dropTables": use one of order, buy/);
    assert.match(replies[2].error!.message, /"args" must be an array/);
    assert.match(replies[3].error!.message, /^a terminal may not record "balance\/set" events/);
    for (const r of replies) assert.ok(!r.error!.message.includes('\n') && r.error!.user);
    raw.destroy();

    const a = await attachDaemon(d.socketPath);
    assert.throws(() => a.watch('NOPE/USDT', true), (e: unknown) => e instanceof UserError && /unknown symbol NOPE\/USDT/.test((e as Error).message));
    d.server.refuseOrders('the daemon is stopping: it takes no new orders');
    await assert.rejects(a.buy('BTC/USDT', 0.01), (e: unknown) => e instanceof UserError && /daemon is stopping/.test((e as Error).message));
    await d.server.close('stopped for the test');
    assert.match(await a.detached, /the daemon stopped: stopped for the test/);
    await assert.rejects(a.buy('BTC/USDT', 0.01), /not attached/);
    await a.close();
    assert.ok(!fs.existsSync(d.socketPath), 'the socket is removed');
  } finally {
    await d.session.close();
  }
});

test('daemon: a client that stops reading is dropped, the others are not', async () => {
  const dir = tmpDir();
  const session = await createSession({ dataDir: dir, tickMs: 0, seed: 5 });
  const socketPath = socketPathFor(dir);
  const server = await startDaemonServer(session, {
    socketPath,
    maxBacklog: 64 * 1024,
    info: { pid: process.pid, startedAt: 1, venue: session.venue, label: session.label, mode: session.mode, dataDir: dir, ledgerDir: session.ledgerDir, limits: DEFAULT_LIMITS },
  });
  try {
    const stalled = net.createConnection(socketPath);
    stalled.pause();
    const reader = await attachDaemon(socketPath);
    await until(() => server.clients() === 2, 'both attached');
    const tickers = session.tickers();
    for (let i = 0; i < 2_000 && server.clients() === 2; i++) {
      session.dispatch(tickers.map((t) => ({ type: 'market/ticker' as const, data: { ...t, last: t.last + i } })));
      await new Promise((r) => setImmediate(r));
    }
    await until(() => server.clients() === 1, 'the stalled client is dropped');
    await until(() => reader.state().lastSeq === session.state().lastSeq, 'the reading client is up to date');
    stalled.destroy();
    await reader.close();
  } finally {
    await server.close('test over');
    await session.close();
  }
});

test('daemon: a data directory too deep for a socket path gets a short one in a 0700 directory', () => {
  const deep = path.join(tmpDir(), 'x'.repeat(120));
  const p = socketPathFor(deep, { XDG_RUNTIME_DIR: tmpDir() });
  assert.ok(Buffer.byteLength(p) <= 100, p);
  assert.equal(fs.statSync(path.dirname(p)).mode & 0o777, 0o700);
  assert.equal(socketPathFor(deep, { XDG_RUNTIME_DIR: path.dirname(path.dirname(p)) }), p, 'the same directory always gets the same socket');
});
