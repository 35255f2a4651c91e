import assert from 'node:assert/strict';
import test from 'node:test';
import { sentAmount } from '../../source/domain/index.js';

test('sentAmount: a JSON number or a decimal string is an amount; anything else says what to send', () => {
  assert.deepEqual(sentAmount(0.01), { value: 0.01 });
  assert.deepEqual(sentAmount(' 0.01 '), { value: 0.01 });
  assert.deepEqual(sentAmount('.5'), { value: 0.5 });
  assert.deepEqual(sentAmount(1e-7), { value: 1e-7 }, 'a JSON number is taken as sent, exponent or not');
  for (const [v, why] of [[0, /above zero/], [-1, /above zero/], ['-1', /above zero/], ['1e-3', /plain digits/], ['1,5', /dot for decimals/], ['abc', /not a number/], ['', /enter a positive number/], [null, /a positive number, like 0\.01/], [true, /a positive number/], [Number.NaN, /a positive number|not a number/]] as const) {
    const r = sentAmount(v);
    assert.ok('problem' in r, String(v));
    assert.match(r.problem, why, String(v));
  }
});
