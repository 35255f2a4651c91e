import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { accountValuation } from '../../source/engine/equity.js';
import { applyEvents, initialState } from '../../source/store/index.js';

const ticker = (symbol: string, last: number): DomainEvent => ({ type: 'market/ticker', data: { venue: 'sim', symbol, bid: last, ask: last, last, open24h: last, high24h: last, low24h: last, volume24h: 0, ts: 1 } });
const envs = (events: DomainEvent[]) => events.map((event, i) => ({ seq: i + 1, ts: 1, event }));

test('equity: spot balances at last prices; an asset without a price is named, never counted as zero', () => {
  const state = applyEvents(initialState(), envs([
    { type: 'account/balances', data: { venue: 'sim', full: true, balances: { USDT: { free: 900, locked: 100 }, BTC: { free: 0.01, locked: 0.005 }, XRP: { free: 50, locked: 0 }, ETH: { free: 0, locked: 0 } } } },
    ticker('BTC/USDT', 100_000),
  ]));
  assert.deepEqual(accountValuation(state, 'sim'), { quote: 'USDT', total: 1000 + 0.015 * 100_000, unvalued: ['XRP'], perpetuals: false }, 'XRP has no USDT price: said, not dropped; an empty ETH balance is nothing to value');
});

test('equity: the perpetual account\'s margin balance counts in full beside spot; in another quote it is named as left out', () => {
  const state = applyEvents(initialState(), envs([
    { type: 'account/balances', data: { venue: 'sim', full: true, balances: { USDT: { free: 1000, locked: 0 } } } },
    { type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 2500.5, reason: 'transfer', ts: 1 } },
  ]));
  assert.deepEqual(accountValuation(state, 'sim'), { quote: 'USDT', total: 3500.5, unvalued: [], perpetuals: true });
  assert.deepEqual(accountValuation(state, 'sim', 'BTC').unvalued, ['USDT', 'USDT (perpetuals)']);
});
