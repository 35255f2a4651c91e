import assert from 'node:assert/strict';
import { test } from 'node:test';
import { instantText } from '../../source/domain/instant-text.js';

test('instantText: a minute without its zero seconds, a fill to the millisecond, UTC, no T or Z', () => {
  assert.equal(instantText(Date.UTC(2026, 11, 6, 18, 47)), '2026-12-06 18:47');
  assert.equal(instantText(Date.UTC(2026, 11, 6, 18, 47, 12)), '2026-12-06 18:47:12');
  assert.equal(instantText(Date.UTC(2026, 11, 6, 18, 47, 12, 345)), '2026-12-06 18:47:12.345');
  assert.equal(instantText(Date.UTC(2026, 11, 6, 18, 47, 0, 500)), '2026-12-06 18:47:00.500');
  assert.equal(instantText(0), '1970-01-01 00:00');
});

test('instantText: a time no date holds is said as its number, never a throw', () => {
  assert.equal(instantText(NaN), 'NaN');
  assert.equal(instantText(Infinity), 'Infinity');
  assert.equal(instantText(9e15), '9000000000000000');
});
