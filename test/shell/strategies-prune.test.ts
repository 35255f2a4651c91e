import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';
import { tmpDir } from '../helpers/tmp.js';
import { inProcessDaemon, until } from '../helpers/daemon.js';
import { attachDaemon } from '../../source/app/daemon/remote-session.js';

const run = (s: Parameters<typeof runLine>[0], line: string) => runLine(s, line, { source: 'shell', color: false });

test('strategies prune: asks first, takes only stopped flat instances off the list, keeps their fills, never gives their ids again, and survives a restart', async () => {
  const dir = tmpDir();
  const series = generateCandles(600, { seed: 9, timeframeMs: 60_000 });
  const open = async () => {
    const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
    const s = await createSession({ dataDir: dir, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12 } });
    return { s, venue };
  };
  const { s, venue } = await open();
  try {
    venue.next();
    assert.ok((await run(s, 'start sma BTC/USDT --size 200USDT --fast 3 --slow 8')).ok);
    const traded = 'sma-BTCUSDT-1m-1';
    while (venue.next()) {
      await s.strategiesIdle();
      if (s.strategies()[0]!.position > 0 && s.orders().length === 0) break;
    }
    assert.ok((await run(s, `stop ${traded}`)).ok, 'stopped, its position kept');
    assert.ok((await run(s, 'start rsi BTC/USDT --size 100USDT')).ok);
    assert.ok((await run(s, 'stop rsi-BTCUSDT-1m-2')).ok);
    assert.ok((await run(s, 'start sma BTC/USDT --size 100USDT')).ok);

    let out = await run(s, 'strategies prune');
    assert.equal(out.ok, false, 'nothing happens without --yes');
    assert.match(out.text, /^\[PAPER · REPLAY\] strategies prune would take 1 stopped instance off the list: rsi-BTCUSDT-1m-2 \(their orders and fills stay in the ledger\); sma-BTCUSDT-1m-1 stays: it still holds [\d.]+ BTC\/USDT \(close it first: stop sma-BTCUSDT-1m-1 --close\)\. Add --yes to do it$/);
    assert.equal(s.strategies().length, 3);
    assert.match((await run(s, 'strategies prune --now')).text, /unexpected "--now" after prune; usage: strategies \[--all\] \| strategies prune \[--yes\]/);

    out = await run(s, `stop ${traded} --close --yes`);
    assert.ok(out.ok, out.text);
    venue.next();
    await s.strategiesIdle();
    const own = () => s.state().ledger.strategyTrades?.[traded]?.length ?? 0;
    const fillsBefore = own();
    const allFills = s.trades().length;
    assert.ok(fillsBefore >= 2, 'bought, then sold by stop --close');

    out = await run(s, 'strategies prune --yes');
    assert.ok(out.ok, out.text);
    assert.equal(out.text, `[PAPER · REPLAY] took ${traded}, rsi-BTCUSDT-1m-2 off the list; their orders and fills stay in the ledger`);
    assert.deepEqual(s.strategies().map((v) => v.id), ['sma-BTCUSDT-1m-3'], 'the running one stays');
    assert.equal(own(), fillsBefore, 'its own trades stay');
    assert.equal(s.trades().length, allFills, 'every fill stays');
    assert.match((await run(s, 'orders --all')).text, new RegExp(`${traded}$`, 'm'));
    await s.store.whenDurable();
    assert.match((await run(s, 'history strategy/pruned')).text, /taken off the strategy list: sma-BTCUSDT-1m-1, rsi-BTCUSDT-1m-2 \(their orders and fills stay in the ledger\)/);
    assert.equal((await run(s, 'strategies prune')).text, '[PAPER · REPLAY] nothing to prune');
    // A new instance never takes a pruned id (its fills would become the new one's).
    const again = await run(s, 'start sma BTC/USDT --size 100USDT');
    assert.match(again.text, /started sma-BTCUSDT-1m-4:/);
    const rsi = await run(s, 'start rsi BTC/USDT --size 100USDT');
    assert.match(rsi.text, /started rsi-BTCUSDT-1m-5:/, 'numbers go on from every instance the ledger knows, pruned ones included');
  } finally {
    await s.close();
  }
  const reopened = await open();
  try {
    assert.deepEqual(reopened.s.strategies().map((v) => v.id).sort(), ['sma-BTCUSDT-1m-3', 'rsi-BTCUSDT-1m-5', 'sma-BTCUSDT-1m-4'].sort(), 'the pruned stay off the list after a restart');
  } finally {
    await reopened.s.close();
  }
});

test('strategies prune from a terminal attached to the daemon: the daemon records it, every replica drops the instance', async () => {
  const d = await inProcessDaemon(12);
  const a = await attachDaemon(d.socketPath, { notifyIntervalMs: 0 });
  try {
    assert.ok((await run(a, 'start sma BTC/USDT --size 100USDT')).ok);
    assert.ok((await run(a, 'stop sma-BTCUSDT-1m-1')).ok);
    const out = await run(a, 'strategies prune --yes');
    assert.equal(out.text, '[PAPER · SIM] took sma-BTCUSDT-1m-1 off the list; their orders and fills stay in the ledger');
    assert.deepEqual(d.session.strategies(), []);
    await until(() => a.strategies().length === 0, 'the replica follows');
  } finally {
    await a.close();
    await d.server.close('test over');
    await d.session.close();
  }
});

test('strategies --all after every instance was pruned: says how many were pruned and where their figures are, not "none has run"', async () => {
  const series = generateCandles(50, { seed: 3, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now });
  try {
    venue.next();
    assert.match((await run(s, 'strategies --all')).text, /^no strategy has run yet \(start one: start sma BTC\/USDT\)$/);
    assert.ok((await run(s, 'start rsi BTC/USDT --size 100USDT')).ok);
    assert.ok((await run(s, 'stop rsi-BTCUSDT-1m-1')).ok);
    assert.ok((await run(s, 'strategies prune --yes')).ok);
    assert.equal((await run(s, 'strategies --all')).text, 'no strategy listed: 1 pruned instance (their figures: pnl --by strategy) (start one: start sma BTC/USDT)');
  } finally {
    await s.close();
  }
});
