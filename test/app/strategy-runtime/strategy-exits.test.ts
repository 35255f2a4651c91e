import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { runLine } from '../../../source/shell/run-line.js';
import { tmpDir } from '../../helpers/tmp.js';

const run = (s: Parameters<typeof runLine>[0], line: string) => runLine(s, line, { source: 'shell', color: false });
const limits = { maxOrderNotional: 1e12, maxPositionNotional: 1e12, maxEquitySharePercent: 100 };

test('shell: start with --stop-loss --take-profit --trailing; bad ones are refused in one line; a restart resumes the exits and the trailing peak', async () => {
  const series = generateCandles(400, { seed: 9, timeframeMs: 60_000 });
  const dir = tmpDir();
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ dataDir: dir, venue, clock: () => venue.now, limits });
  const id = 'sma-BTCUSDT-1m-1';
  let trail: { peak: number; entry: number } | undefined;
  try {
    venue.next();
    assert.match((await run(s, 'start sma BTC/USDT --trailing 0%')).text, /bad --trailing "0%": a percent of the entry price above 0 and below 100, e\.g\. 3%/);
    assert.match((await run(s, 'start sma BTC/USDT --stop-loss')).text, /--stop-loss needs a value/);
    assert.equal(s.strategies().length, 0);
    const out = await run(s, 'start sma BTC/USDT --size 100% --fast 3 --slow 8 --stop-loss 1% --take-profit 2% --trailing 0.3%');
    assert.ok(out.ok, out.text);
    assert.match(out.text, /, exits --stop-loss 1% --take-profit 2% --trailing 0\.3%; warm-up/);
    assert.deepEqual(s.state().ledger.strategies[id].exits, { stopLoss: 1, takeProfit: 2, trailing: 0.3 });
    assert.match((await run(s, `status ${id}`)).text, /^size 100%; params fast=3 slow=8; exits --stop-loss 1% --take-profit 2% --trailing 0\.3%$/m);
    // Play until the instance holds and its trailing peak has moved above its entry.
    while (venue.next()) {
      await s.strategiesIdle();
      const t = s.state().ledger.strategies[id].trail;
      if (t && t.peak > t.entry && s.strategies()[0].position > 0) break;
    }
    trail = s.state().ledger.strategies[id].trail;
    assert.ok(trail && trail.peak > trail.entry, JSON.stringify(trail));
  } finally {
    await s.close();
  }
  // The same ledger opened again: the instance resumes with its exits and its peak.
  const venue2 = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const again = await createSession({ dataDir: dir, venue: venue2, clock: () => venue2.now, limits });
  try {
    const rec = again.state().ledger.strategies[id];
    assert.equal(rec.status, 'running');
    assert.deepEqual(rec.exits, { stopLoss: 1, takeProfit: 2, trailing: 0.3 });
    assert.deepEqual(rec.trail, trail);
  } finally {
    await again.close();
  }
});

test("an exit that fires is recorded with its kind on the signal; a stop-loss or trailing exit sets the instance's lastStopLoss (protect.cooldownMinutes counts it)", async () => {
  const series = generateCandles(600, { seed: 4, timeframeMs: 60_000 });
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series });
  const s = await createSession({ persist: false, venue, clock: () => venue.now, limits });
  const id = 'sma-BTCUSDT-1m-1';
  try {
    venue.next();
    const out = await run(s, 'start sma BTC/USDT --size 100% --fast 3 --slow 8 --stop-loss 0.2% --trailing 0.2%');
    assert.ok(out.ok, out.text);
    const exits = () => s.history({ type: 'strategy/signal' }).flatMap((e) => (e.event.type === 'strategy/signal' && e.event.data.exit ? [e.event.data] : []));
    while (exits().length === 0 && venue.next()) await s.strategiesIdle();
    const [first] = exits();
    assert.ok(first, 'an exit fired within the series');
    assert.ok(first.exit === 'stop-loss' || first.exit === 'trailing', first.exit);
    assert.match(first.reason, new RegExp(`^${first.exit}`));
    assert.equal(s.state().ledger.strategies[id].lastStopLoss, first.ts);
  } finally {
    await s.close();
  }
});
