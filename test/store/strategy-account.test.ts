import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { isDurable } from '../../source/domain/index.js';
import { applyEvents, applyStrategyFill, createReplay, fromSnapshot, initialState, MAX_STRATEGY_TRADES, selectStrategyAccount, toSnapshot, type StrategyAccount } from '../../source/store/index.js';
import { envelopes, fill, order } from '../helpers/fixtures.js';

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);

/** Two instances and the trader trade one market; returns the events. */
function mixedAccount(): DomainEvent[] {
  const ev: DomainEvent[] = [];
  let n = 0;
  const trade = (strategyId: string | undefined, side: 'buy' | 'sell', qty: number, price: number) => {
    const id = String(++n);
    ev.push({ type: 'order/submitted', data: { order: order(id, { side, type: 'market', qty, price: undefined, ...(strategyId ? { strategyId } : {}) }) } });
    ev.push({ type: 'order/filled', data: { fill: fill(id, qty, price, { side }) } });
  };
  trade(undefined, 'buy', 0.005, 100); // the trader's own buy
  trade('sma-BTCUSDT-1m-1', 'buy', 1, 100);
  trade('rsi-BTCUSDT-1m-2', 'buy', 2, 110);
  trade('sma-BTCUSDT-1m-1', 'sell', 1, 120); // a win
  trade('rsi-BTCUSDT-1m-2', 'sell', 1, 105);
  trade(undefined, 'sell', 0.002, 104);
  trade('rsi-BTCUSDT-1m-2', 'sell', 1, 100); // closes a losing round trip
  trade('sma-BTCUSDT-1m-1', 'buy', 0.5, 90);
  return ev;
}

test('two strategies and manual trades in one account: each has its own figures, and they add up to the account', () => {
  const s = applyEvents(initialState(), envelopes(mixedAccount()));
  const sma = selectStrategyAccount(s, 'sma-BTCUSDT-1m-1');
  const rsi = selectStrategyAccount(s, 'rsi-BTCUSDT-1m-2');
  const account = s.ledger.positions['sim:BTC/USDT'];
  assert.equal(sma.qty, 0.5);
  close(sma.avgPrice, 90, 'sma entry');
  assert.equal(sma.fills, 3);
  assert.deepEqual([sma.roundTrips, sma.wins], [1, 1]);
  assert.equal(rsi.qty, 0);
  assert.deepEqual([rsi.roundTrips, rsi.wins], [1, 0]);
  close(sma.realizedPnl, 20 - 0.1 - 0.12 - 0.045, 'sma realised');
  // The trader's own trades, at their own cost, are what the instances do not account for.
  let manual = applyStrategyFill(undefined, { side: 'buy', qty: 0.005, price: 100, fee: 0.005 * 100 * 0.001 });
  manual = applyStrategyFill(manual, { side: 'sell', qty: 0.002, price: 104, fee: 0.002 * 104 * 0.001 });
  close(sma.qty + rsi.qty + manual.qty, account.qty, 'position');
  const totalFees = mixedAccount().reduce((t, e) => t + (e.type === 'order/filled' ? e.data.fill.fee : 0), 0);
  close(sma.fees + rsi.fees + manual.fees, totalFees, 'fees');
  // Realised PnL splits by owner's cost, the account's by the blended cost: what adds up at
  // any mark price is the whole result, realised plus unrealised.
  for (const mark of [80, 100, 130]) {
    const total = (a: { qty: number; avgPrice: number; realizedPnl: number }) => a.realizedPnl + a.qty * (mark - a.avgPrice);
    close(total(sma) + total(rsi) + total(manual), total(account), `PnL at ${mark}`);
  }
  assert.equal(selectStrategyAccount(s, 'nobody').qty, 0);
});

test('when every owner is flat again, realised PnL and fees add up exactly to the account', () => {
  const ev = mixedAccount();
  ev.push({ type: 'order/submitted', data: { order: order('90', { side: 'sell', type: 'market', qty: 0.5, strategyId: 'sma-BTCUSDT-1m-1' }) } });
  ev.push({ type: 'order/filled', data: { fill: fill('90', 0.5, 95, { side: 'sell' }) } });
  ev.push({ type: 'order/submitted', data: { order: order('91', { side: 'sell', type: 'market', qty: 0.003 }) } });
  ev.push({ type: 'order/filled', data: { fill: fill('91', 0.003, 99, { side: 'sell' }) } });
  const s = applyEvents(initialState(), envelopes(ev));
  const manualFills = ev.flatMap((e) => (e.type === 'order/filled' && ['1', '6', '91'].includes(e.data.fill.orderId) ? [e.data.fill] : []));
  const manual = manualFills.reduce<StrategyAccount | undefined>((a, f) => applyStrategyFill(a, f), undefined)!;
  const sum = ['sma-BTCUSDT-1m-1', 'rsi-BTCUSDT-1m-2'].map((id) => selectStrategyAccount(s, id)).reduce((t, a) => t + a.realizedPnl, 0);
  assert.equal(s.ledger.positions['sim:BTC/USDT'].qty, 0);
  close(sum + manual.realizedPnl, s.ledger.positions['sim:BTC/USDT'].realizedPnl, 'realised PnL');
});

test('instance accounts: a repeated trade id counts once, and a replay in place gives the same figures', () => {
  const ev = mixedAccount();
  const again = ev.filter((e) => e.type === 'order/filled').slice(0, 3);
  const once = applyEvents(initialState(), envelopes(ev));
  const twice = applyEvents(initialState(), envelopes([...ev, ...again]));
  assert.deepEqual(twice.ledger.strategyAccounts, once.ledger.strategyAccounts);
  const r = createReplay(initialState(), { ownsEvents: true });
  r.add(envelopes(ev));
  assert.deepEqual(r.finish().ledger.strategyAccounts, once.ledger.strategyAccounts);
});

test('a state from before instance accounts (no map) folds fills into a new one', () => {
  const { strategyAccounts: _, ...old } = initialState().ledger;
  const s = applyEvents({ ...initialState(), ledger: old }, envelopes(mixedAccount()));
  assert.equal(selectStrategyAccount(s, 'sma-BTCUSDT-1m-1').fills, 3);
});

test('applyStrategyFill is pure and counts a round trip when the position returns to flat', () => {
  const a = applyStrategyFill(undefined, { side: 'buy', qty: 1, price: 100, fee: 0.1 });
  const b = applyStrategyFill(a, { side: 'sell', qty: 1, price: 100.1, fee: 0.1 });
  assert.deepEqual([a.qty, a.roundTrips], [1, 0]);
  assert.deepEqual([b.qty, b.roundTrips, b.wins], [0, 1, 0], 'a gain smaller than the fees is no win');
  close(b.realizedPnl, -0.1, 'net');
});

test('a liquidation closes the accounts of the instances holding that side of the perpetual, at the liquidation price', () => {
  const PERP = 'BTC/USDT:USDT';
  const status = (strategyId: string) => ({ type: 'strategy/status', data: { strategyId, name: 'sma-ls', symbol: PERP, venue: 'sim', mode: 'paper', status: 'running', params: {} } }) as const;
  const trade = (id: string, strategyId: string, side: 'buy' | 'sell', qty: number, price: number): DomainEvent[] => [
    { type: 'order/submitted', data: { order: order(id, { symbol: PERP, side, type: 'market', qty, price: undefined, strategyId }) } },
    { type: 'order/filled', data: { fill: fill(id, qty, price, { symbol: PERP, side, fee: 0 }) } },
  ];
  const liquidation = (side: 'BOTH' | 'LONG' | 'SHORT', qty: number): DomainEvent => ({
    type: 'futures/liquidation',
    data: { venue: 'sim', symbol: PERP, side, marginMode: 'cross', qty, entryPrice: 100, price: 60, markPrice: 60, loss: 50, asset: 'USDT', wallet: 0, ts: 9 },
  });
  const events: DomainEvent[] = [status('a'), status('b'), status('c'), ...trade('1', 'a', 'buy', 1, 100), ...trade('2', 'b', 'buy', 0.5, 100), ...trade('3', 'c', 'sell', 0.2, 100)];
  let s = applyEvents(initialState(), envelopes(events));
  s = applyEvents(s, envelopes([liquidation('LONG', 1.5)], 100));
  const a = selectStrategyAccount(s, 'a');
  assert.equal(a.qty, 0);
  close(a.realizedPnl, -40, 'a lost (60 - 100) x 1');
  assert.equal(a.roundTrips, 1);
  assert.equal(a.fills, 1, 'a liquidation is not a fill of its orders');
  assert.equal(selectStrategyAccount(s, 'b').qty, 0);
  assert.equal(selectStrategyAccount(s, 'c').qty, -0.2, 'the short side was not liquidated');
  // One-way (BOTH): the side follows the sign of the liquidated quantity.
  s = applyEvents(s, envelopes([liquidation('BOTH', -0.2)], 200));
  assert.equal(selectStrategyAccount(s, 'c').qty, 0);
  close(selectStrategyAccount(s, 'c').realizedPnl, 0.2 * (100 - 60), 'a short liquidated below its entry (by the fixture) gains');
});

test('each instance keeps its own trades in the state (status reads them, not the log): the same by the general fold and by replay, capped', () => {
  const ev = mixedAccount();
  const s = applyEvents(initialState(), envelopes(ev));
  const trades = s.ledger.strategyTrades ?? {};
  assert.deepEqual(trades['sma-BTCUSDT-1m-1'].map((f) => f.orderId), ['2', '4', '8']);
  assert.deepEqual(trades['rsi-BTCUSDT-1m-2'].map((f) => f.orderId), ['3', '5', '7']);
  assert.equal(Object.keys(trades).length, 2, 'the trader\'s own fills belong to no instance');
  const r = createReplay(initialState(), { ownsEvents: true });
  r.add(envelopes(ev));
  assert.deepEqual(r.finish().ledger.strategyTrades, trades);
  // A fill reported twice is one trade, as in the instance's account.
  const again = applyEvents(s, envelopes([ev[ev.length - 1]], 100));
  assert.equal(again.ledger.strategyTrades?.['sma-BTCUSDT-1m-1'].length, 3);
  // Many: the most recent MAX_STRATEGY_TRADES are kept, oldest first.
  const many: DomainEvent[] = [{ type: 'order/submitted', data: { order: order('m', { strategyId: 'x', type: 'limit', qty: 1_000 }) } }];
  for (let i = 0; i < MAX_STRATEGY_TRADES + 5; i++) many.push({ type: 'order/partiallyFilled', data: { fill: fill('m', 1, 100, { tradeId: `t${i}` }) } });
  const kept = applyEvents(initialState(), envelopes(many)).ledger.strategyTrades?.x ?? [];
  assert.equal(kept.length, MAX_STRATEGY_TRADES);
  assert.equal(kept[0].tradeId, 't5');
});

test('an instance\'s runtime is folded into state.runtime and is never a record', () => {
  const e: DomainEvent = { type: 'runtime/strategy', data: { strategyId: 'sma-1', live: true, candlesSeen: 3, warmupNeed: 30 } };
  assert.equal(isDurable(e), false);
  const s = applyEvents(initialState(), envelopes([e]));
  assert.deepEqual(s.runtime.strategies['sma-1'], { live: true, candlesSeen: 3, warmupNeed: 30 });
  assert.equal(s.ledgerSeq, 0, 'not part of what a snapshot covers');
  assert.deepEqual(fromSnapshot(toSnapshot(s)).runtime, { strategies: {} }, 'a restart starts with nothing live');
});

test('a fee paid in the base asset is valued at its fill price, one in a third asset is not counted as quote: the ledger nets realised PnL of fees as pnl does', () => {
  const ev: DomainEvent[] = [
    { type: 'order/submitted', data: { order: order('1', { side: 'buy', type: 'market', qty: 1, price: undefined, strategyId: 'sma-1' }) } },
    { type: 'order/filled', data: { fill: fill('1', 1, 100, { side: 'buy', fee: 0.001, feeAsset: 'BTC' }) } },
    { type: 'order/submitted', data: { order: order('2', { side: 'sell', type: 'market', qty: 0.999, price: undefined, strategyId: 'sma-1' }) } },
    { type: 'order/filled', data: { fill: fill('2', 0.999, 110, { side: 'sell', fee: 0.5, feeAsset: 'BNB' }) } },
  ];
  const s = applyEvents(initialState(), envelopes(ev));
  const a = selectStrategyAccount(s, 'sma-1');
  // 0.999 x 10 realised, less the BTC fee at 100 (0.1 USDT); the BNB fee is listed by pnl, not taken as 0.5 USDT.
  close(a.realizedPnl, 0.999 * 10 - 0.1, 'strategy realised');
  close(a.fees, 0.1, 'strategy fees in quote');
  close(s.ledger.positions['sim:BTC/USDT'].realizedPnl, 0.999 * 10 - 0.1, 'the account position');
});
