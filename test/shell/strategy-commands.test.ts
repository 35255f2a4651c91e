import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

const run = (s: Parameters<typeof runLine>[0], line: string) => runLine(s, line, { source: 'shell', color: false });

test('shell: start, strategies, status, stop --close (asks for --yes, says what it sells), and a strategy column in orders and trades', async () => {
  const series = generateCandles(600, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12 } });
  try {
    venue.next();
    assert.ok((await run(s, 'buy BTC/USDT 0.001')).ok);
    let out = await run(s, 'start sma BTC/USDT --size 200USDT --fast 3 --slow 8');
    assert.ok(out.ok, out.text);
    assert.match(out.text, /^\[PAPER · REPLAY\] started sma-BTCUSDT-1m-1: sma on BTC\/USDT 1m, size 200USDT, fast=3 slow=8; warm-up 0\/9 candles$/);
    const id = 'sma-BTCUSDT-1m-1';
    assert.match((await run(s, 'start sma BTC/USDT --size 10EUR')).text, /bad size "10EUR"/);
    assert.match((await run(s, 'start sma BTC/USDT --fast')).text, /--fast needs a value/);
    while (venue.next()) {
      await s.strategiesIdle();
      if (s.strategies()[0].position > 0 && s.orders().length === 0) break;
    }
    out = await run(s, 'strategies');
    assert.match(out.text, /^ID +SYMBOL +TF +SIZE +STATE +POS +AVG +NET REAL +UNREAL +FEES +TRADES +WIN +SIGNAL/);
    assert.match(out.text, new RegExp(`${id} +BTC/USDT +1m +200USDT +running`));
    out = await run(s, `status ${id}`);
    assert.match(out.text, /^sma-BTCUSDT-1m-1: sma on BTC\/USDT 1m, PAPER, running/);
    assert.match(out.text, /trades:\nTIME \(UTC\) +ORDER +SIDE/);
    const own = s.strategies()[0].position;
    out = await run(s, `stop ${id} --close`);
    assert.equal(out.ok, false);
    assert.match(out.text, new RegExp(`stop --close would sell ${own} BTC of BTC/USDT at market .*: the position ${id} bought\\. Add --yes`));
    assert.equal(s.strategies()[0].status, 'running', 'nothing happened without --yes');
    out = await run(s, `stop ${id} --close --yes`);
    assert.ok(out.ok, out.text);
    assert.match(out.text, new RegExp(`stopped ${id}; sell ${own} BTC`));
    venue.next();
    const orders = (await run(s, 'orders --all')).text.split('\n');
    assert.match(orders[0], /STATUS +STRATEGY$/);
    assert.match(orders[1], / manual$/);
    assert.ok(orders.slice(2).every((l) => l.endsWith(id)), orders.join('\n'));
    const trades = (await run(s, 'trades 100')).text.split('\n');
    assert.match(trades[1], / manual$/);
    assert.match(trades[2], new RegExp(`${id}$`));
    assert.match((await run(s, 'strategies')).text, /no strategy running/);
    // Stopped and sold, its last word is the sale, not the buy it held before (walk, round 5:
    // it read "buy 01:09" beside a position of 0).
    assert.match((await run(s, 'strategies --all')).text, /stopped +0\.0+ .* sell \d\d:\d\d$/m);
    assert.match((await run(s, `status ${id}`)).text, /^last signal sell at .*: stopped and sold its own position$/m);
    assert.match((await run(s, 'stop nope-1')).text, /no strategy nope-1/);
    assert.match((await run(s, 'help stop')).text, /--close also sells, at market, exactly the position/);
  } finally {
    await s.close();
  }
});

test('shell: start with an instance id (to start a stopped one again) says each start is a new instance, in one line', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 3, notifyIntervalMs: 0 });
  try {
    for (const id of ['sma-BTCUSDT-1m-1', 'sma-ls-BTCUSDT:USDT-1m-4']) {
      const out = await run(s, `start ${id}`);
      assert.equal(out.ok, false);
      assert.equal(out.text.split('\n').length, 1, out.text);
      assert.match(out.text, new RegExp(`${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is an instance: a stopped one is not started again; start NAME SYMBOL starts a new one \\(the stopped one keeps its position: stop .* --close sells it\\)`));
    }
    assert.match((await run(s, 'start sma')).text, /start needs a strategy name and a symbol/, 'a name alone: as before');
  } finally {
    await s.close();
  }
});
