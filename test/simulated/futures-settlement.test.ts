import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossLiquidation, crossMarginCalled, fundingDue, isolatedLiquidations, liquidationEvents } from '../../source/adapters/simulated/futures-settlement.js';
import type { FuturesPosition } from '../../source/domain/index.js';
import { BTCUSDT_BRACKETS } from '../../source/domain/index.js';
import type { AccountView } from '../../source/engine/futures-account.js';
import { FUNDING_INTERVAL_MS } from '../../source/engine/funding.js';
import { mark, SYM } from './futures-fixture.js';

const position = (over: Partial<FuturesPosition> = {}): FuturesPosition => ({
  venue: 'sim', symbol: SYM, side: 'BOTH', qty: 1, entryPrice: 50_000, leverage: 10, marginMode: 'cross', isolatedMargin: 0, ...over,
});
const view = (wallet: number, positions: FuturesPosition[], markPrice: number): AccountView => ({
  wallet, positions, mark: () => markPrice, brackets: () => BTCUSDT_BRACKETS,
});

test('funding: one payment per 8-hour mark since the last, each into the wallet in turn', () => {
  const at = 3 * FUNDING_INTERVAL_MS;
  const due = fundingDue({ venue: 'sim', asset: 'USDT', side: 'BOTH', position: position(), paidUpTo: FUNDING_INTERVAL_MS - 1, mark: mark(50_000, at, 0.0001), wallet: 1_000 });
  assert.deepEqual(due.events.map((e) => e.type === 'futures/funding' && e.data.fundingTime), [FUNDING_INTERVAL_MS, 2 * FUNDING_INTERVAL_MS, 3 * FUNDING_INTERVAL_MS]);
  // A long pays 1 x 50,000 x 0.01% = 5 USDT at each mark.
  assert.equal(due.wallet, 985);
  assert.deepEqual(due.events.map((e) => e.type === 'futures/funding' && e.data.wallet), [995, 990, 985]);
  assert.equal(due.paidUpTo, 3 * FUNDING_INTERVAL_MS);
});

test('funding: none due before the next mark leaves the wallet and the paid-up time alone', () => {
  const due = fundingDue({ venue: 'sim', asset: 'USDT', side: 'BOTH', position: position({ qty: -1 }), paidUpTo: 10, mark: mark(50_000, 20), wallet: 1_000 });
  assert.deepEqual(due, { events: [], wallet: 1_000, paidUpTo: undefined });
});

test('isolated: liquidated when its own margin reaches maintenance, kept while above', () => {
  const thin = position({ marginMode: 'isolated', isolatedMargin: 5_000 });
  assert.deepEqual(isolatedLiquidations(view(10_000, [thin], 49_000), mark(49_000)), []);
  const gone = isolatedLiquidations(view(10_000, [thin], 45_100), mark(45_100));
  assert.equal(gone.length, 1);
  assert.equal(gone[0].loss, 5_000);
  assert.ok(gone[0].price > 45_000 && gone[0].price < 46_000, `liquidation price ${gone[0].price}`);
  // Cross positions and other symbols are not the isolated rule's.
  assert.deepEqual(isolatedLiquidations(view(10_000, [position()], 1), mark(1)), []);
});

test('cross: called at a margin ratio of 1; the loss never takes more than the cross wallet has left', () => {
  const p = position();
  assert.equal(crossMarginCalled(view(10_000, [p], 49_000)), false);
  const v = view(1_000, [p], 49_000);
  assert.equal(crossMarginCalled(v), true);
  const l = crossLiquidation(v, p, 300);
  assert.ok(l.loss <= 300 && l.loss >= 0);
  const events = liquidationEvents(l, mark(49_000), 'USDT', 700, 5);
  assert.deepEqual(events.map((e) => e.type), ['futures/liquidation', 'system/notice']);
  assert.match(events[1].type === 'system/notice' ? events[1].data.message : '', /^LIQUIDATED: long 1 BTC\/USDT:USDT at [\d.]+ \(mark 49000\.00\), cross margin lost/);
});
