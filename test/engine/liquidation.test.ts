import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALT_BRACKETS, BTCUSDT_BRACKETS, ETHUSDT_BRACKETS, bracketFor, type Bracket } from '../../source/domain/index.js';
import { isolatedLiquidationPrice, isPastLiquidation, liquidationPrice } from '../../source/engine/liquidation.js';
import { maintenanceMargin, unrealizedPnl } from '../../source/engine/futures-margin.js';

const near = (got: number | undefined, want: number, tol = 0.01): void => {
  assert.ok(got !== undefined && Math.abs(got - want) <= tol, `got ${got}, want ${want} ± ${tol}`);
};

test('bracket tables: tiers join up and each maintenance amount follows Binance\'s cum rule', () => {
  for (const table of [BTCUSDT_BRACKETS, ETHUSDT_BRACKETS, ALT_BRACKETS]) {
    assert.equal(table[0].floor, 0);
    assert.equal(table[0].cum, 0);
    for (let i = 1; i < table.length; i++) {
      const [prev, b] = [table[i - 1], table[i]];
      assert.equal(b.floor, prev.cap);
      assert.ok(Math.abs(b.cum - (prev.cum + b.floor * (b.mmr - prev.mmr))) < 1e-6, `tier ${b.bracket}`);
      assert.ok(b.maxLeverage < prev.maxLeverage);
    }
  }
  assert.equal(bracketFor(BTCUSDT_BRACKETS, 50_000).bracket, 1);
  assert.equal(bracketFor(BTCUSDT_BRACKETS, 50_000.01).bracket, 2);
  assert.equal(bracketFor(BTCUSDT_BRACKETS, 9e9).bracket, 10);
  // The worked figure of Binance's FAQ: ETHUSDT maintenance margin 4,918,775.081 x 10% - 135,365.
  near(maintenanceMargin(ETHUSDT_BRACKETS, 4_918_775.081), 356_512.508, 1e-3);
});

// Worked by hand: 0.1 BTC long at 60,000, 10x isolated: margin 600, tier 1 (0.4%, cum 0).
// LP = (600 - 0.1 x 60,000) / (0.1 x 0.004 - 0.1) = -5,400 / -0.0996 = 54,216.8675
test('one-way, isolated, long, tier 1', () => {
  near(isolatedLiquidationPrice({ side: 'BOTH', qty: 0.1, entryPrice: 60_000, isolatedMargin: 600 }, BTCUSDT_BRACKETS), 54_216.8675);
});

// The same short: LP = (600 + 6,000) / (0.0004 + 0.1) = 65,737.05
test('one-way, isolated, short, tier 1', () => {
  near(isolatedLiquidationPrice({ side: 'BOTH', qty: -0.1, entryPrice: 60_000, isolatedMargin: 600 }, BTCUSDT_BRACKETS), 65_737.0518);
});

// 10 BTC long at 60,000 = 600,000 notional, tier 3 (1%, cum 1,300), 10x: margin 60,000.
// LP = (60,000 + 1,300 - 600,000) / (0.1 - 10) = 54,414.1414; 544,141 is still tier 3.
test('one-way, isolated, long, tier 3', () => {
  near(isolatedLiquidationPrice({ side: 'BOTH', qty: 10, entryPrice: 60_000, isolatedMargin: 60_000 }, BTCUSDT_BRACKETS), 54_414.1414);
});

// 4 BTC short at 60,000 = 240,000 (tier 2), 20x: margin 12,000. With tier 2 the price is
// (12,000 + 50 + 240,000) / 4.02 = 62,699.0 where the notional 250,796 is tier 3, so tier 3
// is substituted (the FAQ's rule): (12,000 + 1,300 + 240,000) / 4.04 = 62,698.0198.
test('one-way, isolated, short across a tier edge: the tier at the liquidation price is used', () => {
  near(isolatedLiquidationPrice({ side: 'BOTH', qty: -4, entryPrice: 60_000, isolatedMargin: 12_000 }, BTCUSDT_BRACKETS), 62_698.0198);
});

// Cross, one-way: wallet 10,000; another contract (10 ETH long at 3,000, mark 2,900) has
// UPNL1 = -1,000 and TMM1 = 29,000 x 0.65% - 15 = 173.5. BTC short 0.2 at 60,000 (tier 1):
// LP = (10,000 - 173.5 - 1,000 + 12,000) / (0.0008 + 0.2) = 103,717.6295
test('one-way, cross, short, with another contract in the account', () => {
  const otherMaintenance = maintenanceMargin(ETHUSDT_BRACKETS, 10 * 2_900);
  near(otherMaintenance, 173.5, 1e-9);
  const lp = liquidationPrice({
    walletBalance: 10_000, otherMaintenance, otherUnrealizedPnl: unrealizedPnl(10, 3_000, 2_900),
    legs: [{ side: 'BOTH', qty: -0.2, entryPrice: 60_000 }], brackets: BTCUSDT_BRACKETS,
  });
  near(lp, 103_717.6295);
});

// Cross, hedge: wallet 10,000, LONG 1 BTC at 60,000 (60,000: tier 2) and SHORT 0.5 at 62,000
// (tier 1) share one price. With tier 2 for the long: (10,000 + 50 - 60,000 + 31,000) / (0.005
// + 0.002 - 1 + 0.5) = 38,438.1; there the long is 38,438 (tier 1), so again with tier 1:
// (10,000 - 60,000 + 31,000) / (0.004 + 0.002 - 0.5) = 38,461.5385.
test('hedge, cross: LONG and SHORT share one price, tiers settled at that price', () => {
  const legs = [{ side: 'LONG' as const, qty: 1, entryPrice: 60_000 }, { side: 'SHORT' as const, qty: -0.5, entryPrice: 62_000 }];
  const lp = liquidationPrice({ walletBalance: 10_000, otherMaintenance: 0, otherUnrealizedPnl: 0, legs, brackets: BTCUSDT_BRACKETS });
  near(lp, 38_461.5385);
  assert.equal(isPastLiquidation(legs, lp, 38_461), true);
  assert.equal(isPastLiquidation(legs, lp, 38_500), false);
});

// Hedge, isolated: each side has its own wallet and price. ETH LONG 5 at 3,000 with 3,000 of
// margin (5x, 15,000: tier 2, 0.65%, cum 15): (3,000 + 15 - 15,000) / (0.0325 - 5) = 2,412.6824;
// ETH SHORT 2 at 3,100 with 620 (10x, 6,200: tier 1): (620 + 6,200) / (0.01 + 2) = 3,393.0348.
test('hedge, isolated: each side on its own margin', () => {
  const eth = ETHUSDT_BRACKETS;
  const long = isolatedLiquidationPrice({ side: 'LONG', qty: 5, entryPrice: 3_000, isolatedMargin: 3_000 }, eth);
  const short = isolatedLiquidationPrice({ side: 'SHORT', qty: -2, entryPrice: 3_100, isolatedMargin: 620 }, eth);
  near(long, 2_412.6824);
  near(short, 3_393.0348);
});

test('1x isolated long has no liquidation price (Binance shows --); no position has none', () => {
  assert.equal(isolatedLiquidationPrice({ side: 'BOTH', qty: 1, entryPrice: 100, isolatedMargin: 100 }, ALT_BRACKETS), undefined);
  assert.equal(liquidationPrice({ walletBalance: 1, otherMaintenance: 0, otherUnrealizedPnl: 0, legs: [], brackets: ALT_BRACKETS }), undefined);
});

/** Independent of the formula: at the price found, margin balance equals maintenance margin. */
test('at the liquidation price the margin left equals the maintenance margin (random cases)', () => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const tables: readonly (readonly Bracket[])[] = [BTCUSDT_BRACKETS, ETHUSDT_BRACKETS, ALT_BRACKETS];
  for (let i = 0; i < 300; i++) {
    const brackets = tables[i % 3];
    const entry = 10 + rnd() * 100_000;
    const qty = (rnd() < 0.5 ? -1 : 1) * (0.01 + rnd() * 3_000_000 / entry);
    const leverage = 2 + Math.floor(rnd() * 20);
    const wallet = (Math.abs(qty) * entry) / leverage;
    const lp = isolatedLiquidationPrice({ side: 'BOTH', qty, entryPrice: entry, isolatedMargin: wallet }, brackets);
    if (lp === undefined) continue;
    const left = wallet + unrealizedPnl(qty, entry, lp);
    const need = maintenanceMargin(brackets, Math.abs(qty) * lp);
    assert.ok(Math.abs(left - need) <= 1e-6 * Math.abs(qty) * entry, `case ${i}: left ${left}, maintenance ${need}`);
  }
});
