import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { messageFor } from '../../../source/app/notify/notify-text.js';
import { runLine } from '../../../source/shell/run-line.js';
import { parseLine } from '../../../source/shell/parse-line.js';
import { describeActivity, storeLineContext } from '../../../source/app/activity/activity-log.js';

const shell = { source: 'shell' as const, color: false };
const NOON = Date.UTC(2026, 11, 9, 12);

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(cond(), 'the condition came true');
}

test('alert pnl: a percent or an amount of today\'s PnL; goes off once when crossed, recorded, listed, told', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, clock: () => NOON, notifyIntervalMs: 0 });
  try {
    let out = await runLine(s, 'alert pnl < -0.5USDT', shell);
    assert.equal(out.ok, true, out.text);
    assert.equal(out.text, "alert 1: today's PnL < -0.50 USDT (now 0.00 USDT)");
    out = await runLine(s, 'alert pnl below -0.005%', shell);
    assert.equal(out.text, "alert 2: today's PnL < -0.01% (now 0%)");
    assert.equal((await runLine(s, 'alert pnl > 500 USDT', shell)).ok, true, 'an amount may be two words');
    assert.equal(s.state().ledger.triggeredAlerts.length, 0, 'nothing crossed yet');
    // A taker buy of about 960 USDT pays about 0.96 USDT in fees: today's PnL is about -0.96 USDT, -0.0096%.
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    await until(() => s.state().ledger.triggeredAlerts.length === 2);
    const fired = s.state().ledger.triggeredAlerts;
    assert.deepEqual(fired.map((a) => a.id).sort(), ['1', '2']);
    assert.ok(fired.every((a) => a.last < 0));
    assert.deepEqual(s.alerts().map((a) => a.id), ['3'], 'the one not reached waits');
    // Once: a second loss does not set them off again.
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
    assert.equal(s.state().ledger.triggeredAlerts.length, 2);
    assert.equal(s.history({ type: 'alert/triggered' }).length, 2, 'recorded in the ledger');
    out = await runLine(s, 'alerts', shell);
    assert.match(out.text, /3\s+today's PnL\s+> 500\.00 USDT\s+waiting/);
    assert.match(out.text, /1\s+today's PnL\s+< -0\.50 USDT\s+went off at -0\.9\d USDT/);
    assert.match(out.text, /2\s+today's PnL\s+< -0\.01%\s+went off at -0\.01%/);
    const e = s.history({ type: 'alert/triggered' })[0];
    assert.match(messageFor(e.event, s.state(), s.venue), /^alert: today's PnL < -0\.50 USDT: alert 1 went off at -0\.9\d USDT$/);
    assert.match(describeActivity(e, storeLineContext(s.store, s.venue))!.text, /^alert 1 today's PnL went off at -0\.9\d USDT$/);
  } finally {
    await s.close();
  }
});

test('alert pnl: a bad level or direction is a one-line usage error, and nothing is set', () => {
  for (const [line, error] of [
    ['alert pnl < -2', /bad PnL level "-2": use a percent of the day's opening equity \(-2%\) or an amount in USDT \(500USDT\)/],
    ['alert pnl < 2BTC', /bad PnL level "2BTC"/],
    ['alert pnl < -150%', /a percent between -100% and 100%/],
    ['alert pnl = 5%', /bad direction "="/],
    ['alert pnl <', /alert pnl needs a direction and a level/],
  ] as const) {
    const p = parseLine(line);
    assert.equal(p.ok, false, line);
    assert.match((p as { error: string }).error, error, line);
  }
});
