import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DomainEvent, FuturesPosition } from '../../source/domain/index.js';
import { applyEvents, initialState } from '../../source/store/index.js';
import { envelopes } from '../helpers/fixtures.js';

const at = (iso: string): number => Date.parse(iso);

test('store: a funding payment keyed by its time counts once, also when reported again after a restart', () => {
  const position: FuturesPosition = { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: 1, entryPrice: 50_000, leverage: 2, marginMode: 'cross', isolatedMargin: 0 };
  const t8 = at('2026-11-25T08:00:00Z');
  const pay = (fundingTime: number, wallet: number): DomainEvent => ({
    type: 'futures/funding',
    data: { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', fundingTime, rate: 0.0001, markPrice: 50_000, qty: 1, amount: -5, asset: 'USDT', wallet, ts: fundingTime },
  });
  const first = applyEvents(initialState(), envelopes([
    { type: 'futures/wallet', data: { venue: 'sim', asset: 'USDT', balance: 10_000, reason: 'deposit', ts: 1 } },
    { type: 'futures/position', data: { position, realizedPnl: 0, asset: 'USDT', wallet: 9_975, ts: 2 } },
    pay(t8, 9_970),
  ]));
  // The same payment again (re-sent, or replayed by an exchange that restarted), then the next.
  const later = applyEvents(first, envelopes([pay(t8, 9_965), pay(t8 + 8 * 3_600_000, 9_965)], 10));
  const f = later.ledger.futures;
  assert.equal(f.fundingCount, 2);
  assert.deepEqual(f.funding.map((p) => p.fundingTime), [t8, t8 + 8 * 3_600_000]);
  assert.equal(f.wallets.sim.USDT, 9_965);
  assert.equal(f.fundingPaid['sim:BTC/USDT:USDT:BOTH'], t8 + 8 * 3_600_000);
  assert.equal(f.positions['sim:BTC/USDT:USDT:BOTH'].openedAt, 2);
});

test('store: a new leverage applies to the symbol\'s open position too', () => {
  const position: FuturesPosition = { venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: 1, entryPrice: 50_000, leverage: 1, marginMode: 'cross', isolatedMargin: 0 };
  const s = applyEvents(initialState(), envelopes([
    { type: 'futures/position', data: { position, realizedPnl: 0, asset: 'USDT', wallet: 9_975, ts: 2 } },
    { type: 'futures/leverage', data: { venue: 'sim', symbol: 'BTC/USDT:USDT', leverage: 2, ts: 3 } },
  ]));
  assert.equal(s.ledger.futures.positions['sim:BTC/USDT:USDT:BOTH'].leverage, 2);
  assert.deepEqual(s.ledger.futures.symbols['sim:BTC/USDT:USDT'], { leverage: 2, marginMode: 'cross' });
});
