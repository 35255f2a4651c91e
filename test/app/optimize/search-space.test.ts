import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../../source/adapters/simulated/prng.js';
import { randomPoints } from '../../../source/app/optimize/random-points.js';
import { parseParamArg, pointAt, searchSpace, trialKey } from '../../../source/app/optimize/search-space.js';
import { UserError } from '../../../source/domain/index.js';
import { dcaStrategy } from '../../../source/strategies/dca.js';
import { rsiReversion } from '../../../source/strategies/rsi-reversion.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';

test('a range LO:HI:STEP, LO:HI and a list; decimals step without drift', () => {
  assert.deepEqual(parseParamArg('fast=5:50:5', smaCross).values, [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  assert.deepEqual(parseParamArg('fast=3:6', smaCross).values, [3, 4, 5, 6]);
  assert.deepEqual(parseParamArg('slow=30,10,20,20', smaCross).values, [10, 20, 30]);
  assert.deepEqual(parseParamArg('oversold=20:20.3:0.1', rsiReversion).values, [20, 20.1, 20.2, 20.3]);
});

test('bad ranges are one clear line each: unknown name, empty, a billion points, outside the strategy, not whole', () => {
  const msg = (raw: string): string => {
    try {
      parseParamArg(raw, smaCross);
    } catch (err) {
      assert.ok(err instanceof UserError, String(err));
      assert.doesNotMatch(err.message, /\n/);
      return err.message;
    }
    return assert.fail(`${raw} was accepted`);
  };
  assert.match(msg('speed=1:5'), /sma has no parameter "speed" \(it has: fast, slow\)/);
  assert.match(msg('fast=50:5:5'), /empty range: the high end 5 is below the low end 50/);
  assert.match(msg('fast=1:10:0'), /the step must be above 0/);
  assert.match(msg('fast=1:1000000000'), /has 1,000,000,000 points; at most 100,000 per parameter/);
  assert.match(msg('fast=0:5'), /must be a whole number from 1 to 10000 \(the range reaches 0\)/);
  assert.match(msg('fast=1:5:0.5'), /whole number/);
  assert.match(msg('fast=a:5'), /the low end "a" is not a number/);
  assert.match(msg('fast'), /write NAME=LO:HI:STEP/);
});

test('values take the units backtest --NAME takes: durations (dca every=1h), percents; a bad unit is one line', () => {
  const H = 3_600_000;
  assert.deepEqual(parseParamArg('every=1h:4h:1h', dcaStrategy).values, [H, 2 * H, 3 * H, 4 * H]);
  assert.deepEqual(parseParamArg('every=30m,1d', dcaStrategy).values, [H / 2, 24 * H]);
  assert.deepEqual(parseParamArg('every=90m:3h:30m', dcaStrategy).values, [1.5 * H, 2 * H, 2.5 * H, 3 * H]);
  assert.deepEqual(parseParamArg('on-drop=2%:6%:2%', dcaStrategy).values, [2, 4, 6]);
  assert.deepEqual(parseParamArg('every=3600000', dcaStrategy).values, [H], 'plain milliseconds as before');
  for (const raw of ['every=1x:2h', 'every=1h:2hours', 'every=1h:2h:h']) {
    try {
      parseParamArg(raw, dcaStrategy);
      assert.fail(`${raw} was accepted`);
    } catch (err) {
      assert.ok(err instanceof UserError, String(err));
      assert.doesNotMatch(err.message, /\n/);
      assert.match(err.message, /^--param every: the (low end|high end|step) "[^"]+" is not a number, a percent \(3%\) or a duration \(15m, 1h, 1d\)/);
    }
  }
});

test('the grid: points in order, last axis fastest, params in the strategy order, ids by value', () => {
  const space = searchSpace(smaCross, ['slow=20:30:10', 'fast=1:3']);
  assert.equal(space.size, 6);
  assert.deepEqual(Object.keys(pointAt(space, 0)), ['fast', 'slow']);
  assert.deepEqual([0, 1, 2, 3, 5].map((i) => pointAt(space, i)), [{ fast: 1, slow: 20 }, { fast: 2, slow: 20 }, { fast: 3, slow: 20 }, { fast: 1, slow: 30 }, { fast: 3, slow: 30 }]);
  assert.equal(trialKey(space, pointAt(space, 4)), 'slow=30,fast=2');
  const rsi = searchSpace(rsiReversion, ['period=10:12']);
  assert.deepEqual(rsi.fixed, { oversold: 30, overbought: 70 }, 'the rest keep their defaults');
  assert.throws(() => searchSpace(smaCross, ['fast=1:3', 'fast=2:4']), /--param fast is given twice/);
  assert.throws(() => searchSpace(smaCross, []), /give at least one --param/);
});

test('random points are distinct, seeded and reach every point when asked for all', () => {
  const space = searchSpace(smaCross, ['fast=1:20', 'slow=21:40']);
  const a = randomPoints(space, 50, createRng(3)).map((p) => p.id);
  assert.equal(new Set(a).size, 50);
  assert.deepEqual(randomPoints(space, 50, createRng(3)).map((p) => p.id), a, 'the same seed, the same points');
  assert.notDeepEqual(randomPoints(space, 50, createRng(4)).map((p) => p.id), a);
  assert.equal(new Set(randomPoints(space, 400, createRng(1)).map((p) => p.id)).size, 400);
});
