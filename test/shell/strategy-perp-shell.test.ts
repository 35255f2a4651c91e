import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

test('shell: start sma-ls on a perpetual; it trades long and short with its own account; stop --close is reduce-only', async () => {
  const clock = { t: Date.parse('2026-11-25T10:00:00Z') };
  const venue = new SimVenue({ seed: 11, clock: () => clock.t, tickMs: 0, backfillMinutes: 3, perpetuals: true });
  const s = await createSession({ persist: false, venue, clock: () => clock.t });
  const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
  try {
    const started = await run('start sma-ls BTC/USDT:USDT --size 0.01BTC --fast 2 --slow 3');
    assert.equal(started.ok, true, started.text);
    assert.match(started.text, /started sma-ls-BTCUSDT:USDT-1m-1: sma-ls on BTC\/USDT:USDT 1m, size 0\.01BTC, fast=2 slow=3/);
    const id = 'sma-ls-BTCUSDT:USDT-1m-1';
    const seen = new Set<string>();
    for (let i = 0; i < 6 * 40; i++) {
      clock.t += 10_000;
      venue.tick();
      await s.strategiesIdle();
      const p = s.strategies().find((v) => v.id === id)!.position;
      if (p !== 0) seen.add(p > 0 ? 'long' : 'short');
    }
    assert.deepEqual([...seen].sort(), ['long', 'short']);
    const list = await run('strategies');
    assert.match(list.text, /sma-ls-BTCUSDT:USDT-1m-1/);
    const position = s.strategies().find((v) => v.id === id)!.position;
    assert.ok(position !== 0, 'in the market: sma-ls is always in once it crossed');
    // Positions show the rate the next funding payment will use.
    assert.match((await run('positions')).text, /\nnext funding: BTC\/USDT:USDT -?\d\.\d{4}% at 16:00 UTC \(a long pays a positive rate\)\n/);
    const ask = await run(`stop ${id} --close`);
    assert.equal(ask.ok, false, 'money moves only after --yes');
    assert.match(ask.text, new RegExp(`stop --close would ${position > 0 ? 'sell' : 'buy back'} 0\\.01 BTC of BTC/USDT:USDT at market, reduce-only .* Add --yes to stop and close it`));
    const stop = await run(`stop ${id} --close --yes`);
    assert.equal(stop.ok, true, stop.text);
    assert.match(stop.text, new RegExp(`stopped ${id}; close ${position > 0 ? 'sell' : 'buy'} 0\\.01 BTC filled`));
    assert.deepEqual(s.futures.positions(), []);
  } finally {
    await s.close();
  }
});

test("shell: close on a perpetual whose position is partly a running strategy's own is asked twice (--force); long/short likewise", async () => {
  const NOON = Date.UTC(2026, 0, 1, 12);
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
  try {
    const perp = 'BTC/USDT:USDT';
    const id = 'sma-ls-BTCUSDT:USDT-1m-4';
    s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: perp, venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.06BTC' } }]);
    assert.ok((await s.order({ symbol: perp, side: 'sell', type: 'market', qty: 0.06, strategyId: id })).ok);
    const long = await run(`long ${perp} 0.05`);
    assert.equal(long.ok, false);
    assert.match(long.text, /long not sent: it leaves the BTC\/USDT:USDT position at -0\.01, while running strategies hold -0\.06 of it as their own \(sma-ls-BTCUSDT:USDT-1m-4\)/);
    const close = await run(`close ${perp}`);
    assert.equal(close.ok, false);
    assert.match(close.text, /close not sent: it leaves the BTC\/USDT:USDT position at 0, while running strategies hold -0\.06 .*add --force to send it anyway$/);
    assert.equal(s.futures.positions()[0]?.qty, -0.06, 'nothing sent');
    const forced = await run(`close ${perp} --force`);
    assert.ok(forced.ok, forced.text);
    assert.equal(s.futures.positions().length, 0);
  } finally {
    await s.close();
  }
});
