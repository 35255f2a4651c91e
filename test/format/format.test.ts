import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Instrument } from '../../source/domain/index.js';
import { amount, assetDecimals, change, compact, fee, pct, price, quantity, share, step, table } from '../../source/format/format.js';

const inst = (tickSize: number, lotSize: number): Instrument => ({ venue: 'sim', symbol: 'X/USDT', base: 'X', quote: 'USDT', kind: 'spot', tickSize, lotSize, minQty: lotSize, minNotional: 5 });
const BTC = inst(0.01, 0.00001);
const TRX = inst(0.00001, 0.1);
const DOGE = inst(0.00001, 1);

test('prices and quantities keep their instrument\'s decimals, trailing zeros included', () => {
  assert.equal(price(104_632.5, BTC), '104,632.50');
  assert.equal(price(0.25, TRX), '0.25000');
  assert.equal(price(95_000, undefined), '95,000.00', 'an unknown instrument falls back to cents');
  assert.equal(quantity(0.01, BTC), '0.01000');
  assert.equal(quantity(120, TRX), '120.0');
  assert.equal(quantity(1500, DOGE), '1,500');
  assert.equal(quantity(0.5, undefined), '0.50000000');
  // Rounds to the step's decimals, never shows float dust.
  assert.equal(quantity(0.1 + 0.2, TRX), '0.3');
  assert.equal(step(0.00001), '0.00001');
});

test('balances at their asset\'s precision: dollars to the cent, coins to 8 decimals', () => {
  assert.equal(amount(9049.3724221, 'USDT'), '9,049.37', 'the issue\'s raw 9,049.3724221');
  assert.equal(amount(10_000, 'USDT'), '10,000.00');
  assert.equal(amount(0.012345, 'BTC'), '0.01234500');
  assert.equal(assetDecimals('USDC'), 2);
  assert.equal(assetDecimals('ETH'), 8);
  assert.equal(fee(0.0095, 'USDT'), '0.0095');
  assert.equal(fee(0.00000012, 'BTC'), '0.00000012');
});

test('a change is a signed percent, the same everywhere; never -0.00%', () => {
  assert.equal(change(0.0055), '+0.55%');
  assert.equal(change(-0.012), '-1.20%');
  assert.equal(change(0), '0.00%');
  assert.equal(change(-0.00001), '0.00%', 'rounds to zero: no sign');
  assert.equal(change(-0.0004, 1), '0.0%', 'the issue\'s (▼ -0.0%)');
  assert.equal(change(0.00005), '+0.01%');
  assert.equal(change(12.5), '+1,250.00%');
  assert.equal(change(Number.NaN), '-');
  assert.equal(share(0.5834), '58.3%');
  // No arrows: the sign carries the direction, so the text is the same with and without colour.
  assert.equal(pct(0.0055, false), '+0.55%');
  assert.equal(pct(-0.0055, true), '\u001b[31m-0.55%\u001b[0m');
  assert.equal(pct(-0.00001, true), '0.00%', 'a zero change is not painted red');
});

test('a column of prices lines up on the decimal point', () => {
  const rows = [[price(95_000, BTC)], [price(95_000.5, BTC)], [price(3.1, BTC)]];
  const lines = table([{ header: 'PRICE', align: 'right' }], rows).split('\n').slice(1);
  const dots = lines.map((l) => l.indexOf('.'));
  assert.deepEqual(lines, ['95,000.00', '95,000.50', '     3.10']);
  assert.ok(dots.every((d) => d === dots[0]));
});

test('compact figures keep two decimals at every scale', () => {
  assert.deepEqual([1.234e12, 45.6e6, 789_000, 28_150, 999.5].map(compact), ['1.23T', '45.60M', '789.00K', '28.15K', '999.50']);
  assert.deepEqual([999_999, 999.999, -2_500_000, 0].map(compact), ['1.00M', '1.00K', '-2.50M', '0.00']);
  assert.equal(compact(Number.NaN), '-');
});
