import assert from 'node:assert/strict';
import { runLine } from '../../../source/shell/run-line.js';
import { algoAt, BTC, fillsOf, orderOf, withUsdmSandbox } from '../../helpers/usdm-sandbox-fixture.js';

/*
 * The shell on a sandbox-backed USD-M session (ccxt's binanceusdm): a perpetual stop typed as a
 * trader types it goes to Binance's algo service, is listed with its trigger while it waits,
 * fires when the price falls through it and fills onto the order the shell placed.
 */
const fx = withUsdmSandbox(27);
const { test } = fx;
const shell = { source: 'shell' as const, color: false };

test('shell: `sell BTC/USDT:USDT 0.01 --stop P --reduce-only` on the sandbox through ccxt: placed on the algo service, listed open with its trigger, fired by the price, filled; a distance trail refused in one line', async () => {
  const s = await fx.open();
  try {
    assert.equal((await runLine(s, `long ${BTC} 0.01`, shell)).ok, true);
    await fx.until('the long', () => s.futures.positions().some((p) => p.qty === 0.01));
    const trigger = Math.round(fx.last() * 0.98);
    const placed = await runLine(s, `sell ${BTC} 0.01 --stop ${trigger} --reduce-only`, shell);
    assert.equal(placed.ok, true, placed.text);
    assert.match(placed.text, /order 2: sell 0\.01 BTC\/USDT:USDT market stop-loss stop [\d,.]+ \(at or below\) reduce-only open/);
    const o = orderOf(s, '2');
    assert.equal((await algoAt(fx.sbx, o.clientOrderId)).orderType, 'STOP_MARKET');
    const listed = (await runLine(s, 'orders', shell)).text;
    assert.match(listed, /stop-market .* open +<=[\d,.]+ +manual/);

    const trail = await runLine(s, `sell ${BTC} 0.01 --trailing 150 --reduce-only`, shell);
    assert.equal(trail.ok, false);
    assert.equal(trail.text.trim().split('\n').length, 1, trail.text);
    assert.match(trail.text, /trails by a percent only .*use --trailing P%/);

    await fx.move(0.96);
    await fx.until('the stop filled', () => orderOf(s, '2').status === 'filled', () => orderOf(s, '2'));
    assert.equal(fillsOf(s, '2').length, 1);
    await fx.until('flat', () => s.futures.positions().every((p) => p.qty === 0));
    const after = (await runLine(s, 'orders --all', shell)).text;
    assert.match(after, /stop-market .* filled/);
  } finally {
    await s.close();
  }
});

test('shell: `close BTC/USDT:USDT --stop P` is a close-position stop (closePosition=true, no quantity sent): the position grows before it fires, and the ledger keeps the size it fired with', async () => {
  const s = await fx.open();
  try {
    assert.equal((await runLine(s, `long ${BTC} 0.01`, shell)).ok, true);
    await fx.until('the long', () => s.futures.positions().some((p) => p.qty === 0.01));
    const placed = await runLine(s, `close ${BTC} --stop ${Math.round(fx.last() * 0.98)}`, shell);
    assert.equal(placed.ok, true, placed.text);
    assert.match(placed.text, /order 2: sell 0\.01 BTC\/USDT:USDT market stop-loss stop [\d,.]+ \(at or below\) close-position open/);
    const wire = await algoAt(fx.sbx, orderOf(s, '2').clientOrderId);
    assert.deepEqual([wire.orderType, wire.closePosition, wire.reduceOnly], ['STOP_MARKET', true, false]);
    // The long grows after the stop was placed: it closes all of it when it fires.
    assert.equal((await runLine(s, `long ${BTC} 0.005`, shell)).ok, true);
    await fx.until('the bigger long', () => s.futures.positions().some((p) => p.qty === 0.015));
    await fx.move(0.96);
    await fx.until('the stop filled', () => orderOf(s, '2').status === 'filled', () => orderOf(s, '2'));
    const o = orderOf(s, '2');
    assert.deepEqual([o.qty, o.filledQty], [0.015, 0.015], 'the size it fired with');
    assert.equal(fillsOf(s, '2').reduce((q, f) => q + f.qty, 0), 0.015);
    await fx.until('flat', () => s.futures.positions().every((p) => p.qty === 0));
    // Without a position it has nothing to close: refused before it leaves.
    const none = await runLine(s, `close ${BTC} --stop 1000`, shell);
    assert.equal(none.ok, false);
    assert.match(none.text, /no open position/);
  } finally {
    await s.close();
  }
});

test('a close-position stop on a venue without it (the simulated exchange) is refused in one line, nothing sent', async () => {
  const { SimVenue } = await import('../../../source/adapters/simulated/sim-venue.js');
  const { createSession } = await import('../../../source/app/session/session.js');
  const clock = { t: 1_700_000_000_000 };
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 4, clock: () => clock.t, tickMs: 0, perpetuals: true, backfillMinutes: 3 }), clock: () => clock.t });
  try {
    assert.equal((await runLine(s, `long ${BTC} 0.01`, shell)).ok, true);
    const r = await runLine(s, `close ${BTC} --stop ${Math.round(s.ticker(BTC).last * 0.97)}`, shell);
    assert.equal(r.ok, false);
    assert.match(r.text, /close-position stops are not supported on .*Binance USD-M has them.*give the quantity and --reduce-only; nothing was sent/);
    assert.equal(r.text.trim().split('\n').length, 1);
    assert.equal(s.orders().length, 0);
    const bad = await runLine(s, `close ${BTC} --stop abc`, shell);
    assert.match(bad.text, /bad --stop "abc"/);
  } finally {
    await s.close();
  }
});
