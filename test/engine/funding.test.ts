import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fundingAmount, fundingRate, fundingTimesBetween, nextFundingTime, premiumIndex } from '../../source/engine/funding.js';

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
