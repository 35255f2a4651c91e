import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replayCommand, runSeed, type RunResult, type VenueKind } from '../../sim/run-seed.js';
import { parseArgs, venueFor } from '../../sim/cli.js';

/**
 * The CI budget of the fault simulator: a fixed set of seeds per venue, each a full run of the
 * real session with faults and invariants checked after every step. A failure names the
 * invariant, the step and the command that replays it.
 */
const BUDGET: Record<VenueKind, { seeds: number; steps: number }> = {
  sim: { seeds: 150, steps: 80 },
  ccxt: { seeds: 0, steps: 60 },
};

function explain(r: RunResult): string {
  const v = r.violation!;
  return `seed ${r.seed} (${r.venue}) step ${v.step} [${v.action}]: ${v.invariant}: ${v.message}\n  replay: ${replayCommand({ ...r, steps: v.step })}`;
}

for (const venue of ['sim', 'ccxt'] as const) {
  const { seeds, steps } = BUDGET[venue];
  if (seeds === 0) continue;
  test(`${seeds} seeds on the ${venue} venue hold every invariant`, async () => {
    const failures: string[] = [];
    const faults: Record<string, number> = {};
    for (let seed = 1; seed <= seeds; seed++) {
      const r = await runSeed({ seed, venue, steps });
      for (const [k, n] of Object.entries(r.faults)) faults[k] = (faults[k] ?? 0) + n;
      if (r.violation) failures.push(explain(r));
    }
    assert.deepEqual(failures, []);
    assert.ok(Object.keys(faults).length > 0, 'faults were injected');
  });
}

test('the same seed replays the same run, byte for byte', async () => {
  const lines: string[][] = [[], []];
  const a = await runSeed({ seed: 4242, venue: 'sim', steps: 120, onTrace: (l) => lines[0].push(l) });
  const b = await runSeed({ seed: 4242, venue: 'sim', steps: 120, onTrace: (l) => lines[1].push(l) });
  assert.deepEqual(lines[1], lines[0]);
  assert.equal(b.hash, a.hash);
  assert.deepEqual(b.faults, a.faults);
  const c = await runSeed({ seed: 4243, venue: 'sim', steps: 120 });
  assert.notEqual(c.hash, a.hash, 'another seed is another run');
  // A shorter run is a prefix of the longer one: --steps cuts a failing run to where it failed.
  const short: string[] = [];
  await runSeed({ seed: 4242, venue: 'sim', steps: 40, onTrace: (l) => short.push(l) });
  assert.ok(short.length >= 80);
  assert.deepEqual(short.slice(0, 80), lines[0].slice(0, 80));
});

test('sim arguments: defaults, replay of one seed, and one-line refusals', () => {
  assert.deepEqual(parseArgs([]), { seeds: 100, first: 1, venue: 'sim', steps: 200, trace: false, diskFaults: false });
  assert.deepEqual(parseArgs(['--seed', '17', '--venue', 'ccxt', '--steps', '33']), { seeds: 1, first: 17, venue: 'ccxt', steps: 33, trace: false, diskFaults: false });
  assert.deepEqual(parseArgs(['--seeds=5', '--venue=both']), { seeds: 5, first: 1, venue: 'both', steps: 200, trace: false, diskFaults: false });
  assert.deepEqual(parseArgs(['--help']), { help: true });
  assert.deepEqual(parseArgs(['--seeds', '0']), { error: '--seeds needs a whole number >= 1, got "0"' });
  assert.deepEqual(parseArgs(['--venue', 'binance']), { error: '--venue must be sim, ccxt or both, got "binance"' });
  assert.deepEqual(parseArgs(['--frobnicate']), { error: 'unknown option "--frobnicate" (see --help)' });
  assert.equal(venueFor({ venue: 'both' }, 2), 'sim');
  assert.equal(venueFor({ venue: 'both' }, 3), 'ccxt');
  assert.equal(replayCommand({ seed: 9, venue: 'sim', steps: 12 }), 'npm run sim -- --seed 9 --venue sim --steps 12');
});
