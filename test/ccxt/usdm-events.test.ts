import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fundingSide } from '../../source/adapters/ccxt/ccxt-funding.js';
import { futuresRefusal } from '../../source/adapters/ccxt/ccxt-futures-errors.js';
import { binanceCode } from '../../source/adapters/ccxt/ccxt-errors.js';
import { accountUpdateOf, bracketsOf, markOf, positionOf, walletOf } from '../../source/adapters/ccxt/ccxt-futures-events.js';
import { DEFAULT_SYMBOL_SETTINGS } from '../../source/domain/index.js';

const V = 'binanceusdm';

test('Binance brackets become tiers; a tier that does not parse leaves the market without (not guessed)', () => {
  const info = { bracket: 2, initialLeverage: 100, notionalCap: 250_000, notionalFloor: 50_000, maintMarginRatio: 0.005, cum: 50 };
  assert.deepEqual(bracketsOf([{ info }]), [{ bracket: 2, floor: 50_000, cap: 250_000, maxLeverage: 100, mmr: 0.005, cum: 50 }]);
  assert.equal(bracketsOf([{ info: { ...info, cum: 'x' } }]), undefined);
  assert.equal(bracketsOf([]), undefined);
});

test('mark prices from the markPriceUpdate stream and from premiumIndex; garbage is no price', () => {
  const ws = markOf(V, { symbol: 'BTC/USDT:USDT', markPrice: 50_000, indexPrice: 49_990, timestamp: 7, info: { e: 'markPriceUpdate', r: '0.0001', T: 1_700_006_400_000 } }, 0, 1);
  assert.deepEqual(ws, { venue: V, symbol: 'BTC/USDT:USDT', markPrice: 50_000, indexPrice: 49_990, fundingRate: 0.0001, nextFundingTime: 1_700_006_400_000, openInterest: 0, ts: 7 });
  const rest = markOf(V, { symbol: 'BTC/USDT:USDT', markPrice: 50_000, indexPrice: 49_990, fundingRate: -0.0002, fundingTimestamp: 9, timestamp: 8 }, 0, 1);
  assert.equal(rest?.fundingRate, -0.0002);
  assert.equal(rest?.nextFundingTime, 9);
  assert.equal(markOf(V, { symbol: 'BTC/USDT:USDT', info: { p: 'NaN', r: '0.1', T: 1 } }, 0, 1), undefined);
});

test('a position risk row: v3 without leverage or margin type takes the symbol settings; isolated margin only when isolated', () => {
  const row = { symbol: 'BTC/USDT:USDT', info: { positionSide: 'SHORT', positionAmt: '-0.5', entryPrice: '50000', isolatedWallet: '120' } };
  assert.deepEqual(positionOf(V, row, { leverage: 3, marginMode: 'isolated' }), { venue: V, symbol: 'BTC/USDT:USDT', side: 'SHORT', qty: -0.5, entryPrice: 50_000, leverage: 3, marginMode: 'isolated', isolatedMargin: 120 });
  assert.equal(positionOf(V, row, DEFAULT_SYMBOL_SETTINGS)?.isolatedMargin, 0);
  assert.equal(positionOf(V, { ...row, info: { ...row.info, marginType: 'isolated', leverage: '5' } }, DEFAULT_SYMBOL_SETTINGS)?.leverage, 5);
  assert.equal(positionOf(V, { ...row, info: { ...row.info, positionSide: 'UP' } }, DEFAULT_SYMBOL_SETTINGS), undefined);
});

test('ACCOUNT_UPDATE: reason, wallets after, positions; a garbled one is refused whole', () => {
  const u = accountUpdateOf({ e: 'ACCOUNT_UPDATE', E: 2, T: 1, a: { m: 'FUNDING_FEE', B: [{ a: 'USDT', wb: '9999.5', cw: '9999.5', bc: '-0.5' }], P: [{ s: 'BTCUSDT', pa: '0.01', ep: '50000', mt: 'cross', iw: '0', ps: 'BOTH' }] } });
  assert.deepEqual(u, { reason: 'FUNDING_FEE', ts: 1, wallets: [{ asset: 'USDT', wallet: 9999.5, change: -0.5 }], positions: [{ id: 'BTCUSDT', side: 'BOTH', qty: 0.01, entryPrice: 50_000, marginMode: 'cross', isolatedWallet: 0 }] });
  assert.equal(accountUpdateOf({ e: 'ACCOUNT_UPDATE', a: { m: 'ORDER', B: [{ a: 'USDT', wb: 'oops' }] } }), undefined);
  assert.equal(accountUpdateOf({ e: 'outboundAccountPosition' }), undefined);
});

test('the futures wallet from account (v3) and balance (v2) answers', () => {
  assert.equal(walletOf({ info: { assets: [{ asset: 'USDT', walletBalance: '123.4' }] } }, 'USDT'), 123.4);
  assert.equal(walletOf({ info: [{ asset: 'USDT', balance: '5' }] }, 'USDT'), 5);
  assert.equal(walletOf({ info: {} }, 'USDT'), undefined);
});

test("Binance's codes for account settings become one-line explanations", () => {
  assert.equal(binanceCode(new Error('binanceusdm {"code":-4068,"msg":"Position side cannot be changed if there exists position."}')), -4068);
  assert.match(futuresRefusal(-4068, {})!, /close them first \(Binance -4068\)/);
  assert.match(futuresRefusal(-4046, { symbol: 'BTC/USDT:USDT', mode: 'cross' })!, /already cross \(Binance -4046\)/);
  assert.match(futuresRefusal(-4059, { mode: 'hedge' })!, /already in hedge mode \(Binance -4059\)/);
  assert.match(futuresRefusal(-4028, { symbol: 'BTC/USDT:USDT', leverage: 200 })!, /leverage 200 is not valid/);
  assert.equal(futuresRefusal(-1000, {}), undefined);
});

test('a funding payment belongs to BOTH in one-way mode; in hedge mode to the open side, or by its sign', () => {
  assert.equal(fundingSide('one-way', [], -1, 0.0001), 'BOTH');
  assert.equal(fundingSide('hedge', ['SHORT'], -1, 0.0001), 'SHORT');
  assert.equal(fundingSide('hedge', ['LONG', 'SHORT'], -1, 0.0001), 'LONG', 'a positive rate: longs pay');
  assert.equal(fundingSide('hedge', ['LONG', 'SHORT'], 1, 0.0001), 'SHORT');
  assert.equal(fundingSide('hedge', ['LONG', 'SHORT'], -1, -0.0001), 'SHORT');
});
