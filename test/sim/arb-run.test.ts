import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runArbSeed } from '../../sim/arb-run.js';

test('arbitrage under faults: seeds run clean, and one seed replays byte for byte', async () => {
  for (const seed of [1, 2, 3]) {
    const r = await runArbSeed(seed, 30);
    assert.equal(r.violation, undefined, `seed ${seed}: ${JSON.stringify(r.violation)}`);
  }
  const a = await runArbSeed(7, 20);
  const b = await runArbSeed(7, 20);
  assert.equal(a.hash, b.hash);
});
