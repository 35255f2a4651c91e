import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PositionsBody } from '../../source/app/api/api-reads.js';
import { alertRows } from '../../source/web/alert-rows.js';
import { addPoint, MAX_POINTS, valueBalances, type EquityPoint } from '../../source/web/equity.js';
import { columnFormat, percent, signed, tone } from '../../source/web/format.js';

const spot = (symbol: string, last: number) => ({ venue: 'sim', symbol, qty: 1, avgPrice: last, realizedPnl: 0, last, unrealizedPnl: 0 });

test('page equity: balances valued at the positions\' last prices; an asset without a price is named, never counted as zero', () => {
  const positions = { spot: [spot('BTC/USDT', 100_000)], perpetuals: [], account: null } as unknown as PositionsBody;
  const v = valueBalances({ USDT: { free: 900, locked: 100 }, BTC: { free: 0.01, locked: 0.005 }, XRP: { free: 50, locked: 0 }, ETH: { free: 0, locked: 0 } }, positions);
  assert.equal(v.quote, 'USDT');
  assert.equal(v.total, 1000 + 0.015 * 100_000);
  assert.deepEqual(v.unvalued, ['XRP'], 'XRP has no USDT price: said, not dropped; an empty ETH balance is nothing to value');
  const btcQuoted = valueBalances({ BTC: { free: 1, locked: 0 }, ETH: { free: 2, locked: 0 } }, { spot: [spot('ETH/BTC', 0.05)], perpetuals: [], account: null } as unknown as PositionsBody);
  assert.deepEqual(btcQuoted, { quote: 'BTC', total: 1.1, unvalued: [], perpetuals: false }, 'markets quoted in BTC value in BTC');
  const withPerps = valueBalances({ USDT: { free: 1000, locked: 0 } }, { spot: [], perpetuals: [], account: { asset: 'USDT', marginBalance: 2500.5 } } as unknown as PositionsBody);
  assert.deepEqual(withPerps, { quote: 'USDT', total: 3500.5, unvalued: [], perpetuals: true }, 'the perpetual account\'s margin balance counts in full');
});

test('page equity series: points stay apart except the newest, which follows each refresh; the oldest go past the cap', () => {
  let s: EquityPoint[] = [];
  s = addPoint(s, { t: 0, v: 1 });
  s = addPoint(s, { t: 500, v: 2 });
  assert.deepEqual(s.map((p) => p.t), [0, 500], 'two points make a line at once');
  s = addPoint(s, { t: 1_000, v: 3 });
  assert.deepEqual(s, [{ t: 0, v: 1 }, { t: 1_000, v: 3 }], 'within 2 s of the one before: the newest moves');
  s = addPoint(s, { t: 2_500, v: 4 });
  assert.deepEqual(s.map((p) => p.t), [0, 1_000, 2_500]);
  let long: EquityPoint[] = [];
  for (let i = 0; i < MAX_POINTS + 10; i++) long = addPoint(long, { t: i * 5_000, v: i });
  assert.equal(long.length, MAX_POINTS);
  assert.equal(long[0].v, 10);
});

test('page alerts: those set and those that fired, newest first', () => {
  const alert = (id: string, price: number, createdAt: number) => ({ id, venue: 'sim', symbol: 'BTC/USDT', op: '>' as const, price, createdAt });
  const rows = alertRows({ set: [alert('2', 120_000, 2_000), alert('3', 130_000, 4_000)], triggered: [{ ...alert('1', 110_000, 1_000), last: 110_050.5, triggeredAt: 3_000 }] });
  assert.deepEqual(rows.map((r) => [r.key, r.state]), [['set 3', 'set'], ['fired 1 3000', 'triggered'], ['set 2', 'set']]);
  assert.equal(rows[1].what, 'BTC/USDT > 110,000 (last 110,050.5)');
});

test('page columns: at the most decimals any figure has, at most 8; never rounded to a guessed tick', () => {
  const price = columnFormat([92_369.8, 92_433.66, 92_404.1]);
  assert.deepEqual([92_369.8, 92_433.66, 92_404.1].map(price), ['92,369.80', '92,433.66', '92,404.10']);
  assert.equal(columnFormat([0.00001234, 1])(1), '1.00000000');
  assert.equal(columnFormat([0.1 + 0.2])(0.3), '0.30000000', 'float dust stops at 8 decimals');
  assert.equal(columnFormat([])(5), '5');
});

test('page figures: a tiny loss or gain that rounds to zero reads 0.00, never -0.00 or +0.00', () => {
  assert.deepEqual([signed(-0.001), signed(0.001), signed(0), signed(-3.1), signed(12.5)], ['0.00', '0.00', '0.00', '-3.10', '+12.50']);
  assert.deepEqual([percent(-0.00001, 2), percent(0.1234, 1)], ['0.00%', '12.3%']);
  assert.deepEqual([tone(-0.001), tone(0.004), tone(-0.006), tone(0.01), tone(-0.00004, 4)], ['flat', 'flat', 'down', 'up', 'flat'], 'the colour says what the figure reads');
});
