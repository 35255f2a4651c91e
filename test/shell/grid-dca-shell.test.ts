import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';
import { newStartForm, startSpec } from '../../source/ui/strategy-start-form.js';
import { findAnyStrategy } from '../../source/strategies/registry.js';

const run = (s: Parameters<typeof runLine>[0], line: string) => runLine(s, line, { source: 'shell', color: false });

test('shell: start dca with --amount and units, start grid, stop cancels the grid\'s orders; bad input is one line', async () => {
  const series = generateCandles(300, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12 } });
  try {
    venue.next();
    let out = await run(s, 'start dca BTC/USDT --amount 100USDT --every 1h --on-drop 2% --take-profit 5%');
    assert.ok(out.ok, out.text);
    assert.match(out.text, /started dca-BTCUSDT-1m-1: dca on BTC\/USDT 1m, size 100USDT, every=1h on-drop=2%, exits --take-profit 5%/);
    const c = series.c[0];
    out = await run(s, `start grid BTC/USDT --lower ${Math.round(c * 0.98)} --upper ${Math.round(c * 1.02)} --levels 9 --size 50USDT`);
    assert.ok(out.ok, out.text);
    for (let i = 0; i < 3; i++) {
      venue.next();
      await s.strategiesIdle();
    }
    const open = () => s.orders().filter((o) => o.strategyId === 'grid-BTCUSDT-1m-2');
    assert.ok(open().length > 0 && open().length <= 8, `${open().length} resting`);
    // A cancel by hand of a running grid's order says the grid may lay it again (it does, at its next close).
    const theirs = open()[0]!;
    out = await run(s, `cancel ${theirs.id}`);
    assert.ok(out.ok, out.text);
    assert.match(out.text, new RegExp(`^order ${theirs.id}: .* cancelled.*; it was grid-BTCUSDT-1m-2's, which still runs and may place it again at its next close \\(stop grid-BTCUSDT-1m-2 to take its orders down\\)$`));
    out = await run(s, 'stop grid-BTCUSDT-1m-2');
    assert.ok(out.ok, out.text);
    assert.equal(open().length, 0);
    // Stopped, it keeps what it bought: still listed by strategies (without --all), as money the trader holds.
    assert.ok(s.strategies().find((v) => v.id === 'grid-BTCUSDT-1m-2')!.position > 0);
    assert.match((await run(s, 'strategies')).text, /grid-BTCUSDT-1m-2 .* stopped /);
    // The trader's own order: nothing added.
    const mine = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: Math.round(c * 0.97) });
    assert.ok(mine.ok);
    assert.doesNotMatch((await run(s, `cancel ${mine.order.id}`)).text, /it was|still runs/);
    assert.match((await run(s, 'start dca BTC/USDT --every soon')).text, /--every needs a number, a percent \(3%\) or a duration/);
    // A bare number is milliseconds: --every 5 was a dca buying at every candle. Refused, nothing started.
    const before = s.strategies().length;
    assert.match((await run(s, 'start dca BTC/USDT --every 5')).text, /--every is a duration: give its unit, like 5m, 5h or 5d \(a bare 5 would be 5 milliseconds\)/);
    assert.equal(s.strategies().length, before);
    assert.match((await run(s, 'start grid BTC/USDT --levels 5')).text, /grid needs --lower and --upper/);
    assert.match((await run(s, `start grid BTC/USDT --lower 1 --upper 2 --stop-loss 3%`)).text, /grid leaves by its range/);
  } finally {
    await s.close();
  }
});

test('the start form lists dca\'s and grid\'s parameters from their definitions and takes units', () => {
  const form = newStartForm(findAnyStrategy('dca')!, 'BTC/USDT', '100USDT');
  assert.deepEqual(form.params.map((p) => p.name), ['every', 'on-drop']);
  const typed = { ...form, params: form.params.map((p) => ({ ...p, value: p.name === 'every' ? '4h' : '3%' })) };
  const spec = startSpec(typed);
  assert.ok(spec.ok);
  assert.deepEqual(spec.ok && spec.spec.params, { every: 4 * 3_600_000, 'on-drop': 3 });
  assert.deepEqual(form.params.map((p) => p.value), ['0', '0%'], 'defaults shown in their units');
  const bare = startSpec({ ...form, params: form.params.map((p) => ({ ...p, value: p.name === 'every' ? '5' : '0' })) });
  assert.deepEqual(bare, { ok: false, error: '--every is a duration: give its unit, like 5m, 5h or 5d (a bare 5 would be 5 milliseconds)', field: 2 });
  assert.deepEqual(newStartForm(findAnyStrategy('grid')!, 'BTC/USDT', '50USDT').params.map((p) => p.name), ['lower', 'upper', 'levels']);
});

test("shell: a trader's sell that would take what a running strategy holds as its own is asked twice (--force), never silent", async () => {
  const series = generateCandles(300, { seed: 9, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now, limits: { maxOrderNotional: 1e12, maxPositionNotional: 1e12 } });
  try {
    venue.next();
    assert.ok((await run(s, 'start dca BTC/USDT --size 100USDT --every 1h')).ok);
    for (let i = 0; i < 2; i++) {
      venue.next();
      await s.strategiesIdle();
    }
    const own = s.strategies()[0]!.position;
    assert.ok(own > 0, 'the dca bought');
    // The trader's own coins on top: selling those is nobody else's business.
    assert.ok((await run(s, 'buy BTC/USDT 0.001')).ok);
    venue.next();
    await s.strategiesIdle();
    const mine = await run(s, 'sell BTC/USDT 0.001');
    assert.ok(mine.ok, mine.text);
    venue.next();
    await s.strategiesIdle();
    const theirs = await run(s, `sell BTC/USDT ${own}`);
    assert.equal(theirs.ok, false);
    assert.match(theirs.text, /sell not sent: it leaves 0 BTC, while running strategies hold [\d.]+ of it as their own \(dca-BTCUSDT-1m-1\): they could not close their share \(stop them first to take it over\)\. Check it, then add --force/);
    assert.equal(s.strategies()[0]!.position, own, 'nothing sent');
    const forced = await run(s, `sell BTC/USDT ${own} --force`);
    assert.ok(forced.ok, forced.text);
  } finally {
    await s.close();
  }
});
