import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BTCUSDT_BRACKETS, ETHUSDT_BRACKETS, type FuturesPosition } from '../../source/domain/index.js';
import { accountFigures, initialMargin, maintenanceMargin, maxAddableIsolatedMargin, maxRemovableIsolatedMargin, positionFigures, roe, unrealizedPnl } from '../../source/engine/futures-margin.js';

const pos = (over: Partial<FuturesPosition>): FuturesPosition => ({
  venue: 'sim', symbol: 'BTC/USDT:USDT', side: 'BOTH', qty: 1, entryPrice: 60_000, leverage: 2, marginMode: 'cross', isolatedMargin: 0, ...over,
});

test('initial and maintenance margin, unrealised PnL and ROE', () => {
  assert.equal(initialMargin(60_000, 2), 30_000);
  assert.throws(() => initialMargin(1, 0.5), /leverage must be at least 1/);
  assert.equal(maintenanceMargin(BTCUSDT_BRACKETS, 40_000), 160); // tier 1: 0.4%
  assert.equal(maintenanceMargin(BTCUSDT_BRACKETS, 100_000), 450); // tier 2: 0.5% - 50
  assert.equal(maintenanceMargin(BTCUSDT_BRACKETS, 0), 0);
  assert.equal(unrealizedPnl(-2, 100, 90), 20);
  assert.equal(roe(pos({ qty: 1, entryPrice: 60_000, leverage: 2 }), 63_000), 0.1); // +3,000 on 30,000
});

test('account: margin balance, available balance and margin ratio, cross and isolated together', () => {
  const btc = { position: pos({ qty: 1, entryPrice: 60_000, leverage: 2 }), markPrice: 58_000, brackets: BTCUSDT_BRACKETS };
  const eth = { position: pos({ symbol: 'ETH/USDT:USDT', qty: -10, entryPrice: 3_000, leverage: 5, marginMode: 'isolated', isolatedMargin: 6_000 }), markPrice: 2_900, brackets: ETHUSDT_BRACKETS };
  assert.deepEqual(positionFigures(eth), { notional: 29_000, unrealizedPnl: 1_000, initialMargin: 5_800, maintenanceMargin: 29_000 * 0.0065 - 15, isolatedMarginBalance: 7_000 });
  const a = accountFigures(50_000, [btc, eth], 100);
  assert.equal(a.walletBalance, 50_000);
  assert.equal(a.crossWalletBalance, 44_000); // the isolated position holds 6,000
  assert.equal(a.unrealizedPnl, -1_000); // -2,000 + 1,000
  assert.equal(a.marginBalance, 49_000);
  assert.equal(a.initialMargin, 29_000 + 5_800 + 100);
  // Cross: 44,000 - 2,000 - 29,000 (BTC at mark, 2x) - 100 of orders.
  assert.equal(a.availableBalance, 12_900);
  // Cross maintenance: 58,000 x 0.5% - 50 = 240 over a cross margin balance of 42,000.
  assert.ok(Math.abs(a.marginRatio - 240 / 42_000) < 1e-12);
  assert.equal(accountFigures(100, []).marginRatio, 0);
});

test("isolated margin's limits by Binance's FAQ: removable keeps the initial margin at the mark and the maintenance margin; addable what the cross wallet spares", () => {
  // 1 BTC at 100 (a made-up price), 10x, 10 USDT isolated. At mark 90: 10 - 10 (the loss) - 9 (IM at mark) < 0, so nothing.
  const p = pos({ qty: 1, entryPrice: 100, leverage: 10, marginMode: 'isolated', isolatedMargin: 10 });
  assert.equal(maxRemovableIsolatedMargin(p, 90, BTCUSDT_BRACKETS), 0);
  // At mark 150 the profit would allow 10 + 50 - 15 = 45, but never below the maintenance margin: 10 - 150 x 0.4% = 9.4.
  assert.ok(Math.abs(maxRemovableIsolatedMargin(p, 150, BTCUSDT_BRACKETS) - 9.4) < 1e-9);
  // At mark 100: 10 + 0 - 10 = 0.
  assert.equal(maxRemovableIsolatedMargin(p, 100, BTCUSDT_BRACKETS), 0);
  // Addable: the cross wallet less isolated orders' margin and cross maintenance, at most what is available for orders.
  const cross = pos({ qty: 0.1, entryPrice: 60_000, leverage: 10 });
  const account = accountFigures(10_000, [{ position: cross, markPrice: 60_000, brackets: BTCUSDT_BRACKETS }, { position: p, markPrice: 100, brackets: BTCUSDT_BRACKETS }]);
  assert.equal(account.crossMaintenanceMargin, 6_000 * 0.004);
  assert.ok(Math.abs(maxAddableIsolatedMargin(account, 0) - (10_000 - 10 - 600)) < 1e-9, 'available for orders (cross wallet - cross IM) binds');
  assert.ok(Math.abs(maxAddableIsolatedMargin(account, 9_500) - (10_000 - 10 - 9_500 - 24)) < 1e-9, 'the cross wallet less isolated orders and cross maintenance binds');
  assert.equal(maxAddableIsolatedMargin(account, 20_000), 0);
});
