import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, HOLD, isNewHold, targetToPursue, type InstanceView } from '../../source/engine/strategy-decision.js';
import type { StrategySize } from '../../source/engine/strategy-size.js';
import type { StrategyHold } from '../../source/store/index.js';

const inst = { symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', lotSize: 0.00001, minQty: 0.00001 };
const spot: InstanceView = { inst, own: 0, held: 0, ask: 50_000, bid: 49_990, equity: 10_000, cash: 10_000, baseFree: 0, fee: 0.001 };
const perp: InstanceView = { ...spot, inst: { ...inst, symbol: 'BTC/USDT:USDT' }, baseFree: 0, futures: { mode: 'one-way' } };
const usdt = (amount: number): StrategySize => ({ kind: 'quote', amount, asset: 'USDT' });

test('spot: a long target buys exactly its size; at target there is nothing to do; flat sells only its own', () => {
  assert.deepEqual(decide(spot, usdt(100), 'long'), { kind: 'place', order: { side: 'buy', qty: 0.00199, quoteQty: 100, opens: true, what: 'buy' } });
  assert.equal(decide({ ...spot, own: 0.002, held: 0.002 }, usdt(100), 'long').kind, 'done');
  assert.equal(decide({ ...spot, baseFree: 5 }, usdt(100), 'flat').kind, 'done', 'the trader\'s 5 BTC are not its own');
  assert.deepEqual(decide({ ...spot, own: 0.002, held: 0.002, baseFree: 5 }, usdt(100), 'flat'), { kind: 'place', order: { side: 'sell', qty: 0.002, opens: false, what: 'sell' } });
});

test('holds carry a reason as data: link down, an unsettled order of its own, size, a sell of what is not free, short on spot', () => {
  const code = (v: InstanceView, size: StrategySize, t: 'long' | 'short' | 'flat'): string | undefined => {
    const d = decide(v, size, t);
    return d.kind === 'hold' ? d.refusal.code : undefined;
  };
  assert.equal(code({ ...spot, linkDown: 'the link to sim is down' }, usdt(100), 'long'), HOLD.linkDown);
  assert.equal(code({ ...spot, unsettled: { id: '7', status: 'unknown' } }, usdt(100), 'long'), HOLD.unsettled);
  assert.equal(code({ ...spot, cash: 40 }, usdt(100), 'long'), 'strategy.hold.funds', 'never shrunk to what is left');
  assert.equal(code(spot, { kind: 'base', qty: 1, asset: 'BTC' }, 'long'), 'strategy.hold.funds', 'a base size it cannot pay is not all in');
  assert.equal(code(spot, usdt(0.1), 'long'), 'strategy.hold.size');
  assert.equal(code({ ...spot, own: 0.002, held: 0.002, baseFree: 0.001 }, usdt(100), 'flat'), undefined, 'sells what is free of its own');
  assert.equal(code({ ...spot, own: 0.002, held: 0.002, baseFree: 0 }, usdt(100), 'flat'), HOLD.notFree);
  // Its coins sold outside it: the 5 BTC free are the trader's or another instance's, never sold for it.
  const gone = decide({ ...spot, own: 0.002, held: 0, baseFree: 5 }, usdt(100), 'flat');
  assert.ok(gone.kind === 'hold' && gone.refusal.code === HOLD.notFree && /the account holds none of it now \(sold or moved outside the strategy; strategies write-off settles it\)$/.test(gone.refusal.text), JSON.stringify(gone));
  assert.equal(code(spot, usdt(100), 'short'), HOLD.spotShort);
  // At target, nothing is held even with the link down: a hold is only for an order it wanted.
  assert.equal(decide({ ...spot, own: 0.002, held: 0.002, linkDown: 'down' }, usdt(100), 'long').kind, 'done');
});

test('perpetual: a change of side closes its own share (reduce-only) first, then opens; a close the exchange cannot fill is held', () => {
  // The exchange's position may hold others' shares too (0.03): the close takes its own 0.01 only.
  const close = decide({ ...perp, own: 0.01, held: 0.01 }, usdt(500), 'short');
  assert.deepEqual(close, { kind: 'place', order: { side: 'sell', qty: 0.01, reduceOnly: true, opens: false, what: 'close long' } });
  assert.deepEqual(decide(perp, usdt(500), 'short'), { kind: 'place', order: { side: 'sell', qty: 0.01000, opens: true, what: 'open short' } });
  const gone = decide({ ...perp, own: 0.01, held: 0 }, usdt(500), 'flat');
  assert.ok(gone.kind === 'hold' && gone.refusal.code === HOLD.close, JSON.stringify(gone));
  // The hold says what the trader can do: it repeats at every signal that asks it to close otherwise.
  assert.match(gone.refusal.text, /^it holds 0\.01 BTC long, but the account holds none of it on BTC\/USDT:USDT now \(closed outside the strategy\); it opens nothing until it has closed that: strategies write-off settles what is gone \(or stop it and start a new instance to trade from flat\)$/);
  const hedge = decide({ ...perp, futures: { mode: 'hedge' } }, usdt(500), 'long');
  assert.ok(hedge.kind === 'place' && hedge.order.positionSide === 'LONG');
});

test("perpetual, one-way: a short netted out of the account's long by another instance closes by a plain buy (a reduce-only one would be refused)", () => {
  const close = decide({ ...perp, own: -0.02, held: -0.02, nettedWith: ['A'] }, usdt(500), 'flat');
  assert.deepEqual(close, { kind: 'place', order: { side: 'buy', qty: 0.02, opens: false, what: 'close short' } });
});

test('a held target is retried until reached; a new signal replaces it; a rejection waits for the next signal; the same reason is not news', () => {
  const hold = (over: Partial<StrategyHold> = {}): StrategyHold => ({ kind: 'held', target: 'long', reason: { code: HOLD.linkDown, text: 'down' }, ts: 1, ...over });
  assert.equal(targetToPursue(undefined, undefined, 0, inst), undefined, 'no signal, nothing standing');
  assert.equal(targetToPursue('flat', hold(), 0, inst), 'flat');
  assert.equal(targetToPursue(undefined, hold(), 0, inst), 'long', 'retried');
  assert.equal(targetToPursue(undefined, hold(), 0.01, inst), undefined, 'reached');
  assert.equal(targetToPursue(undefined, hold({ kind: 'refused', reason: { code: HOLD.rejected, text: 'no' } }), 0, inst), undefined);
  assert.equal(isNewHold(hold(), 'held', 'long', { code: HOLD.linkDown, text: 'down again, other words' }), false);
  assert.equal(isNewHold(hold(), 'held', 'long', { code: HOLD.unsettled, text: 'x' }), true);
  assert.equal(isNewHold(hold(), 'refused', 'long', { code: HOLD.linkDown, text: 'down' }), true);
  assert.equal(isNewHold(undefined, 'held', 'long', { code: HOLD.linkDown, text: 'down' }), true);
});
