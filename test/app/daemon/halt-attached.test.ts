import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attachDaemon } from '../../../source/app/daemon/remote-session.js';
import { daemonStatus } from '../../../source/app/daemon/daemon-client.js';
import { formatStatus } from '../../../source/format/daemon-status-text.js';
import { UserError } from '../../../source/domain/index.js';
import { runLine } from '../../../source/shell/run-line.js';
import { inProcessDaemon, until } from '../../helpers/daemon.js';

const daemon = inProcessDaemon;

test('attached: flatten from a terminal is the daemon\'s: its strategies stop, its orders go, every terminal sees HALTED and buys are refused until resume', async () => {
  const d = await daemon();
  try {
    const a = await attachDaemon(d.socketPath, { notifyIntervalMs: 0 });
    const b = await attachDaemon(d.socketPath, { notifyIntervalMs: 0 });
    const started = await a.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '100USDT' });
    const bid = a.book('BTC/USDT', 1).bids[0][0];
    const resting = await a.buy('BTC/USDT', 0.001, Math.round(bid * 0.9));
    assert.ok(resting.ok && resting.order.status === 'open');

    const out = await runLine(a, 'flatten lunch --yes', { source: 'tui', color: false });
    assert.equal(out.ok, true, out.text);
    assert.deepEqual(out.json, { stopped: [started.id], cancelled: [resting.order.id], closed: [], problems: [] });
    assert.equal(d.session.halted()?.source, 'tui', 'the daemon recorded the source of the terminal');
    const status = await daemonStatus(d.dir);
    assert.equal(status.halted?.reason, 'lunch');
    assert.match(formatStatus(status), /^trading +HALTED: trading is halted by tui: "lunch" \(resume to trade again\)$/m);
    await until(() => b.halted()?.reason === 'lunch', 'the other terminal sees the halt');
    assert.equal(b.strategies()[0].status, 'stopped');
    assert.equal(b.orders().length, 0);
    // Refused by the replica's check before asking, and by the daemon's when asked.
    assert.equal(b.checkOrder({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 })?.code, 'trading.halted');
    const buy = await b.buy('BTC/USDT', 0.001);
    assert.ok(!buy.ok && buy.refusal.code === 'trading.halted', JSON.stringify(buy));
    await assert.rejects(b.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT' }), (e: unknown) => e instanceof UserError && /^not started: trading is halted by tui/.test((e as Error).message));

    // Stopping: resume would let orders through and is refused; flatten takes risk off and is not.
    d.server.refuseOrders('the daemon is stopping: it takes no new orders');
    await assert.rejects(b.resume({ source: 'shell' }), (e: unknown) => e instanceof UserError && /daemon is stopping/.test((e as Error).message));
    assert.deepEqual(await b.flatten({ reason: 'again', source: 'shell' }), { stopped: [], cancelled: [], closed: [], problems: [] });
    await a.close();
    await b.close();
  } finally {
    await d.server.close('test over');
    await d.session.close();
  }
});

test('attached: resume from a terminal ends the halt everywhere; a resume while not halted is a clear error from the daemon', async () => {
  const d = await daemon();
  try {
    const a = await attachDaemon(d.socketPath, { notifyIntervalMs: 0 });
    await a.flatten({ reason: 'x', source: 'shell' });
    await until(() => a.halted() !== undefined, 'the replica has the halt');
    await a.resume({ source: 'shell' });
    await until(() => a.halted() === undefined, 'the replica has the resume');
    assert.equal(d.session.halted(), undefined);
    assert.ok((await a.buy('BTC/USDT', 0.001)).ok);
    await assert.rejects(a.resume({ source: 'shell' }), (e: unknown) => e instanceof UserError && /^trading is not halted: nothing to resume/.test((e as Error).message));
    // A forged halt event from a terminal is not recorded: only the daemon's port sets it.
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const bad = attachDaemon(d.socketPath, { notifyIntervalMs: 0, onError: (m) => reject(new Error(m)) });
        void bad.then((c) => {
          c.dispatch([{ type: 'trading/resumed', data: { source: 'shell', ts: 1 } }]);
          // Bounded only so a missing refusal fails rather than hangs: generous, since a loaded machine may answer late.
          setTimeout(resolve, 60_000).unref();
        });
      }),
      /a terminal may not record "trading\/resumed" events/,
    );
    await a.close();
  } finally {
    await d.server.close('test over');
    await d.session.close();
  }
});
