import assert from 'node:assert/strict';
import { test } from 'node:test';
import { walkBook } from '../../../source/engine/arb/walk-book.js';
import { bestCross, crossEdge, type VenueQuote } from '../../../source/engine/arb/cross-edge.js';

const NOW = 1_700_000_000_000;
const RULES = { staleMs: 5000, sanityPercent: 5 };
/** Venue A sells cheap (asks 100, 101), venue B buys dear (bids 103, 102): worked by hand below. */
const A: VenueQuote = { venue: 'a', bids: [[99.9, 1]], asks: [[100, 0.5], [101, 1]], ts: NOW, fee: 0.001, base: 0, quote: 1000 };
const B: VenueQuote = { venue: 'b', bids: [[103, 0.3], [102, 1]], asks: [[103.1, 1]], ts: NOW, fee: 0.0005, base: 5, quote: 0 };
const near = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

test('walking a book: level by level to the size; the worst level is the IOC limit', () => {
  const w = walkBook(A.asks, 1);
  near(w.notional, 0.5 * 100 + 0.5 * 101);
  near(w.avgPrice, 100.5);
  assert.equal(w.worstPrice, 101);
  assert.equal(w.complete, true);
  const thin = walkBook(A.asks, 2);
  assert.equal(thin.qty, 1.5);
  assert.equal(thin.complete, false);
});

test('the edge at size, net of both venues\' fees (by hand: buy 1 at 100.5 avg on a, sell at 102.3 avg on b)', () => {
  const e = crossEdge(A, B, 1, NOW, RULES);
  assert.equal(e.buyVenue, 'a');
  assert.equal(e.sellVenue, 'b');
  near(e.buyAvg, 100.5);
  near(e.sellAvg, 102.3); // 0.3 x 103 + 0.7 x 102
  assert.equal(e.buyLimit, 101);
  assert.equal(e.sellLimit, 102);
  near(e.gross, 1.8);
  near(e.fees, 100.5 * 0.001 + 102.3 * 0.0005); // 0.1005 + 0.05115
  near(e.net, 1.8 - 0.15165);
  near(e.netPercent, (1.64835 / 100.5) * 100);
  assert.deepEqual(e.problems, []);
  // Top of book would have said 103 - 100 = 3: the walk at size says 1.8 before fees.
});

test('the wrong direction is a loss; the best of the pair is the right one', () => {
  const back = crossEdge(B, A, 1, NOW, RULES);
  assert.ok(back.net < 0);
  assert.equal(bestCross([B, A], 1, NOW, RULES)!.buyVenue, 'a');
  assert.equal(bestCross([A], 1, NOW, RULES), undefined);
});

test('flags: a stale book, books apart beyond the sanity band, a thin book, too little inventory; the figures are still there', () => {
  const stale = crossEdge({ ...A, ts: NOW - 6000 }, B, 1, NOW, RULES);
  assert.deepEqual(stale.problems.map((p) => p.code), ['arb.stale']);
  assert.match(stale.problems[0].text, /a's book is 6s old/);
  near(stale.net, 1.64835);
  const apart = crossEdge(A, B, 1, NOW, { ...RULES, sanityPercent: 2 });
  assert.deepEqual(apart.problems.map((p) => p.code), ['arb.disagree']);
  const thin = crossEdge(A, B, 2, NOW, RULES);
  assert.equal(thin.qty, 1.3, 'both legs sized to the thinner side (b\'s bids hold 1.3)');
  assert.deepEqual(thin.problems.map((p) => p.code), ['arb.thin']);
  const poor = crossEdge({ ...A, quote: 50 }, { ...B, base: 0.5 }, 1, NOW, RULES);
  assert.deepEqual(poor.problems.map((p) => p.code), ['arb.inventory', 'arb.inventory']);
});
