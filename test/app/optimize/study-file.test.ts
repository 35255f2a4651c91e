import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { optimize, type OptimizeRequest } from '../../../source/app/optimize/optimize.js';
import { searchSpace } from '../../../source/app/optimize/search-space.js';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { UserError } from '../../../source/domain/index.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';
import { tmpDir } from '../../helpers/tmp.js';

const series = generateCandles(1500, { seed: 5, timeframeMs: 3_600_000 });
const request = (over: Partial<OptimizeRequest>): OptimizeRequest => ({
  setup: { strategy: 'sma', cash: 10_000, fee: 0.001, slippageBps: 0, timeframeMs: 3_600_000 },
  series,
  space: searchSpace(smaCross, ['fast=2:20:2', 'slow=10:60:5']),
  method: 'random',
  trials: 40,
  seed: 9,
  metric: 'sharpe',
  workers: 0,
  describe: { symbol: 'BTC/USDT', timeframe: '1h', data: [{ file: 'gen.csv', sha256: 'abc' }] },
  ...over,
});
const trialLines = (file: string): string[] => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);

test('the same seed gives the same study, on one thread or two workers; another seed another', async () => {
  const dir = tmpDir();
  const [a, b, c] = ['a', 'b', 'c'].map((n) => path.join(dir, `${n}.jsonl`));
  await optimize(request({ studyPath: a }));
  await optimize(request({ studyPath: b, workers: 2 }));
  await optimize(request({ studyPath: c, seed: 10 }));
  assert.equal(trialLines(a).length, 40);
  // Written as they finish, so the order may differ: the same lines.
  assert.deepEqual(trialLines(b).sort(), trialLines(a).sort());
  assert.notDeepEqual(trialLines(c).sort(), trialLines(a).sort());
  assert.deepEqual(fs.readFileSync(a, 'utf8').split('\n')[0], fs.readFileSync(b, 'utf8').split('\n')[0], 'the same header');
  // tpe too: its batches depend on results in proposal order, not on who finished first.
  const [t1, t2] = ['t1', 't2'].map((n) => path.join(dir, `${n}.jsonl`));
  await optimize(request({ studyPath: t1, method: 'tpe' }));
  await optimize(request({ studyPath: t2, method: 'tpe', workers: 2 }));
  assert.deepEqual(trialLines(t2).sort(), trialLines(t1).sort());
});

test('a resumed study runs only the missing trials; a torn last line is run again', async () => {
  const file = path.join(tmpDir(), 's.jsonl');
  const full = await optimize(request({ studyPath: file }));
  assert.equal(full.fresh, 40);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  // Keep the header and 25 trials, and half of the 26th line (a kill mid-write).
  fs.writeFileSync(file, `${lines.slice(0, 26).join('\n')}\n${lines[26].slice(0, 30)}`);
  const again = await optimize(request({ studyPath: file }));
  assert.equal(again.fresh, 15, 'only the 15 missing trials ran');
  assert.equal(trialLines(file).length, 40);
  assert.equal(new Set(trialLines(file).map((l) => (JSON.parse(l) as { id: string }).id)).size, 40, 'no trial twice');
  assert.deepEqual(again.results, full.results, 'the same results, in the same order');
  const done = await optimize(request({ studyPath: file }));
  assert.equal(done.fresh, 0);
});

test('a study of another search is refused in one line naming what differs', async () => {
  const file = path.join(tmpDir(), 's.jsonl');
  await optimize(request({ studyPath: file, trials: 10 }));
  await assert.rejects(optimize(request({ studyPath: file, trials: 10, seed: 2 })), (err: Error) => err instanceof UserError && /is a different study \(its seed differs\)/.test(err.message));
  await assert.rejects(optimize(request({ studyPath: file, trials: 10, describe: { symbol: 'BTC/USDT', timeframe: '1h', data: [{ file: 'gen.csv', sha256: 'other' }] } })), /its data differs/);
  // Another metric only ranks again: the same study.
  assert.equal((await optimize(request({ studyPath: file, trials: 10, metric: 'return' }))).fresh, 0);
});
