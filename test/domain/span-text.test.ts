import assert from 'node:assert/strict';
import test from 'node:test';
import { spanText } from '../../source/domain/span-text.js';

test('spanText: the two largest units, whole seconds rounded down, never negative', () => {
  assert.equal(spanText(0), '0s');
  assert.equal(spanText(9_999), '9s');
  assert.equal(spanText(59_999), '59s', 'not a minute until it is one');
  assert.equal(spanText(60_000), '1m 0s');
  assert.equal(spanText(125_000), '2m 5s');
  assert.equal(spanText(3_600_000 + 5 * 60_000 + 7_000), '1h 5m');
  assert.equal(spanText(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000), '3d 4h');
  assert.equal(spanText(-5_000), '0s', 'a clock set back is not a negative span');
});
