import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { chartCandles } from '../../source/store/index.js';

const HOUR = 3_600_000;

test('an hourly chart gets the venue\'s older hours before the 1m history, asked once, without changing the market', async () => {
  const a = await createSession({ persist: false, tickMs: 0, seed: 11, clock: () => Date.UTC(2026, 0, 1, 12, 30) });
  const b = await createSession({ persist: false, tickMs: 0, seed: 11, clock: () => Date.UTC(2026, 0, 1, 12, 30) });
  try {
    const before = a.candles('BTC/USDT', '1h').length;
    assert.ok(before <= 6, `the 1m history alone gives a few hours (${before})`);
    await a.loadCandles('BTC/USDT', '1h');
    const hours = a.candles('BTC/USDT', '1h');
    assert.ok(hours.length >= 200, `hundreds of hourly candles (${hours.length})`);
    for (let i = 1; i < hours.length; i++) assert.equal(hours[i].t - hours[i - 1].t, HOUR, `one candle an hour, no gap or overlap at ${i}`);
    const minutes = a.candles('BTC/USDT', '1m');
    // The older hours end where the 1m history starts: the joint is the same price.
    const joint = hours.findIndex((h) => h.t + HOUR > minutes[0].t);
    assert.equal(hours[joint - 1].c, minutes[0].o);
    // Asked once: a second ask adds nothing.
    await a.loadCandles('BTC/USDT', '1h');
    assert.equal(a.candles('BTC/USDT', '1h').length, hours.length);
    // The same seed still gives the same market afterwards (history has a generator of its own).
    assert.deepEqual(a.book('BTC/USDT'), b.book('BTC/USDT'));
  } finally {
    await a.close();
    await b.close();
  }
});

test('chart candles: the venue\'s older candles, then buckets from the 1m candles', () => {
  const m = (t: number, p: number) => ({ t, o: p, h: p, l: p, c: p, v: 1 });
  const direct = [m(0, 1), m(HOUR, 2), m(2 * HOUR, 3)];
  const minutes = [m(2 * HOUR + 60_000, 4), m(2 * HOUR + 120_000, 5), m(3 * HOUR, 6)];
  const out = chartCandles(direct, minutes, HOUR);
  assert.deepEqual(out.map((c) => [c.t, c.o, c.c]), [[0, 1, 1], [HOUR, 2, 2], [2 * HOUR, 4, 5], [3 * HOUR, 6, 6]]);
  assert.deepEqual(chartCandles(undefined, minutes, HOUR).length, 2);
  assert.deepEqual(chartCandles(direct, undefined, HOUR), direct);
});
