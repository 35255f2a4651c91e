import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { FaultyFs } from '../../sim/faulty-fs.js';

/**
 * The whole session on the simulator's disk: orders acknowledged before the machine dies in
 * the middle of a log write are all there after a restart on the disk it left, and the
 * history reads through the same disk.
 */
test('a session on the faulty disk: acknowledged orders survive a torn write and a restart', async () => {
  const disk = new FaultyFs({ random: () => 0.3, zeroTails: true });
  let t = 1_700_000_000_000;
  const options = { dataDir: '/data', fs: disk, seed: 11, tickMs: 0, clock: () => (t += 10), venueConfig: { stateDir: undefined } };
  const first = await createSession(options);
  const acked: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await first.buy('BTC/USDT', 0.001);
    assert.ok(r.ok, !r.ok ? r.error : '');
    if (r.ok) acked.push(r.order.id);
  }
  disk.tearAfter(40);
  const dying = await first.buy('BTC/USDT', 0.001);
  assert.equal(dying.ok, false);
  assert.ok(disk.crashed);
  const after = disk.crash();
  const second = await createSession({ ...options, fs: after });
  const orders = second.orders({ all: true });
  for (const id of acked) assert.equal(orders.find((o) => o.id === id)?.status, 'filled', `acknowledged order ${id}`);
  assert.ok(second.history({ type: 'order/submitted' }).length >= acked.length, 'history reads the injected disk');
  await second.close();
});
