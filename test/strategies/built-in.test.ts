import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candle } from '../../source/domain/index.js';
import { findStrategy, BUILT_IN_STRATEGIES } from '../../source/strategies/registry.js';
import { rsiReversion } from '../../source/strategies/rsi-reversion.js';
import { smaCross, smaLongShort } from '../../source/strategies/sma-cross.js';
import { paramValueText, parseParamText, resolveParams, type Params, type StrategyDefinition } from '../../source/strategies/strategy.js';

const view = { position: 0, cash: 10_000, index: 0 };
const candle = (i: number, c: number): Candle => ({ t: i * 60_000, o: c, h: c, l: c, c, v: 1 });

/** The side each candle's close produced ('-' for nothing), calling the strategy directly. */
function signals(def: StrategyDefinition, params: Params, closes: number[]): string[] {
  const s = def.create(params);
  return closes.map((c, i) => {
    const r = s.onCandle(candle(i, c), { ...view, index: i });
    return r ? ('side' in r ? r.side : r.target) : '-';
  });
}

test('sma-ls 2/3 by hand: the same crossings as sma, as targets long and short', () => {
  assert.deepEqual(signals(smaLongShort, { fast: 2, slow: 3 }, [10, 10, 10, 13, 16, 10, 4, 4]), ['-', '-', '-', 'long', '-', '-', 'short', '-']);
  assert.throws(() => smaLongShort.create({ fast: 3, slow: 3 }), /sma-ls needs --fast below --slow/);
  assert.equal(findStrategy('sma-ls'), smaLongShort);
});

test('sma 2/3 by hand: buys on the cross up, not on a touch, sells on the cross down', () => {
  // closes    10   10   10   13    16    10   4   4
  // SMA2       -   10   10  11.5  14.5  13   7   4
  // SMA3       -    -   10   11    13   13  10   6
  // fast-slow  -    -    0   +.5  +1.5   0  -3  -2
  // t3: +.5 > 0 after 0 <= 0: buy. t5: 0 is not below: nothing. t6: -3 < 0 after 0 >= 0: sell.
  assert.deepEqual(signals(smaCross, { fast: 2, slow: 3 }, [10, 10, 10, 13, 16, 10, 4, 4]), ['-', '-', '-', 'buy', '-', '-', 'sell', '-']);
});

test('sma: a touch (fast == slow) counts as "at or below" and "at or above" at t-1', () => {
  // fast 1, slow 2: fast - slow = (c[t] - c[t-1]) / 2, so its sign is the sign of the change.
  // 10 11 11 12: diffs +.5, 0, +.5 -> no signal at the touch, a buy when it leaves upward
  assert.deepEqual(signals(smaCross, { fast: 1, slow: 2 }, [10, 11, 11, 12]), ['-', '-', '-', 'buy']);
  // 10 11 11 10: diffs +.5, 0, -.5 -> a sell when it leaves downward
  assert.deepEqual(signals(smaCross, { fast: 1, slow: 2 }, [10, 11, 11, 10]), ['-', '-', '-', 'sell']);
  // 10 9 10: the first difference has no predecessor (no signal), then - to + is a buy
  assert.deepEqual(signals(smaCross, { fast: 1, slow: 2 }, [10, 9, 10]), ['-', '-', 'buy']);
});

test('sma defaults are fast 10, slow 30, and fast must be below slow', () => {
  const p = resolveParams(smaCross, {});
  assert.deepEqual(p, { ok: true, params: { fast: 10, slow: 30 } });
  assert.throws(() => smaCross.create({ fast: 30, slow: 10 }), /--fast below --slow/);
  assert.deepEqual(resolveParams(smaCross, { fast: 2.5 }), { ok: false, param: 'fast', error: 'sma --fast must be a whole number from 1 to 10000 (got 2.5)' });
});

test('a duration or percent parameter out of range is told in the units it is typed in, not in milliseconds', async () => {
  const { dcaStrategy } = await import('../../source/strategies/dca.js');
  assert.deepEqual(resolveParams(dcaStrategy, { every: 400 * 86_400_000 }), { ok: false, param: 'every', error: 'dca --every must be a duration from 0 to 366d (got 400d)' });
  assert.deepEqual(resolveParams(dcaStrategy, { every: 3_600_000, 'on-drop': 150 }), { ok: false, param: 'on-drop', error: 'dca --on-drop must be a percent from 0% to 99% (got 150%)' });
});

test('rsi(2) 30/70 by hand: RSI 100, 50, 25 (falls below 30: buy), 62.5, 62.5, 92.5 (rises above 70: sell)', () => {
  assert.deepEqual(signals(rsiReversion, { period: 2, oversold: 30, overbought: 70 }, [1, 2, 3, 2, 1, 2, 2, 4]), ['-', '-', '-', '-', 'buy', '-', '-', 'sell']);
  // The same RSI staying below 30 does not buy again: only the crossing signals.
  assert.deepEqual(signals(rsiReversion, { period: 2, oversold: 30, overbought: 70 }, [4, 3, 2, 1, 0.5]), ['-', '-', '-', '-', '-']);
});

test('the registry lists sma, rsi, sma-ls and webhook with parameters that have defaults inside their ranges', () => {
  assert.deepEqual(BUILT_IN_STRATEGIES.map((s) => s.name), ['sma', 'rsi', 'sma-ls', 'webhook']);
  assert.equal(findStrategy('rsi'), rsiReversion);
  for (const def of BUILT_IN_STRATEGIES) {
    for (const [name, spec] of Object.entries(def.params)) {
      assert.ok(spec.min <= spec.default && spec.default <= spec.max, `${def.name} ${name}`);
      assert.ok(spec.description.length > 0);
    }
  }
});

test("a parameter's number reads as it was typed: a duration in its largest whole unit, a percent with its sign (dca's every=300000 was 5m)", () => {
  const duration = { unit: 'duration' } as const;
  assert.equal(paramValueText(duration, 300_000), '5m');
  assert.equal(paramValueText(duration, 5_400_000), '90m');
  assert.equal(paramValueText(duration, 86_400_000), '1d');
  assert.equal(paramValueText(duration, 1_500), '1500ms');
  assert.equal(paramValueText(duration, 0), '0', 'off');
  assert.equal(paramValueText({ unit: 'percent' }, 0.2), '0.2%');
  assert.equal(paramValueText(undefined, 30), '30');
  for (const typed of ['5m', '90m', '1d', '0.2%', '1w', '45s']) {
    const n = parseParamText('x', typed);
    assert.ok(n.ok);
    assert.equal(paramValueText({ unit: typed.endsWith('%') ? 'percent' : 'duration' }, n.value), typed, 'read back as typed');
  }
});
