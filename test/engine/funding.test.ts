import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, FuturesPosition } from '../../source/domain/index.js';
import { fundingAmount, fundingRate, fundingTimesBetween, nextFundingTime, premiumIndex } from '../../source/engine/funding.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { envelopes } from '../helpers/fixtures.js';

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

test('store: a funding payment keyed by its time counts once, also when reported again after a restart', () => {
  const position: FuturesPosition = { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: 1, entryPrice: 50_000, leverage: 2, marginMode: 'cross', isolatedMargin: 0 };
  const t8 = at('2026-11-25T08:00:00Z');
  const pay = (fundingTime: number, wallet: number): DomainEvent => ({
    type: 'futures/funding',
    data: { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', fundingTime, rate: 0.0001, markPrice: 50_000, qty: 1, amount: -5, asset: 'USDT', wallet, ts: fundingTime },
  });
  const first = applyEvents(initialState(), envelopes([
    { type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 10_000, reason: 'deposit', ts: 1 } },
    { type: 'futures/position', data: { position, realizedPnl: 0, asset: 'USDT', wallet: 9_975, ts: 2 } },
    pay(t8, 9_970),
  ]));
  // The same payment again (re-sent, or replayed by an exchange that restarted), then the next.
  const later = applyEvents(first, envelopes([pay(t8, 9_965), pay(t8 + 8 * 3_600_000, 9_965)], 10));
  const f = later.ledger.futures;
  assert.equal(f.fundingCount, 2);
  assert.deepEqual(f.funding.map((p) => p.fundingTime), [t8, t8 + 8 * 3_600_000]);
  assert.equal(f.wallets.sim.USDT, 9_965);
  assert.equal(f.fundingPaid['sim:BTC/USDT:USDT:BOTH'], t8 + 8 * 3_600_000);
  assert.equal(f.positions['sim:BTC/USDT:USDT:BOTH'].openedAt, 2);
});
