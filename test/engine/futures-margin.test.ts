import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BTCUSDT_BRACKETS, ETHUSDT_BRACKETS, type FuturesPosition } from '../../source/domain/index.js';
import { accountFigures, initialMargin, maintenanceMargin, positionFigures, roe, unrealizedPnl } from '../../source/engine/futures-margin.js';

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
