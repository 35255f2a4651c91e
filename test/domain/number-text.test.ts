/** `num` keeps the texts it made: a kept text must always be the one Intl makes for that number. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { num, qty } from '../../source/domain/number-text.js';

/** Intl's formatter per (kind, decimals), made once: constructing one costs ~30 µs, and the checks below ask ~300k times. */
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(kind: 'fixed' | 'upTo', d: number): Intl.NumberFormat {
  const key = `${kind}${d}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat('en-US', kind === 'fixed' ? { minimumFractionDigits: d, maximumFractionDigits: d } : { maximumFractionDigits: d })));
  return f;
}
const intl = (n: number, d: number) => formatter('fixed', d).format(n);

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

test('num and qty: Intl\'s text, made without Intl, on values of every size and at the halves', () => {
  const upTo = (n: number, max: number) => formatter('upTo', max).format(Number(n.toFixed(max)));
  let seed = 11;
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const values: number[] = [0, -0, 0.5, 1.5, 2.5, -2.5, 1.005, 1.015, 9.995, 999.9999, 0.125, 8.345, 1.45, 5e-324, Number.MAX_VALUE, 1e21, 123456789012345680000, 2 ** 53 + 2, 1e-7, 9.5e-7, 0.1 + 0.2];
  for (let i = 0; i < 4000; i++) {
    const magnitude = 10 ** Math.floor(rand() * 30 - 12);
    const v = rand() * magnitude * (rand() < 0.3 ? -1 : 1);
    values.push(v);
    // Prices on a tick and halves between ticks: where rounding decides.
    const step = [0.01, 0.001, 0.00001, 0.5, 1e-8][i % 5];
    values.push(Math.round(v / step) * step, (Math.round(v / step) + 0.5) * step);
  }
  for (const v of values) {
    for (const d of [0, 1, 2, 3, 4, 5, 6, 8, 10, 12]) {
      assert.equal(num(v, d), intl(v, d), `num ${v} at ${d}`);
      assert.equal(qty(v, d), upTo(v, d), `qty ${v} at ${d}`);
    }
  }
  assert.equal(qty(1.5), '1.5');
  assert.equal(qty(2), '2');
  assert.equal(qty(-0.000000001), '-0');
});
