import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pnlBreakdown } from '../../source/engine/pnl-breakdown.js';
import { periodPnl } from '../../source/engine/pnl-period.js';
import { fill } from '../helpers/fixtures.js';

const at = (iso: string): number => Date.parse(iso);
// Wednesday 2026-12-09, 15:30 UTC.
const NOW = at('2026-12-09T15:30:00Z');
const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;
const last = (symbol: string): number | undefined => ({ 'BTC/USDT': 140, 'ETH/USDT': 12, 'ETH/BTC': 0.05 })[symbol];
const owners: Record<string, string> = { '1': 'manual', '2': 'sma-1', '3': 'sma-1', '4': 'manual', '5': 'grid-2', '6': 'grid-2' };
const owner = (id: string): string => owners[id] ?? 'unknown';

const fills = [
  fill('1', 1, 100, { ts: at('2026-11-20T10:00:00Z'), fee: 0.1 }),
  fill('2', 1, 120, { ts: at('2026-12-07T10:00:00Z'), fee: 0.12 }),
  fill('3', 1, 130, { side: 'sell', ts: at('2026-12-08T09:00:00Z'), fee: 0.13 }),
  fill('4', 1, 135, { side: 'sell', ts: at('2026-12-09T09:00:00Z'), fee: 0.135 }),
  fill('5', 2, 10, { symbol: 'ETH/USDT', ts: at('2026-12-09T10:00:00Z'), fee: 0.02 }),
  fill('6', 1, 0.04, { symbol: 'ETH/BTC', ts: at('2026-12-09T11:00:00Z'), fee: 0.001, feeAsset: 'BNB' }),
];

test('pnl by symbol and by day add up to the period\'s figures, per quote', () => {
  for (const period of ['day', 'week', 'month'] as const) {
    const whole = periodPnl(fills, period, NOW, last).byQuote;
    // By strategy each keeps its own position and entry, so its realised figures differ (the next test).
    for (const by of ['symbol', 'day'] as const) {
      const b = pnlBreakdown(fills, period, by, NOW, last, owner);
      for (const quote of Object.keys(whole)) {
        for (const k of ['realised', 'fees', 'unrealised', 'pnl', 'trades'] as const) assert.ok(near(b.totals[quote][k], whole[quote][k]), `${period} by ${by}: ${quote} ${k} ${b.totals[quote][k]} vs ${whole[quote][k]}`);
        assert.deepEqual(b.totals[quote].otherFees, whole[quote].otherFees);
      }
    }
  }
});

test('pnl by strategy: each strategy\'s own position (sma-1 bought at 120 and sold at 130; yours at 100 and 135)', () => {
  const b = pnlBreakdown(fills, 'week', 'strategy', NOW, last, owner);
  const row = (key: string, quote = 'USDT') => b.rows.find((r) => r.key === key && r.quote === quote)!;
  assert.ok(near(row('sma-1').realised, 10), 'sma-1: 130 - 120');
  assert.equal(row('sma-1').trades, 2);
  // Yours: bought last month at 100, sold this week at 135: counts this week, against its real entry.
  assert.ok(near(row('manual').realised, 35));
  assert.equal(row('manual').trades, 1);
  assert.ok(near(row('grid-2').unrealised, 4), 'ETH/USDT: 2 at 10, last 12');
  assert.ok(near(row('grid-2', 'BTC').unrealised, 0.01), 'ETH/BTC in BTC, never converted');
  assert.deepEqual(row('grid-2', 'BTC').otherFees, { BNB: 0.001 });
  assert.deepEqual(b.rows.map((r) => `${r.key}/${r.quote}`), ['grid-2/BTC', 'grid-2/USDT', 'manual/USDT', 'sma-1/USDT']);
});

test('pnl by day: one line per UTC day with trades; what is open now counts on today\'s line', () => {
  const b = pnlBreakdown(fills, 'week', 'day', NOW, last, owner);
  assert.deepEqual(b.rows.map((r) => `${r.key}/${r.quote}`), ['2026-12-07/USDT', '2026-12-08/USDT', '2026-12-09/BTC', '2026-12-09/USDT']);
  const day = (key: string) => b.rows.find((r) => r.key === key && r.quote === 'USDT')!;
  assert.equal(day('2026-12-07').unrealised, 0, 'a past day: no price of that day is guessed');
  assert.ok(near(day('2026-12-08').realised, 20), 'sold 1 at 130 against the average 110');
  assert.ok(near(day('2026-12-09').realised, 25), 'sold 1 at 135 against 110');
  assert.ok(near(day('2026-12-09').unrealised, 4), 'ETH/USDT open now');
  assert.equal(pnlBreakdown([], 'day', 'day', NOW, last, owner).rows.length, 0);
});
