import assert from 'node:assert/strict';
import { test } from 'node:test';
import { carryDecision, carryFigures, carryMove, defaultExitApr, deRiskMove, netCarryApr, roundTripFeeRate } from '../../../source/engine/carry/carry-math.js';

const fees = { spotTaker: 0.001, perpTaker: 0.0005 };
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} against ${b}`);

test('net APR: 0.01% every 8 h is 10.95% a year; a round trip of 0.3% over 30 days costs 3.65% of it', () => {
  close(roundTripFeeRate(fees), 0.003, 'round trip');
  // 0.0001 x 3 x 365 = 0.1095; 0.003 x 365 / 30 = 0.0365; 0.073 -> 7.3%.
  close(netCarryApr(0.0001, 8, fees, 30), 7.3, '8-hourly');
  // Paid every 4 h, twice as many intervals: 0.219 - 0.0365 = 0.1825.
  close(netCarryApr(0.0001, 4, fees, 30), 18.25, '4-hourly');
  // A year's hold spreads the same fees thin: 0.1095 - 0.003 = 0.1065.
  close(netCarryApr(0.0001, 8, fees, 365), 10.65, 'a year');
  // A negative rate: the short pays, and the fees on top.
  close(netCarryApr(-0.0001, 8, fees, 30), -14.6, 'negative');
});

test('entry above the entry threshold, hold down to the exit threshold, out below it', () => {
  const t = { minApr: 10, exitApr: defaultExitApr(10) };
  assert.equal(t.exitApr, 5);
  assert.equal(carryMove(false, 9.99, t), 'wait');
  assert.equal(carryMove(false, 10, t), 'enter');
  assert.equal(carryMove(true, 6, t), 'hold', 'between the thresholds a carry that is in stays in');
  assert.equal(carryMove(true, 4.99, t), 'exit');
  assert.equal(carryMove(false, 6, t), 'wait', 'between the thresholds a carry that is out stays out');
});

/** A seeded wander (no Math.random: the same numbers every run). */
function wander(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0) / 2 ** 32);
}

/** How many transactions a carry makes over `seconds` looks a second, the net APR wandering across both thresholds. */
function transactions(decide: (inPosition: boolean, apr: number, now: number) => 'enter' | 'exit' | 'hold' | 'wait', seconds: number): number {
  const next = wander(7);
  let inPosition = false;
  let count = 0;
  for (let s = 0; s < seconds; s++) {
    // About the soak's: 1%/0.5% thresholds, the rate's noise from tick to tick wider than the gap.
    const apr = 0.75 + (next() - 0.5) * 2;
    const move = decide(inPosition, apr, s * 1000);
    if (move === 'enter' || move === 'exit') {
      inPosition = move === 'enter';
      count++;
    }
  }
  return count;
}

test('a net APR that wanders about the thresholds trades a bounded number of times: an exit waits for the rate to stay below', () => {
  const t = { minApr: 1, exitApr: 0.5 };
  const hour = 3_600;
  // The rule without the wait: in and out within seconds, as the soak saw (335 transactions in 50 minutes).
  const bare = transactions((inPos, apr) => carryMove(inPos, apr, t), hour);
  assert.ok(bare > 300, `without the wait it churns: ${bare} transactions in an hour`);
  let watch = {};
  const confirmMs = 30 * 60_000;
  const held = transactions((inPos, apr, now) => {
    const d = carryDecision(inPos, apr, t, watch, now, confirmMs);
    watch = d.watch;
    return d.move;
  }, hour);
  // An exit at most once per 30 minutes, an entry after each: 2 x 60 / 30 + 1 at most.
  assert.ok(held >= 1 && held <= 5, `${held} transactions in an hour`);
  // A rate that stays below does exit, once its wait has run unbroken.
  let w = {};
  for (const [now, apr, move] of [[0, 0.4, 'hold'], [10 * 60_000, 0.6, 'hold'], [11 * 60_000, 0.4, 'hold'], [40 * 60_000, 0.4, 'hold'], [41 * 60_000, 0.3, 'exit']] as const) {
    const d = carryDecision(true, apr, t, w, now, confirmMs);
    assert.equal(d.move, move, `at ${now / 60_000} min, ${apr}%`);
    w = d.watch;
  }
  assert.deepEqual(w, {}, 'the wait starts afresh after an exit');
  assert.equal(carryDecision(false, 1.2, t, {}, 0, confirmMs).move, 'enter', 'entries are at once');
  assert.equal(carryDecision(true, 0.4, t, {}, 0, 0).move, 'exit', 'no wait (carry.exitMinutes 0): the bare rule');
});

test('de-risk: nothing below the ratio; margin from spot when it can; else both legs reduced to half the ratio', () => {
  const risk = { marginRatio: 0.8, maintenance: 80, marginBalance: 100 };
  assert.deepEqual(deRiskMove({ ...risk, marginRatio: 0.49 }, 0.5, 1000, true), { kind: 'none' });
  // Target 0.25: 80 / 0.25 = 320 of margin balance, 220 more.
  const add = deRiskMove(risk, 0.5, 1000, true);
  assert.equal(add.kind, 'add-margin');
  close(add.kind === 'add-margin' ? add.amount : NaN, 220, 'margin added');
  // Too little spot quote, or no transfer: keep 0.25 x 100 / 80 = 31.25% of the legs.
  const reduce = deRiskMove(risk, 0.5, 100, true);
  assert.equal(reduce.kind, 'reduce');
  close(reduce.kind === 'reduce' ? reduce.fraction : NaN, 0.6875, 'share reduced');
  assert.deepEqual(deRiskMove(risk, 0.5, 1000, false), reduce);
  // Nothing left to back it: all of it.
  assert.deepEqual(deRiskMove({ marginRatio: Infinity, maintenance: 80, marginBalance: -5 }, 0.5, 0, false), { kind: 'reduce', fraction: 1 });
});

test('figures: funding, fees, the basis the two legs made on price, net', () => {
  // Spot 0.01 bought at 50,000 (500 paid, 0.5 fee); perpetual 0.01 sold at 50,100 (501, 0.2505 fee).
  const t = { spotBought: 0.01, spotSold: 0, spotPaid: 500, spotReceived: 0, perpSold: 0.01, perpBought: 0, perpReceived: 501, perpPaid: 0, fees: 0.7505 };
  // Marked at 51,000 spot and 51,050 perpetual: spot +10, perpetual 501 - 510.5 = -9.5; basis +0.5.
  const open = carryFigures(t, 1.5, 51_000, 51_050);
  close(open.basisPnl, 0.5, 'basis');
  close(open.net, 1.5 + 0.5 - 0.7505, 'net');
  // Closed at 49,000 and 48,990: spot -10, perpetual +11.1; the prices given no longer count.
  const shut = carryFigures({ ...t, spotSold: 0.01, spotReceived: 490, perpBought: 0.01, perpPaid: 489.9, fees: 1.5 }, 3, 1, 1);
  close(shut.basisPnl, 1.1, 'closed basis');
  close(shut.net, 3 + 1.1 - 1.5, 'closed net');
  assert.equal(shut.funding, 3);
  assert.equal(shut.fees, 1.5);
});
