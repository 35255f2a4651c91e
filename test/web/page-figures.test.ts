import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertRows } from '../../source/web/alert-rows.js';
import { MAX_POINTS, mergeSamples, withNow, type EquityPoint } from '../../source/web/equity.js';
import { columnFormat, percent, signed, tone } from '../../source/web/format.js';

test('page equity series: the daemon\'s samples merged without repeats, capped, and the value now as the last point', () => {
  let s: EquityPoint[] = [];
  s = mergeSamples(s, [{ t: 60_000, v: 1 }, { t: 120_000, v: 2 }]);
  s = mergeSamples(s, [{ t: 120_000, v: 2 }, { t: 180_000, v: 3 }]);
  assert.deepEqual(s.map((p) => p.t), [60_000, 120_000, 180_000], 'a sample read twice (the since boundary) is kept once');
  const now = { quote: 'USDT', total: 4, unvalued: [], perpetuals: false, t: 200_000 };
  assert.deepEqual(withNow(s, now).at(-1), { t: 200_000, v: 4 });
  assert.equal(withNow(s, { ...now, t: 180_000 }).length, 3, 'no point older than the last sample is added');
  let long: EquityPoint[] = [];
  for (let i = 0; i < MAX_POINTS + 10; i++) long = mergeSamples(long, [{ t: i * 60_000, v: i }]);
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
