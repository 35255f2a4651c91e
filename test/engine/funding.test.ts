import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPremium, averagePremium, fundingAmount, fundingRate, fundingTimesBetween, nextFundingTime, premiumIndex, type PremiumAverage } from '../../source/engine/funding.js';

const at = (iso: string): number => Date.parse(iso);

test('funding marks are 00:00, 08:00 and 16:00 UTC, each once, the end included and the start not', () => {
  const times = fundingTimesBetween(at('2026-11-25T07:59:59.999Z'), at('2026-11-26T08:00:00Z'));
  assert.deepEqual(times.map((t) => new Date(t).toISOString()), [
    '2026-11-25T08:00:00.000Z', '2026-11-25T16:00:00.000Z', '2026-11-26T00:00:00.000Z', '2026-11-26T08:00:00.000Z',
  ]);
  assert.deepEqual(fundingTimesBetween(at('2026-11-25T08:00:00Z'), at('2026-11-25T15:59:59.999Z')), []);
  // Consecutive windows (ticks) never pay a mark twice nor skip one.
  const ticks = [at('2026-11-25T07:59:00Z'), at('2026-11-25T08:00:00Z'), at('2026-11-25T08:00:00.001Z'), at('2026-11-25T16:00:00.5Z')];
  const paid = ticks.slice(1).flatMap((t, i) => fundingTimesBetween(ticks[i], t));
  assert.deepEqual(paid, [at('2026-11-25T08:00:00Z'), at('2026-11-25T16:00:00Z')]);
  assert.equal(nextFundingTime(at('2026-11-25T16:00:00Z')), at('2026-11-26T00:00:00Z'));
  assert.equal(nextFundingTime(at('2026-11-25T23:59:59Z')), at('2026-11-26T00:00:00Z'));
});

test('rate: premium plus the interest clamp, held within the cap', () => {
  assert.equal(fundingRate(0), 0.0001); // no premium: the interest rate
  assert.ok(Math.abs(fundingRate(0.0003) - 0.0001) < 1e-12); // within ±0.05% of interest: interest
  assert.ok(Math.abs(fundingRate(0.001) - 0.0005) < 1e-12); // 0.1% + clamp(-0.09%) = 0.05%
  assert.ok(Math.abs(fundingRate(-0.001) - -0.0005) < 1e-12); // -0.1% + clamp(+0.11%) = -0.05%
  assert.equal(fundingRate(0.02), 0.003); // capped
  assert.equal(fundingRate(-0.02), -0.003);
  assert.ok(Math.abs(premiumIndex(100.1, 100) - 0.001) < 1e-12);
});

test('payment: longs pay a positive rate, shorts receive it', () => {
  assert.equal(fundingAmount(2, 50_000, 0.0001), -10);
  assert.equal(fundingAmount(-2, 50_000, 0.0001), 10);
  assert.equal(fundingAmount(-2, 50_000, -0.0001), -10);
  assert.equal(fundingAmount(0, 50_000, 0.0001), 0);
});

test('the average premium of an interval is Binance\'s: a premium a minute (its samples\' mean), minute i weighted i; a new interval starts afresh', () => {
  const t0 = at('2026-11-25T08:00:00Z');
  let avg: PremiumAverage | undefined;
  // Minute 1: 0.001 and 0.003 (mean 0.002); minute 2: none; minute 3: -0.001 (forming).
  for (const [dt, p] of [[1_000, 0.001], [30_000, 0.003], [125_000, -0.001]] as const) avg = addPremium(avg, p, t0 + dt);
  // Weights by the minute's place in the interval (1 and 3; the minute without a sample has none).
  const want = (1 * 0.002 + 3 * -0.001) / (1 + 3);
  assert.ok(Math.abs(averagePremium(avg!) - want) < 1e-15, `${averagePremium(avg!)} against ${want}`);
  const next = addPremium(avg, 0.0005, at('2026-11-25T16:00:00.001Z'));
  assert.equal(averagePremium(next), 0.0005, 'the 16:00 interval holds nothing of the one before');
  assert.equal(next.interval, at('2026-11-25T16:00:00Z'));
  assert.equal(averagePremium(addPremium(avg, 0.002, t0)), 0.002, 'a clock set back within the interval starts afresh');
});
