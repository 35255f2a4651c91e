import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candle } from '../../source/domain/index.js';
import { StrategyError, StrategyRunner } from '../../source/engine/strategy-runner.js';
import { smaCross } from '../../source/strategies/sma-cross.js';
import type { StrategyDefinition, StrategyFill, StrategyView } from '../../source/strategies/strategy.js';

const candle = (i: number, c: number): Candle => ({ t: 1_000 + i * 60_000, o: c, h: c, l: c, c, v: 1 });
const def = (onCandle: (c: Candle, v: StrategyView) => unknown, onFill?: (f: StrategyFill, v: StrategyView) => void): StrategyDefinition => ({
  name: 'probe',
  description: 'test probe',
  params: {},
  create: () => ({ onCandle: onCandle as never, onFill }),
});

test('the runner needs no backtest: fed candles by hand it returns the strategy intents', () => {
  const runner = new StrategyRunner(smaCross, { fast: 2, slow: 3 });
  const out = [10, 10, 10, 13, 16, 10, 4].map((c, i) => runner.onCandle(candle(i, c), 0, 100)?.side);
  assert.deepEqual(out, [undefined, undefined, undefined, 'buy', undefined, undefined, 'sell']);
  assert.equal(runner.candlesSeen, 7);
});

test('the view is read-only and shows the account the caller passed, and the candle count', () => {
  const seen: [number, number, number][] = [];
  const runner = new StrategyRunner(
    def((_c, v) => {
      seen.push([v.position, v.cash, v.index]);
      assert.throws(() => {
        (v as { position: number }).position = 1e9;
      }, TypeError);
      assert.throws(() => {
        (v as unknown as Record<string, number>).future = 1;
      }, TypeError);
      assert.deepEqual(Object.keys(v).sort(), ['cash', 'index', 'position']);
      return undefined;
    }),
    {},
  );
  runner.onCandle(candle(0, 1), 0, 100);
  runner.onCandle(candle(1, 1), 2.5, 0);
  assert.deepEqual(seen, [[0, 100, 0], [2.5, 0, 1]]);
});

test('onFill is told each fill with the account after it', () => {
  const told: string[] = [];
  const runner = new StrategyRunner(def(() => undefined, (f, v) => told.push(`${f.side} ${f.quantity}@${f.price} -> pos ${v.position} cash ${v.cash}`)), {});
  runner.onFill({ side: 'buy', time: 1, price: 10, quantity: 2, fee: 0 }, 2, 0);
  assert.deepEqual(told, ['buy 2@10 -> pos 2 cash 0']);
});

test('candles must arrive once each, oldest first', () => {
  const runner = new StrategyRunner(def(() => undefined), {});
  runner.onCandle(candle(1, 1), 0, 0);
  assert.throws(() => runner.onCandle(candle(1, 1), 0, 0), (e: unknown) => e instanceof StrategyError && /once each, oldest first/.test(e.message));
  assert.throws(() => runner.onCandle(candle(0, 1), 0, 0), StrategyError);
});

test('a bad intent or a throwing strategy is a StrategyError naming the strategy and the candle', () => {
  const bad = new StrategyRunner(def(() => ({ side: 'short', reason: 'x' })), {});
  assert.throws(() => bad.onCandle(candle(0, 1), 0, 0), /strategy "probe": onCandle\(\) returned \{"side":"short","reason":"x"\} at 1970-01-01 00:00:01: /);
  const boom = new StrategyRunner(def(() => {
    throw new Error('division by zero\nstack...');
  }), {});
  assert.throws(() => boom.onCandle(candle(0, 1), 0, 0), /^StrategyError: strategy "probe": onCandle\(\) threw at 1970-01-01 00:00:01: division by zero$/);
  assert.throws(() => new StrategyRunner({ ...def(() => undefined), create: () => ({}) as never }, {}), /must return an object with an onCandle/);
});
