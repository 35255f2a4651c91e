import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEvent } from '../../source/domain/index.js';
import { firedExit, formatExits, hasExits, nextPeak, parseExitPercent, parseExits } from '../../source/engine/strategy-exits.js';

test('exit percents: 3% or 3, above 0 and below 100; a bad one names its flag and what is allowed', () => {
  assert.equal(parseExitPercent('stop-loss', '3%'), 3);
  assert.equal(parseExitPercent('trailing', '0.5'), 0.5);
  assert.equal(parseExitPercent('take-profit', 6), 6);
  for (const bad of ['0', '100%', '-2%', 'abc', '', '3%%', undefined]) {
    assert.throws(() => parseExitPercent('stop-loss', bad), (err: Error) => err.name === 'UserError' && /^bad --stop-loss .*: a percent of the entry price above 0 and below 100, e\.g\. 3%$/.test(err.message), String(bad));
  }
  const e = parseExits({ stopLoss: '3%', trailing: '2' });
  assert.deepEqual(e, { stopLoss: 3, trailing: 2 });
  assert.ok(hasExits(e));
  assert.ok(!hasExits(parseExits({})));
  assert.equal(formatExits(e), '--stop-loss 3% --trailing 2%');
});

test('a long: stop-loss below the entry, take-profit above, trailing back from the best close; stop-loss named first', () => {
  const e = { stopLoss: 3, takeProfit: 6, trailing: 2 };
  assert.equal(firedExit(e, 1, 100, 100, 98.5), undefined);
  assert.equal(firedExit(e, 1, 100, 100, 98)?.kind, "trailing", "from the entry, 2% down is the trailing stop already");
  assert.equal(firedExit(e, 1, 100, 100, 97)?.kind, 'stop-loss');
  assert.match(firedExit(e, 1, 100, 100, 97)!.reason, /^stop-loss 3%: close 97 is 3\.00% against the entry 100$/);
  assert.equal(firedExit(e, 1, 100, 106, 106)?.kind, 'take-profit');
  // Up to 105, back to 102.9: 2% off the best, still above the entry.
  assert.equal(firedExit({ trailing: 2 }, 1, 100, 105, 102.9)?.kind, 'trailing');
  assert.match(firedExit({ trailing: 2 }, 1, 100, 105, 102.9)!.reason, /^trailing 2%: close 102\.9 is 2\.00% back from the best 105$/);
  assert.equal(firedExit({ trailing: 2 }, 1, 100, 105, 103), undefined);
  assert.equal(firedExit(e, 0, 100, 100, 50), undefined, 'flat: nothing to exit');
  assert.equal(firedExit({}, 1, 100, 100, 50), undefined, 'no exits: nothing fires');
});

test('a short (a perpetual): the same rules mirrored', () => {
  const e = { stopLoss: 3, takeProfit: 6, trailing: 2 };
  assert.equal(firedExit(e, -1, 100, 100, 103)?.kind, 'stop-loss');
  assert.equal(firedExit(e, -1, 100, 94, 94)?.kind, 'take-profit');
  assert.equal(firedExit({ trailing: 2 }, -1, 100, 95, 96.9)?.kind, 'trailing');
  assert.equal(nextPeak(95, -1, 100, 96), 95, "a short's best is its lowest close");
  assert.equal(nextPeak(undefined, -1, 100, 99), 99);
});

test('the trailing peak: starts at the entry, only moves in the position\'s favour; its event is checked', () => {
  assert.equal(nextPeak(undefined, 1, 100, 99), 100);
  assert.equal(nextPeak(0, 1, 100, 101), 101);
  assert.equal(nextPeak(105, 1, 100, 103), 105);
  assert.equal(checkEvent({ type: 'strategy/trail', data: { strategyId: 'x', peak: 105, entry: 100, ts: 1 } }), undefined);
  assert.equal(checkEvent({ type: 'strategy/trail', data: { strategyId: 'x', peak: 'high', entry: 100, ts: 1 } })?.field, 'data.peak');
});
