import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodPnl, periodStart } from '../../source/engine/pnl-period.js';
import { strategyFigures } from '../../source/engine/fill-figures.js';
import { fill } from '../helpers/fixtures.js';

const at = (iso: string): number => Date.parse(iso);
// Wednesday 2026-12-09, 15:30 UTC.
const NOW = at('2026-12-09T15:30:00Z');

test('periodStart: UTC day, ISO week (Monday), month', () => {
  assert.equal(periodStart('day', NOW), at('2026-12-09T00:00:00Z'));
  assert.equal(periodStart('week', NOW), at('2026-12-07T00:00:00Z'));
  assert.equal(periodStart('month', NOW), at('2026-12-01T00:00:00Z'));
  // A Sunday belongs to the week that began the Monday before.
  assert.equal(periodStart('week', at('2026-12-13T23:59:59Z')), at('2026-12-07T00:00:00Z'));
  assert.equal(periodStart('week', at('2026-12-14T00:00:00Z')), at('2026-12-14T00:00:00Z'));
});

test('periodPnl: a position opened before the period and closed in it counts in the period, against its real entry', () => {
  const fills = [
    fill('1', 1, 100, { ts: at('2026-11-20T10:00:00Z'), fee: 0.1 }),
    fill('2', 1, 120, { ts: at('2026-12-08T10:00:00Z'), fee: 0.12 }),
    fill('3', 1, 130, { side: 'sell', ts: at('2026-12-09T09:00:00Z'), fee: 0.13 }),
  ];
  const day = periodPnl(fills, 'day', NOW, () => 140);
  // Sold 1 at 130 against the average entry 110: 20 realised today less today's fee only (net of fees: changed deliberately).
  assert.equal(day.from, at('2026-12-09T00:00:00Z'));
  assert.equal(day.byQuote.USDT.trades, 1);
  assert.ok(Math.abs(day.byQuote.USDT.realised - (20 - 0.13)) < 1e-9);
  assert.ok(Math.abs(day.byQuote.USDT.fees - 0.13) < 1e-9);
  // Unrealised now: 1 held at 110, last 140.
  assert.ok(Math.abs(day.byQuote.USDT.unrealised - 30) < 1e-9);
  assert.ok(Math.abs(day.byQuote.USDT.pnl - (20 - 0.13 + 30)) < 1e-9);
  const week = periodPnl(fills, 'week', NOW, () => 140);
  assert.equal(week.byQuote.USDT.trades, 2);
  assert.ok(Math.abs(week.byQuote.USDT.fees - 0.25) < 1e-9);
  // The month holds every fill: its figures are the whole history's.
  const month = periodPnl(fills, 'month', NOW, () => 140).byQuote.USDT;
  const all = strategyFigures(fills.filter((f) => f.ts >= at('2026-12-01T00:00:00Z')), 140);
  assert.equal(month.trades, all.trades);
  const whole = strategyFigures(fills, 140);
  // Less November's fee, paid before the month.
  assert.ok(Math.abs(month.realised - (whole.realised + 0.1)) < 1e-9 && Math.abs(month.unrealised - whole.unrealised) < 1e-9);
});

test('periodPnl: quotes are kept apart, third-asset fees are named, nothing before the period or after now counts', () => {
  const fills = [
    fill('1', 2, 10, { symbol: 'ETH/BTC', ts: at('2026-12-09T01:00:00Z'), fee: 0.002, feeAsset: 'BTC' }),
    fill('2', 1, 100, { ts: at('2026-12-09T02:00:00Z'), fee: 0.5, feeAsset: 'BNB' }),
    fill('3', 1, 100, { ts: at('2026-12-09T16:00:00Z') }),
    fill('4', 1, 100, { ts: at('2026-12-08T23:59:59Z') }),
  ];
  const day = periodPnl(fills, 'day', NOW, () => undefined);
  assert.deepEqual(Object.keys(day.byQuote).sort(), ['BTC', 'USDT']);
  assert.equal(day.byQuote.BTC.trades, 1);
  assert.equal(day.byQuote.USDT.trades, 1, 'yesterday\'s fill and a fill after now are not today\'s');
  assert.deepEqual(day.byQuote.USDT.otherFees, { BNB: 0.5 });
  assert.equal(day.byQuote.USDT.unrealised, 0, 'no price: no unrealised figure is made up');
  assert.deepEqual(periodPnl([], 'month', NOW, () => 1).byQuote, {});
});

test('strategyFigures: a perpetual\'s fee in its settle asset is a quote fee', () => {
  const f = strategyFigures([fill('1', 1, 100, { symbol: 'BTC/USDT:USDT', fee: 0.05, feeAsset: 'USDT' })], 100);
  assert.equal(f.fees, 0.05);
  assert.deepEqual(f.otherFees, {});
});
