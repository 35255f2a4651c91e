import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Candle } from '../../source/domain/index.js';
import { dcaStrategy } from '../../source/strategies/dca.js';

const MIN = 60_000;
const candle = (t: number, c = 100): Candle => ({ t, o: c, h: c, l: c, c, v: 1 });

test('a resumed dca counts from the close its last buy answered, not from the milliseconds after it the fill came', () => {
  // Live, a buy sent at the close of the 22:20 candle (22:21:00) fills a few ms later: 22:21:00.120.
  const t0 = Date.UTC(2026, 11, 6, 22, 20);
  const inst = dcaStrategy.create({ every: 5 * MIN, 'on-drop': 0 });
  // A restart: the host tells the new instance its own fills again, then the candles go on.
  inst.onFill!({ side: 'buy', time: t0 + MIN + 120, price: 100, quantity: 1, fee: 0 }, { position: 1, cash: 900, index: 0 });
  const signalAt: number[] = [];
  for (let t = t0 + 2 * MIN; t <= t0 + 8 * MIN; t += MIN) {
    const intent = inst.onCandle(candle(t), { position: 1, cash: 900, index: (t - t0) / MIN });
    if (intent !== undefined) signalAt.push(t);
  }
  // Without the restart it buys at the close of the 22:25 candle; resumed, at most one candle later (22:26), never two.
  assert.deepEqual(signalAt.slice(0, 1), [t0 + 6 * MIN]);
});
