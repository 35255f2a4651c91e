import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { runDaemon, type DaemonHandle } from '../../../source/app/daemon/run-daemon.js';
import { attachDaemon } from '../../../source/app/daemon/remote-session.js';
import { attachIfRunning } from '../../../source/app/daemon/attach.js';
import type { EntryResult } from '../../../source/engine/order-entry.js';
import { UserError } from '../../../source/domain/index.js';
import { tmpDir } from '../../helpers/tmp.js';

test('daemon stop during a burst of orders: new ones refused, every order settled in the ledger, restart recovers', async () => {
  const dir = tmpDir();
  let handle!: DaemonHandle;
  const ready = new Promise<void>((resolve) => {
    void runDaemon({ exchange: 'sim', seed: 9, dataDir: dir }, { env: {}, stderr: new PassThrough() }, { tickMs: 0, signals: [], onReady: (h) => { handle = h; resolve(); } });
  });
  await ready;
  const client = await attachIfRunning({ exchange: 'sim', dataDir: dir }, {});
  assert.ok(client, 'a daemon on the same ledger is attached to');
  assert.equal(client.attachedTo?.pid, process.pid);
  assert.equal(await attachIfRunning({ exchange: 'binance', dataDir: dir }, {}), undefined, 'another exchange is another ledger: not attached');
  const burst: Promise<EntryResult | Error>[] = [];
  const send = (i: number): void => {
    const p = i % 2 ? client.buy('BTC/USDT', 0.001) : client.buy('ETH/USDT', 0.01, 1 + i);
    burst.push(p.catch((e: Error) => e));
  };
  for (let i = 0; i < 20; i++) send(i);
  await burst[4];
  // SIGTERM with orders in flight; the trader's terminal goes on sending.
  const stopped = handle.stop('SIGTERM');
  for (let i = 20; i < 40; i++) send(i);
  const results = await Promise.all(burst);
  await stopped;
  const answered = results.filter((r): r is EntryResult => !(r instanceof Error));
  const refusals = results.filter((r): r is UserError => r instanceof UserError);
  assert.equal(answered.length + refusals.length, 40, 'each order is answered or refused with a user error, none ends in an internal error');
  assert.ok(answered.length >= 5, 'orders before the signal were answered');
  assert.ok(refusals.some((r) => /^the daemon is stopping: it takes no new orders/.test(r.message)), refusals.map((r) => r.message).join('\n'));
  await handle.stop('again');
  await client.close();

  const after = await createSession({ dataDir: dir, tickMs: 0, seed: 9 });
  try {
    const orders = after.orders({ all: true });
    assert.equal(orders.filter((o) => o.status === 'submitted').length, 0, 'nothing acknowledged but unrecorded');
    const placed = answered.filter((r) => r.ok).length;
    assert.equal(orders.length, placed, `every order the daemon answered is in the ledger, and none it did not answer (refusals: ${refusals.map((r) => r.message).join(' / ').slice(0, 400)})`);
  } finally {
    await after.close();
  }
});

test('a client attached when the daemon stops is told why', async () => {
  const dir = tmpDir();
  let handle!: DaemonHandle;
  await new Promise<void>((resolve) => {
    void runDaemon({ exchange: 'sim', seed: 2, dataDir: dir }, { env: {}, stderr: new PassThrough() }, { tickMs: 0, signals: [], onReady: (h) => { handle = h; resolve(); } });
  });
  const c = await attachDaemon(handle.socketPath);
  await handle.stop('SIGTERM');
  assert.equal(await c.detached, 'the daemon stopped: SIGTERM');
  await c.close();
});

test('the risk limits set with atapi config refuse an oversized strategy order in the daemon', async () => {
  const dir = tmpDir();
  const { SettingsFile } = await import('../../../source/adapters/settings/settings-file.js');
  new SettingsFile(dir).set('risk.maxOrderNotional', '10');
  let handle!: DaemonHandle;
  const ready = new Promise<void>((resolve) => {
    void runDaemon({ exchange: 'sim', seed: 9, dataDir: dir }, { env: {}, stderr: new PassThrough() }, { tickMs: 0, signals: [], onReady: (h) => { handle = h; resolve(); } });
  });
  await ready;
  const client = await attachIfRunning({ exchange: 'sim', dataDir: dir }, {});
  assert.ok(client);
  try {
    // What the daemon's session refuses is what a strategy instance in it would be refused:
    // one composition of session and limits (an order carrying a strategy id, as instances send).
    const r = await client.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01, strategyId: 'sma-BTCUSDT-1m-1' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /10/);
    // Issue 20: a size over the limit is refused at start, with the number and the setting.
    await assert.rejects(client.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '100USDT' }), /size 100USDT refused: .*risk\.maxOrderNotional/);
    const started = await client.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '9USDT' });
    assert.equal(started.status, 'running');
  } finally {
    await client.close();
    await handle.stop('test');
  }
});
