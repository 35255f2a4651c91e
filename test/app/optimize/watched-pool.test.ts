import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { callSlots, slotWriter, StuckCalls } from '../../../source/app/optimize/call-slots.js';
import { inProcessExecutor, workerFile } from '../../../source/app/optimize/executor.js';
import { shareSeries } from '../../../source/app/optimize/shared-series.js';
import { WatchedPool } from '../../../source/app/optimize/watched-pool.js';
import { watchCalls, withinBudget } from '../../../source/engine/strategy-guard.js';
import { tmpDir } from '../../helpers/tmp.js';

test('withinBudget under a watch: tells it each call begins and ends (also when it throws), and vm again after', () => {
  const told: string[] = [];
  const before = watchCalls({ begin: () => told.push('begin'), end: () => told.push('end') });
  try {
    assert.equal(withinBudget(() => 7, 50), 7);
    assert.throws(() => withinBudget(() => { throw new TypeError('no'); }, 50), TypeError);
  } finally {
    watchCalls(before);
  }
  assert.deepEqual(told, ['begin', 'end', 'begin', 'end']);
  assert.throws(() => withinBudget(() => { for (;;) { /* endless */ } }, 30), /did not return within 30 ms/);
});

test('StuckCalls: a call is stuck only after its budget since first seen; a new call, a nested one or none is not', () => {
  const slots = callSlots(2);
  const a = slotWriter(slots, 0);
  const b = slotWriter(slots, 1);
  const stuck = new StuckCalls(slots);
  const budget = (n: number): number | undefined => (n === 99 ? undefined : 100);
  a.task(1);
  b.task(2);
  a.begin();
  a.begin(); // a call timed inside another: the same call
  assert.deepEqual(stuck.check(0, budget), []);
  assert.deepEqual(stuck.check(100, budget), [], 'at its budget, not past it');
  a.end();
  assert.deepEqual(stuck.check(101, budget), [1], 'the outer call is still under way');
  a.end();
  assert.deepEqual(stuck.check(500, budget), [], 'returned');
  a.begin();
  b.begin();
  assert.deepEqual(stuck.check(600, budget), [], 'new calls are first seen now');
  assert.deepEqual(stuck.check(650, budget), []);
  assert.deepEqual(stuck.check(701, budget), [1, 2]);
  b.end();
  b.task(99);
  b.begin();
  stuck.check(800, budget);
  assert.deepEqual(stuck.check(2000, budget), [1], 'a task the pool no longer has is not reported');
});

/** A user strategy whose `k` = 3 never returns from the candle at index 40; the others trade. */
function stallingStrategy(dir: string): string {
  const file = path.join(dir, 'stall.mjs');
  fs.writeFileSync(
    file,
    `export default {
  name: 'stall',
  description: 'loops forever at candle 40 when k is 3',
  params: { k: { default: 1, min: 1, max: 9, integer: true, description: 'the candle to buy at, tens' } },
  create(p) {
    return { onCandle(_c, view) {
      if (p.k === 3 && view.index === 40) for (;;) {}
      if (view.index === p.k * 10) return { side: 'buy', reason: 'in' };
      if (view.index === p.k * 10 + 25) return { side: 'sell', reason: 'out' };
    } };
  },
};
`,
  );
  return file;
}

test('a pooled sweep with a trial that never returns: the pool is replaced, that trial ends as anywhere else, the rest are exact', async () => {
  const strategy = stallingStrategy(tmpDir());
  const series = shareSeries(generateCandles(300, { seed: 4, timeframeMs: 3_600_000 }));
  const setup = { strategy, cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 3_600_000, budgetMs: 200 };
  const trials = [1, 2, 3, 4, 5, 6].map((k) => ({ id: `k=${k}`, params: { k } }));
  const tasks = [trials.slice(0, 2), trials.slice(2, 4), trials.slice(4)].map((ts) => ({ setup, series, from: 0, to: series.length, trials: ts }));
  const pool = new WatchedPool(2, workerFile(), 20);
  let pooled;
  try {
    pooled = (await Promise.all(tasks.map((t) => pool.run(t)))).flat();
    assert.equal(pool.replaced, 1, 'the watch found the stuck call, once');
    // The replaced pool takes tasks as before.
    assert.deepEqual(await pool.run(tasks[0]), pooled.slice(0, 2));
  } finally {
    await pool.close();
  }
  const local = (await Promise.all(tasks.map((t) => inProcessExecutor().run(t)))).flat();
  assert.deepEqual(pooled, local, 'the same outcomes as one thread timed by vm, the stuck trial\'s text included');
  const stuck = pooled.find((r) => r.id === 'k=3')!.outcome;
  assert.ok('error' in stuck && /^strategy "stall": (onCandle\(\) )?did not return within 200 ms \(setting strategy\.timeBudgetMs\) at \d{4}-/.test(stuck.error), JSON.stringify(stuck));
  assert.equal(pooled.filter((r) => 'figures' in r.outcome).length, 5);
});
