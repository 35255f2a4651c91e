import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { runLine } from '../../../source/shell/run-line.js';
import { dailySummary } from '../../../source/app/notify/notify-watches.js';

const DAY = 86_400_000;
const DAY1 = Date.UTC(2026, 0, 1);
const PERP = 'BTC/USDT:USDT';
const ID = 'sma-ls-BTCUSDT:USDT-1m-1';

/** sma-ls short 0.05 of its own at noon of day 1; the trader closes the position by hand (close --force) at `closeAt`. */
async function closedAt(closeAt: number) {
  let now = DAY1 + DAY / 2;
  const venue = new SimVenue({ seed: 5, clock: () => now, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => now });
  s.dispatch([{ type: 'strategy/status', data: { strategyId: ID, name: 'sma-ls', symbol: PERP, venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.05BTC' } }]);
  assert.ok((await s.order({ symbol: PERP, side: 'sell', type: 'market', qty: 0.05, strategyId: ID })).ok);
  now = closeAt;
  assert.ok((await runLine(s, `close ${PERP} --force`, { source: 'shell', color: false })).ok);
  now = DAY1 + 2 * DAY + 60_000;
  return s;
}

test("the daily summary judges what was gone at the day's end, not when it is built: a position closed by hand the next day was still the instance's on the day", async () => {
  const s = await closedAt(DAY1 + DAY + DAY / 2);
  try {
    const day1 = dailySummary(s, DAY1, DAY1 + DAY);
    assert.doesNotMatch(day1, /gone|takes over/, day1);
    assert.match(day1, new RegExp(`\\n${ID}: [-+][\\d.]+ USDT \\(realised [-+][\\d.]+ net of fees [\\d.]+, unrealised [-+][\\d.]+\\), 1 trade\\n`));
    assert.doesNotMatch(day1, new RegExp(`\\n${ID}: .*unrealised \\+0\\.00\\)`), 'its unrealised on the day is its own');
    // The day of the close: gone, manual took it over.
    const day2 = dailySummary(s, DAY1 + DAY, DAY1 + 2 * DAY);
    assert.match(day2, new RegExp(`\\n${ID}: position gone: closed outside the strategy — 0 of -0\\.05 BTC held; no unrealised PnL$`), day2);
    assert.match(day2, /\nmanual takes over -0\.05 BTC of /);
  } finally {
    await s.close();
  }
});

test('the daily summary: a position closed the same day reads gone on that day', async () => {
  const s = await closedAt(DAY1 + DAY / 2 + 3_600_000);
  try {
    const day1 = dailySummary(s, DAY1, DAY1 + DAY);
    assert.match(day1, /\nmanual takes over -0\.05 BTC of /, day1);
    assert.match(day1, /position gone: closed outside the strategy — 0 of -0\.05 BTC held/);
  } finally {
    await s.close();
  }
});
