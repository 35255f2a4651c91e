import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuturesEngine } from '../../source/adapters/simulated/futures-engine.js';
import type { DomainEvent, FuturesPosition, Instrument, MarkPrice, OrderBook } from '../../source/domain/index.js';
import { BTCUSDT_BRACKETS, RefusedError } from '../../source/domain/index.js';
import { maxRemovableIsolatedMargin } from '../../source/engine/futures-margin.js';
import { isolatedLiquidationPrice } from '../../source/engine/liquidation.js';
import { applyEvents, emptyFutures, initialState, selectFuturesPositions, type FuturesLedger, type State } from '../../source/store/index.js';
import { envelopes, order } from '../helpers/fixtures.js';

const SYM = 'BTC/USDT:USDT';
const PERP: Instrument = {
  venue: 'sim', symbol: SYM, base: 'BTC', quote: 'USDT', kind: 'perpetual', tickSize: 0.1, lotSize: 0.001, minQty: 0.001, minNotional: 5,
  perpetual: { contractType: 'perpetual', marginAsset: 'USDT', brackets: BTCUSDT_BRACKETS },
};
const book = (mid: number): OrderBook => ({ venue: 'sim', symbol: SYM, bids: [[mid - 0.5, 5]], asks: [[mid + 0.5, 5]], ts: 1 });
const mark = (markPrice: number): MarkPrice => ({ venue: 'sim', symbol: SYM, markPrice, indexPrice: markPrice, fundingRate: 0, nextFundingTime: 0, openInterest: 1, ts: 1 });
const engine = (ledger: FuturesLedger = { ...emptyFutures(), wallets: { sim: { USDT: 10_000 } } }) =>
  new FuturesEngine({ venue: 'sim', instruments: [PERP], makerFee: 0.0002, takerFee: 0.0005, clock: () => 1 }, ledger);
const refusedWith = (code: string) => (err: unknown) => err instanceof RefusedError && err.refusal.code === code;

/** A 10x isolated long of 0.1 BTC bought at 60,000.5 (initial margin 600.005), the mark at 60,000; the ledger folds every event. */
function isolatedLong() {
  const e = engine();
  let state: State = applyEvents(initialState(), envelopes([{ type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 10_000, reason: 'deposit', ts: 0 } }]));
  let seq = 100;
  const fold = (evs: DomainEvent[]): DomainEvent[] => {
    state = applyEvents(state, envelopes(evs, seq));
    seq += evs.length;
    return evs;
  };
  fold(e.setMarginMode(SYM, 'isolated'));
  fold(e.setLeverage(SYM, 10));
  fold(e.onMark(mark(60_000)));
  fold(e.submit(order('1', { symbol: SYM, type: 'market', price: undefined, qty: 0.1, status: 'submitted' }), book(60_000)));
  const position = (): FuturesPosition => e.view().positions.find((p) => p.qty !== 0)!;
  return { e, fold, state: () => state, position };
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
  const again = engine(state().ledger.futures);
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
  const flat = engine();
  flat.onMark(mark(60_000));
  assert.throws(() => flat.changeIsolatedMargin(SYM, undefined, 10, 'add'), refusedWith('futures.margin-not-isolated'));
  flat.setMarginMode(SYM, 'isolated');
  assert.throws(() => flat.changeIsolatedMargin(SYM, undefined, 10, 'add'), refusedWith('futures.margin-no-position'));
  assert.throws(() => flat.changeIsolatedMargin('ETH/USDT:USDT', undefined, 10, 'add'), refusedWith('market.unknown'));
});
