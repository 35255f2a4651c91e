import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RSI, SMA } from 'technicalindicators';
import { Rsi } from '../../source/strategies/indicators/rsi.js';
import { Sma } from '../../source/strategies/indicators/sma.js';

/** A deterministic wiggly price path (no Math.random, so failures replay). */
function path(n: number, start = 100): number[] {
  const out: number[] = [];
  let x = start;
  for (let i = 0; i < n; i++) {
    x += Math.sin(i * 1.3) * 3 + Math.cos(i * 0.7);
    out.push(x);
  }
  return out;
}

test('SMA(3) by hand: NaN until three values, then the mean of the last three', () => {
  const sma = new Sma(3);
  assert.deepEqual([1, 2, 3, 4, 5, 10].map((x) => sma.update(x)), [NaN, NaN, 2, 3, 4, 19 / 3]);
  assert.equal(sma.value, 19 / 3);
});

test('SMA matches a window recomputed from scratch and technicalindicators, past the periodic re-sum', () => {
  const values = path(5_000, 50_000);
  const period = 7; // re-sums every 7 * 64 = 448 updates: crossed many times here
  const sma = new Sma(period);
  const ours = values.map((x) => sma.update(x));
  for (let i = period - 1; i < values.length; i++) {
    const naive = values.slice(i - period + 1, i + 1).reduce((a, b) => a + b, 0) / period;
    assert.ok(Math.abs(ours[i] - naive) < 1e-9 * naive, `at ${i}: ${ours[i]} vs ${naive}`);
  }
  const theirs = SMA.calculate({ period, values });
  assert.equal(theirs.length, values.length - period + 1);
  theirs.forEach((x, j) => assert.ok(Math.abs(x - ours[j + period - 1]) < 1e-9 * x));
});

test('RSI(2) by hand with Wilder smoothing: 100, 50, 25, 62.5, 62.5, 92.5', () => {
  // changes +1 +1 -1 -1 +1 0 +2; seed avg gain 1, loss 0 -> 100; then avg = (avg * 1 + x) / 2
  // gain .5 loss .5 -> 50; .25/.75 -> 25; .625/.375 -> 62.5; .3125/.1875 -> 62.5; 1.15625/.09375 -> 92.5
  const rsi = new Rsi(2);
  const got = [1, 2, 3, 2, 1, 2, 2, 4].map((x) => rsi.update(x));
  assert.deepEqual(got.slice(0, 2), [NaN, NaN]);
  assert.deepEqual(got.slice(2).map((x) => Math.round(x * 1e9) / 1e9), [100, 50, 25, 62.5, 62.5, 92.5]);
});

test('RSI(14) agrees with technicalindicators (which rounds to 2 decimals)', () => {
  const values = path(400);
  const rsi = new Rsi(14);
  const ours = values.map((x) => rsi.update(x)).filter((x) => !Number.isNaN(x));
  const theirs = RSI.calculate({ period: 14, values });
  assert.equal(ours.length, theirs.length);
  ours.forEach((x, i) => assert.ok(Math.abs(x - theirs[i]) <= 0.005 + 1e-9, `at ${i}: ${x} vs ${theirs[i]}`));
});

test('flat prices give RSI 50, only rises 100; bad periods are refused', () => {
  const flat = new Rsi(3);
  assert.equal([5, 5, 5, 5].map((x) => flat.update(x))[3], 50);
  const up = new Rsi(3);
  assert.equal([1, 2, 3, 4].map((x) => up.update(x))[3], 100);
  assert.throws(() => new Sma(0), /whole number of at least 1/);
  assert.throws(() => new Rsi(1.5), /whole number of at least 1/);
});
