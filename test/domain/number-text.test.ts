/** `num` keeps the texts it made: a kept text must always be the one Intl makes for that number. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { num } from '../../source/domain/number-text.js';

const intl = (n: number, d: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }).format(n);

test('num: the same text as Intl, asked once or again, past the number of texts it keeps', () => {
  let seed = 7;
  const next = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2e5;
  const values = [...Array.from({ length: 6000 }, next), 0.005, -0.005, 1e21, -1e-9, NaN, Infinity, -Infinity, 104902.7];
  for (let round = 0; round < 2; round++) for (const d of [0, 2, 5, 8]) for (const v of values) assert.equal(num(v, d), intl(v, d), `${v} at ${d}`);
});

test('num: zero and minus zero are told apart in either order', () => {
  assert.equal(num(0, 2), '0.00');
  assert.equal(num(-0, 2), '-0.00');
  assert.equal(num(0, 2), '0.00');
  assert.equal(num(-0, 3), '-0.000');
  assert.equal(num(0, 3), '0.000');
});
