import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAnyStrategy } from '../../source/strategies/registry.js';
import { newStartForm, startFormReducer } from '../../source/ui/strategy-start-form.js';

test('start dialog: a refusal about a field (its data, not its words) puts the cursor on that field; another keeps it where it was', () => {
  const form = { ...newStartForm(findAnyStrategy('sma')!, 'BTC/USDT', '100USDT'), field: 2 };
  const refused = (at?: string) => startFormReducer(form, { type: 'refused', error: 'no', at });
  assert.equal(refused('size').field, 1);
  assert.equal(refused('timeframe').field, 0);
  assert.equal(refused('params.slow').field, 3);
  assert.equal(refused('params').field, 2, 'the parameters as a whole: the cursor stays');
  assert.equal(refused('symbol').field, 2, 'not a field of the dialog');
  assert.equal(refused(undefined).field, 2);
  assert.equal(refused('size').error, 'no');
});
