import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FuturesEngine } from '../../source/adapters/simulated/futures-engine.js';
import { createRng } from '../../source/adapters/simulated/prng.js';
import type { DomainEvent, Instrument, MarkPrice, Order, OrderBook } from '../../source/domain/index.js';
import { ETHUSDT_BRACKETS, UserError, floorToStep, roundToStep } from '../../source/domain/index.js';
import { applyEvents, emptyFutures, initialState, selectFuturesPositions, type State } from '../../source/store/index.js';
import { envelopes, order } from '../helpers/fixtures.js';

const SYM = 'ETH/USDT:USDT';
const PERP: Instrument = {
  venue: 'sim', symbol: SYM, base: 'ETH', quote: 'USDT', kind: 'perpetual', tickSize: 0.01, lotSize: 0.001, minQty: 0.001, minNotional: 5,
  perpetual: { contractType: 'perpetual', marginAsset: 'USDT', brackets: ETHUSDT_BRACKETS },
};

/**
 * Random futures sessions against the simulated exchange, the ledger folding what it says;
 * after every step: the ledger's wallet is the exchange's, and it is the deposit plus every
 * realised PnL, fee, funding payment and liquidation loss the log holds (no money moves
 * without an event); positions agree; no funding mark is paid twice; the wallet never goes
 * below zero; one-way and hedge positions never coexist.
 */
for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
  test(`futures invariants, seed ${seed}`, () => {
    const rng = createRng(seed);
    const now = { t: Date.parse('2026-11-25T06:00:00Z') };
    const engine = new FuturesEngine({ venue: 'sim', instruments: [PERP], makerFee: 0.0002, takerFee: 0.0005, clock: () => now.t }, { ...emptyFutures(), wallets: { sim: { USDT: 10_000 } } });
    let state: State = applyEvents(initialState(), envelopes([{ type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 10_000, reason: 'deposit', ts: now.t } }]));
    let seq = 10;
    let expected = 10_000;
    const fold = (evs: readonly DomainEvent[]): void => {
      for (const e of evs) {
        if (e.type === 'order/filled' || e.type === 'order/partiallyFilled') expected -= e.data.fill.fee;
        if (e.type === 'futures/position') expected += e.data.realizedPnl;
        if (e.type === 'futures/funding') expected += e.data.amount;
        if (e.type === 'futures/liquidation') expected -= e.data.loss;
      }
      state = applyEvents(state, envelopes(evs, seq, now.t));
      seq += evs.length;
    };
    let price = 3_000;
    let id = 0;
    const open: Order[] = [];
    const book = (): OrderBook => ({ venue: 'sim', symbol: SYM, bids: [[roundToStep(price - 0.5, 0.01), 3], [roundToStep(price - 1.5, 0.01), 10]], asks: [[roundToStep(price + 0.5, 0.01), 3], [roundToStep(price + 1.5, 0.01), 10]], ts: now.t });
    const mark = (): MarkPrice => ({ venue: 'sim', symbol: SYM, markPrice: price, indexPrice: price, fundingRate: (rng.next() - 0.5) * 0.002, nextFundingTime: 0, openInterest: 1, ts: now.t });
    const attempt = (f: () => DomainEvent[]): void => {
      try {
        fold(f());
      } catch (err) {
        if (!(err instanceof UserError)) throw err; // refusals are fine; anything else is a bug
      }
    };
    fold(engine.onMark(mark()));
    for (let step = 0; step < 400; step++) {
      const r = rng.next();
      if (r < 0.06) attempt(() => engine.setLeverage(SYM, 1 + Math.floor(rng.next() * 20)));
      else if (r < 0.1) attempt(() => engine.setMarginMode(SYM, rng.next() < 0.7 ? 'isolated' : 'cross'));
      else if (r < 0.13) attempt(() => engine.setPositionMode(rng.next() < 0.5 ? 'hedge' : 'one-way'));
      else if (r < 0.5) {
        const o = order(String(++id), {
          symbol: SYM, side: rng.next() < 0.5 ? 'buy' : 'sell', type: rng.next() < 0.7 ? 'market' : 'limit', qty: Math.max(0.002, floorToStep(rng.next() * 5, 0.001)),
          price: undefined, status: 'submitted', reduceOnly: rng.next() < 0.2, positionSide: rng.next() < 0.5 ? undefined : rng.next() < 0.5 ? 'LONG' : 'SHORT',
        });
        const limit = o.type === 'limit' ? { ...o, price: roundToStep(price * (0.97 + rng.next() * 0.06), 0.01) } : o;
        fold([{ type: 'order/submitted', data: { order: limit } }]);
        const evs = engine.submit(limit, book());
        fold(evs);
        if (evs.some((e) => e.type === 'order/accepted')) open.push(limit);
      } else if (r < 0.55 && open.length > 0) fold(engine.cancel(open.splice(Math.floor(rng.next() * open.length), 1)[0].id));
      else {
        // The market moves (now and then by a lot), time passes (now and then over funding marks).
        price = Math.max(50, roundToStep(price * Math.exp((rng.next() < 0.05 ? 0.3 : 0.01) * (rng.next() * 2 - 1)), 0.01));
        now.t += Math.floor(rng.next() * (rng.next() < 0.1 ? 10 : 0.2) * 3_600_000);
        fold(engine.onBook(book()));
        fold(engine.onMark(mark()));
      }
      const f = state.ledger.futures;
      const wallet = f.wallets.sim.USDT;
      assert.ok(Math.abs(wallet - engine.walletBalance) < 1e-9, `step ${step}: ledger wallet ${wallet}, exchange ${engine.walletBalance}`);
      assert.ok(Math.abs(wallet - expected) < 1e-6, `step ${step}: wallet ${wallet}, events add up to ${expected}`);
      assert.ok(wallet >= -1e-9, `step ${step}: wallet ${wallet}`);
      const ours = selectFuturesPositions(state, 'sim').map((p) => [p.side, p.qty, p.entryPrice, p.marginMode]);
      const theirs = engine.view().positions.filter((p) => p.qty !== 0).sort((a, b) => a.side.localeCompare(b.side)).map((p) => [p.side, p.qty, p.entryPrice, p.marginMode]);
      assert.deepEqual(ours, theirs, `step ${step}`);
      const sides = new Set(ours.map((p) => p[0]));
      assert.ok(!(sides.has('BOTH') && (sides.has('LONG') || sides.has('SHORT'))), `step ${step}: one-way and hedge positions together`);
      const paid = f.funding.map((p) => `${p.side}@${p.fundingTime}`);
      assert.equal(new Set(paid).size, paid.length, `step ${step}: a funding mark paid twice`);
    }
  });
}
