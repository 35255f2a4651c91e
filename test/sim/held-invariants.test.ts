import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { prunedClaimNotHeld, viewsWithinAccount } from '../../sim/held-invariants.js';
import { pruneKeepsMoneyFacts } from '../../sim/invariants.js';
import { envelopes, fill, order } from '../helpers/fixtures.js';

const sma = (id: string, status: 'running' | 'stopped'): DomainEvent => ({ type: 'strategy/status', data: { strategyId: id, name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status, params: {}, timeframe: '1m', size: '100USDT' } });
const bought = (id: string, oid: string, qty: number): DomainEvent[] => [
  { type: 'order/submitted', data: { order: order(oid, { qty, price: 100, strategyId: id }) } },
  { type: 'order/filled', data: { fill: fill(oid, qty, 100, { tradeId: `t${oid}` }) } },
];
const btc = (total: number): DomainEvent => ({ type: 'account/balances', data: { venue: 'sim', balances: { BTC: { free: total, locked: 0 }, USDT: { free: 1000, locked: 0 } }, full: true } });
/** Two sma instances with 0.5 and 0.3 BTC of their own, `old` stopped; the account holds `total` BTC. */
const state = (total: number) => applyEvents(initialState(), envelopes([sma('old', 'running'), sma('new', 'running'), ...bought('old', '1', 0.5), ...bought('new', '2', 0.3), sma('old', 'stopped'), btc(total)]));

test("the views never show instances holding more than the account has, whatever the trader sold of theirs", () => {
  for (const total of [2, 0.8, 0.5, 0.3, 0.1, 0]) assert.equal(viewsWithinAccount(state(total), 'sim', 5000), undefined, `account ${total}`);
});

test('a prune may take a stopped instance that claims a position only when the account could not hold it', () => {
  // The account holds 0.3 of the 0.8 claimed: 0.5 short, old's (stopped) whole share.
  assert.equal(prunedClaimNotHeld(state(0.3).ledger, 'old'), undefined);
  assert.match(prunedClaimNotHeld(state(0.5).ledger, 'old') ?? '', /^pruned old, which held 0\.5 of its own \(the account held 0\.5 of the 0\.8 its instances claimed\)$/);
  assert.match(pruneKeepsMoneyFacts(state(2).ledger, applyEvents(state(2), envelopes([{ type: 'strategy/pruned', data: { ids: ['old'], ts: 9 } }], 100)).ledger, ['old']) ?? '', /^pruned old, which held 0\.5 of its own/);
});
