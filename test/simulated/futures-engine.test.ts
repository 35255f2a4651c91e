import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuturesEngine } from '../../source/adapters/simulated/futures-engine.js';
import type { DomainEvent, FuturesPosition } from '../../source/domain/index.js';
import { BTCUSDT_BRACKETS, RefusedError, UserError } from '../../source/domain/index.js';
import { maxRemovableIsolatedMargin } from '../../source/engine/futures-margin.js';
import { isolatedLiquidationPrice } from '../../source/engine/liquidation.js';
import { selectFuturesPositions } from '../../source/store/index.js';
import { book, mark, PERP, perpOrder, setup, SYM, types } from './futures-fixture.js';

test('open a 2x long, see it with its entry, close it reduce-only: fees and PnL land in the wallet', () => {
  const { e, fold, state } = setup();
  fold(e.setLeverage(SYM, 2));
  fold(e.onMark(mark(60_000)));
  const open = fold(e.submit(perpOrder('1', { qty: 0.1 }), book(60_000)));
  assert.deepEqual(types(open), ['order/accepted', 'order/filled', 'futures/position']);
  const [p] = selectFuturesPositions(state(), 'sim');
  assert.deepEqual([p.side, p.qty, p.entryPrice, p.leverage, p.marginMode], ['BOTH', 0.1, 60_000.5, 2, 'cross']);
  assert.equal(state().ledger.futures.wallets.sim.USDT, 10_000 - 3.000025); // taker fee 0.05% of 6,000.05
  const close = fold(e.submit(perpOrder('2', { side: 'sell', qty: 0.1, reduceOnly: true }), book(61_000)));
  assert.deepEqual(types(close), ['order/accepted', 'order/filled', 'futures/position']);
  assert.equal(selectFuturesPositions(state(), 'sim').length, 0);
  const realized = 0.1 * (60_999.5 - 60_000.5);
  assert.equal(state().ledger.futures.positions['sim:BTC/USDT:USDT:BOTH'].realizedPnl, realized);
  assert.ok(Math.abs(state().ledger.futures.wallets.sim.USDT - (10_000 - 3.000025 + realized - 3.049975)) < 1e-6);
  // Reduce-only on a flat position is refused by the exchange too.
  const again = e.submit(perpOrder('3', { side: 'sell', qty: 0.1, reduceOnly: true }), book(61_000));
  assert.match((again[0] as Extract<DomainEvent, { type: 'order/rejected' }>).data.reason, /no position to reduce/);
});

test('position mode cannot change with a position or an open order (Binance -4068/-4067); it can when flat', () => {
  const { e, fold } = setup();
  fold(e.onMark(mark(60_000)));
  fold(e.submit(perpOrder('1', { qty: 0.01 }), book(60_000)));
  assert.throws(() => e.setPositionMode('hedge'), (err: Error) => err instanceof UserError && /cannot change while positions are open \(BTC\/USDT:USDT\); close them first \(Binance -4068\)/.test(err.message));
  fold(e.submit(perpOrder('2', { side: 'sell', qty: 0.01 }), book(60_000)));
  fold(e.submit(perpOrder('3', { type: 'limit', price: 50_000, qty: 0.01 }), book(60_000))); // rests
  assert.throws(() => e.setPositionMode('hedge'), /orders are open \(BTC\/USDT:USDT\); cancel them first \(Binance -4067\)/);
  assert.throws(() => e.setMarginMode(SYM, 'isolated'), /orders are open; cancel them first \(Binance -4047\)/);
  fold(e.cancel('3'));
  assert.deepEqual(types(fold(e.setPositionMode('hedge'))), ['futures/positionMode']);
  assert.throws(() => e.setPositionMode('hedge'), /already in hedge mode/);
});

test('hedge mode: LONG and SHORT held together; an order without a side is refused', () => {
  const { e, fold, state } = setup();
  fold(e.setPositionMode('hedge'));
  fold(e.onMark(mark(60_000)));
  const bare = e.submit(perpOrder('0'), book(60_000));
  assert.match((bare[0] as Extract<DomainEvent, { type: 'order/rejected' }>).data.reason, /hedge mode; say which position/);
  fold(e.submit(perpOrder('1', { qty: 0.02, positionSide: 'LONG' }), book(60_000)));
  fold(e.submit(perpOrder('2', { side: 'sell', qty: 0.01, positionSide: 'SHORT' }), book(60_000)));
  assert.deepEqual(selectFuturesPositions(state(), 'sim').map((p) => [p.side, p.qty]), [['LONG', 0.02], ['SHORT', -0.01]]);
  fold(e.submit(perpOrder('3', { side: 'buy', qty: 0.01, positionSide: 'SHORT' }), book(59_000)));
  fold(e.submit(perpOrder('4', { side: 'sell', qty: 0.02, positionSide: 'LONG' }), book(59_000)));
  assert.equal(selectFuturesPositions(state(), 'sim').length, 0);
});

test('leverage: refused above the tier, kept per symbol; margin refused past the wallet', () => {
  const { e, fold } = setup();
  assert.throws(() => e.setLeverage(SYM, 126), /leverage 126 is not valid; a whole number from 1 to 125 \(Binance -4028\)/);
  fold(e.onMark(mark(60_000)));
  const big = e.submit(perpOrder('1', { qty: 0.5 }), book(60_000)); // 30,000 at 1x on 10,000
  assert.match((big[0] as Extract<DomainEvent, { type: 'order/rejected' }>).data.reason, /margin is insufficient: need 30015\.25 USDT, available 10000\.00 USDT \(Binance -2019\)/);
});

test('funding: paid at each 8-hour mark once, longs pay a positive rate', () => {
  const t0 = Date.parse('2026-11-25T07:00:00Z');
  const now = { t: t0 };
  const { e, fold, state } = setup(now);
  fold(e.onMark(mark(60_000, t0)));
  assert.deepEqual(types(fold(e.submit(perpOrder('1', { qty: 0.1 }), book(60_000)))), ['order/accepted', 'order/filled', 'futures/position']);
  assert.equal(types(fold(e.onMark(mark(60_000, Date.parse('2026-11-25T07:59:59.999Z'))))).length, 0);
  const at8 = fold(e.onMark(mark(60_000, Date.parse('2026-11-25T08:00:00Z'))));
  assert.deepEqual(types(at8), ['futures/funding']);
  assert.equal(fold(e.onMark(mark(60_000, Date.parse('2026-11-25T08:00:01Z')))).length, 0);
  // Asleep over two marks: both paid, each at its own time.
  const later = fold(e.onMark(mark(60_000, Date.parse('2026-11-26T00:00:00Z'))));
  assert.deepEqual(later.map((x) => x.type === 'futures/funding' && new Date(x.data.fundingTime).toISOString()), ['2026-11-25T16:00:00.000Z', '2026-11-26T00:00:00.000Z']);
  const f = state().ledger.futures;
  assert.equal(f.fundingCount, 3);
  assert.ok(f.funding.every((x) => x.amount === -0.6)); // 0.1 x 60,000 x 0.01%
  // A new engine over the ledger (a restart) does not pay those marks again.
  const restarted = new FuturesEngine({ venue: 'sim', instruments: [PERP], makerFee: 0.0002, takerFee: 0.0005, clock: () => now.t }, f);
  assert.equal(restarted.onMark(mark(60_000, Date.parse('2026-11-26T07:00:00Z'))).length, 0);
  assert.deepEqual(types(restarted.onMark(mark(60_000, Date.parse('2026-11-26T08:00:00Z')))), ['futures/funding']);
});

test('liquidation: an isolated 2x long goes at its liquidation price when the mark reaches it, with a notice', () => {
  const { e, fold, state } = setup();
  fold(e.setLeverage(SYM, 2));
  fold(e.setMarginMode(SYM, 'isolated'));
  fold(e.onMark(mark(60_000)));
  fold(e.submit(perpOrder('1', { qty: 0.1 }), book(60_000)));
  fold(e.submit(perpOrder('2', { type: 'limit', side: 'buy', price: 40_000, qty: 0.01 }), book(60_000))); // rests, then goes with the position
  const [p] = selectFuturesPositions(state(), 'sim');
  assert.equal(p.isolatedMargin, 0.1 * 60_000.5 / 2);
  const lp = isolatedLiquidationPrice(p, BTCUSDT_BRACKETS)!;
  assert.ok(lp > 30_000 && lp < 30_200, `${lp}`);
  assert.equal(fold(e.onMark(mark(lp + 1))).length, 0);
  const evs = fold(e.onMark(mark(lp - 1)));
  assert.deepEqual(types(evs), ['futures/liquidation', 'system/notice', 'order/cancelled']);
  const liq = evs[0] as Extract<DomainEvent, { type: 'futures/liquidation' }>;
  assert.equal(liq.data.price, lp);
  assert.equal(liq.data.loss, p.isolatedMargin);
  assert.match((evs[1] as Extract<DomainEvent, { type: 'system/notice' }>).data.message, /^LIQUIDATED: long 0.1 BTC\/USDT:USDT at 30,?1\d\d\.\d\d .*isolated margin lost: 3000\.03 USDT/);
  assert.equal(selectFuturesPositions(state(), 'sim').length, 0);
  assert.equal(state().ledger.futures.liquidations.length, 1);
  assert.ok(Math.abs(state().ledger.futures.wallets.sim.USDT - (10_000 - 3.000025 - p.isolatedMargin)) < 1e-6);
});

test('liquidation: a cross position goes when the cross margin balance reaches maintenance', () => {
  const { e, fold, state } = setup();
  fold(e.setLeverage(SYM, 2));
  fold(e.onMark(mark(60_000)));
  fold(e.submit(perpOrder('1', { side: 'sell', qty: 0.3 }), book(60_000))); // short 18,000 on a 10,000 wallet
  const evs = fold(e.onMark(mark(95_000)));
  assert.deepEqual(types(evs).slice(0, 2), ['futures/liquidation', 'system/notice']);
  assert.equal(selectFuturesPositions(state(), 'sim').length, 0);
  assert.ok(state().ledger.futures.wallets.sim.USDT >= 0);
  assert.ok(state().ledger.futures.wallets.sim.USDT < 1, `the cross wallet is lost: ${state().ledger.futures.wallets.sim.USDT}`);
});

const refusedWith = (code: string) => (err: unknown) => err instanceof RefusedError && err.refusal.code === code;

/** A 10x isolated long of 0.1 BTC bought at 60,000.5 (initial margin 600.005), the mark at 60,000; the ledger folds every event. */
function isolatedLong() {
  const { e, fold, state } = setup();
  fold(e.setMarginMode(SYM, 'isolated'));
  fold(e.setLeverage(SYM, 10));
  fold(e.onMark(mark(60_000)));
  fold(e.submit(perpOrder('1', { qty: 0.1 }), book(60_000)));
  const position = (): FuturesPosition => e.view().positions.find((p) => p.qty !== 0)!;
  return { e, fold, state, position };
}

test('isolated margin added lowers the liquidation price, removed raises it; the wallet stays; the ledger keeps it over a restart', () => {
  const { e, fold, state, position } = isolatedLong();
  assert.ok(Math.abs(position().isolatedMargin - 600.005) < 1e-9);
  const wallet = e.walletBalance;
  const liqBefore = isolatedLiquidationPrice(position(), BTCUSDT_BRACKETS)!;
  const added = fold(e.changeIsolatedMargin(SYM, undefined, 100, 'add'));
  assert.deepEqual(added.map((x) => x.type), ['futures/position']);
  assert.ok(Math.abs(position().isolatedMargin - 700.005) < 1e-9);
  assert.equal(e.walletBalance, wallet, 'isolated margin is a part of the wallet: moving it changes no balance');
  const liqAfter = isolatedLiquidationPrice(position(), BTCUSDT_BRACKETS)!;
  assert.ok(liqAfter < liqBefore - 900, `liquidation ${liqBefore} -> ${liqAfter}: 100 USDT more margin on 0.1 BTC is about 1,000 lower`);
  const [folded] = selectFuturesPositions(state(), 'sim');
  assert.ok(Math.abs(folded.isolatedMargin - 700.005) < 1e-9);
  assert.equal(state().ledger.futures.positions[`sim:${SYM}:BOTH`].realizedPnl, 0, 'a margin move realises nothing');
  // A restart over the ledger comes back with the added margin.
  const again = new FuturesEngine({ venue: 'sim', instruments: [PERP], makerFee: 0.0002, takerFee: 0.0005, clock: () => 1 }, state().ledger.futures);
  assert.ok(Math.abs(again.view().positions.find((p) => p.qty !== 0)!.isolatedMargin - 700.005) < 1e-9);
  // At most what keeps the initial margin at the mark: 700.005 - 0.05 (the loss at the mark) - 600 = 99.955.
  const max = maxRemovableIsolatedMargin(position(), 60_000, BTCUSDT_BRACKETS);
  assert.ok(Math.abs(max - 99.955) < 1e-9, `max removable ${max}`);
  assert.throws(() => e.changeIsolatedMargin(SYM, undefined, 99.96, 'reduce'), refusedWith('futures.margin-isolated-insufficient'));
  assert.ok(Math.abs(position().isolatedMargin - 700.005) < 1e-9, 'a refused change changes nothing');
  fold(e.changeIsolatedMargin(SYM, undefined, 99.955, 'reduce'));
  assert.ok(Math.abs(position().isolatedMargin - 600.05) < 1e-9);
  assert.ok(isolatedLiquidationPrice(position(), BTCUSDT_BRACKETS)! > liqAfter + 900, 'margin removed raises the liquidation price');
});

test('a margin change is refused with its code: not positive, cross, no position, more than the cross wallet spares, wrong position side', () => {
  const { e, position } = isolatedLong();
  assert.throws(() => e.changeIsolatedMargin(SYM, undefined, 0, 'add'), refusedWith('futures.margin-amount'));
  assert.throws(() => e.changeIsolatedMargin(SYM, undefined, -5, 'reduce'), refusedWith('futures.margin-amount'));
  assert.throws(() => e.changeIsolatedMargin(SYM, undefined, 10_000, 'add'), (err: unknown) => err instanceof RefusedError && err.refusal.code === 'futures.margin-cross-insufficient' && /at most 9396\.\d{8} USDT can be added/.test(err.refusal.text));
  assert.throws(() => e.changeIsolatedMargin(SYM, 'LONG', 10, 'add'), refusedWith('futures.position-side'));
  assert.ok(Math.abs(position().isolatedMargin - 600.005) < 1e-9);
  const flat = setup().e;
  flat.onMark(mark(60_000));
  assert.throws(() => flat.changeIsolatedMargin(SYM, undefined, 10, 'add'), refusedWith('futures.margin-not-isolated'));
  flat.setMarginMode(SYM, 'isolated');
  assert.throws(() => flat.changeIsolatedMargin(SYM, undefined, 10, 'add'), refusedWith('futures.margin-no-position'));
  assert.throws(() => flat.changeIsolatedMargin('ETH/USDT:USDT', undefined, 10, 'add'), refusedWith('market.unknown'));
});
