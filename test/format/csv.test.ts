import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvField, csvNumber, csvText, csvTime } from '../../source/format/csv.js';
import { fillsCsv, ordersCsv } from '../../source/format/account-csv.js';
import type { Fill, Order } from '../../source/domain/index.js';

test('csv: RFC 4180 quoting (comma, quote doubled, line breaks), CRLF between records, a header row', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('cr\rhere'), '"cr\rhere"');
  assert.equal(csvField(undefined), '');
  assert.equal(csvText(['a', 'b'], [['1', 'x,y'], [2, undefined]]), 'a,b\r\n1,"x,y"\r\n2,');
});

test('csv: numbers in full as plain decimals (never grouped, never 1e-7), times ISO 8601 UTC', () => {
  assert.equal(csvNumber(104_123.45), '104123.45');
  assert.equal(csvNumber(1e-7), '0.0000001');
  assert.equal(csvNumber(0.00012345), '0.00012345');
  assert.equal(csvNumber(2e21), '2000000000000000000000');
  assert.equal(csvNumber(Number.NaN), '');
  assert.equal(csvTime(Date.UTC(2026, 0, 1, 12, 0, 0, 5)), '2026-01-01T12:00:00.005Z');
});

const fill = (over: Partial<Fill> = {}): Fill => ({ tradeId: 't1', orderId: '1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty: 0.01, price: 100_000, fee: 1, feeAsset: 'USDT', liquidity: 'taker', ts: Date.UTC(2026, 0, 1), ...over });

test('fills as CSV: one row per fill with fee, fee asset, strategy and venue', () => {
  const text = fillsCsv([fill(), fill({ tradeId: 't2', orderId: '2', side: 'sell', fee: 0.00000123, feeAsset: 'BNB', liquidity: 'maker' })], (id) => (id === '1' ? 'manual' : 'sma-1'));
  assert.deepEqual(text.split('\r\n'), [
    'time,venue,symbol,side,qty,price,fee,fee_asset,liquidity,order_id,trade_id,strategy',
    '2026-01-01T00:00:00.000Z,sim,BTC/USDT,buy,0.01,100000,1,USDT,taker,1,t1,manual',
    '2026-01-01T00:00:00.000Z,sim,BTC/USDT,sell,0.01,100000,0.00000123,BNB,maker,2,t2,sma-1',
  ]);
});

const order = (over: Partial<Order> = {}): Order => ({ id: '1', clientOrderId: 'atx-1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.02, price: 99_000.5, status: 'filled', filledQty: 0.02, avgPrice: 99_000.5, fee: 1.5, createdAt: Date.UTC(2026, 0, 1), updatedAt: Date.UTC(2026, 0, 1, 0, 1), ...over });

test('orders as CSV: fee and its asset from the fills (two assets both listed), unfilled orders leave avg price empty', () => {
  const fills = [fill({ orderId: '1', fee: 1 }), fill({ orderId: '1', tradeId: 't2', fee: 0.5 }), fill({ orderId: '3', tradeId: 't3', fee: 0.2 }), fill({ orderId: '3', tradeId: 't4', fee: 0.001, feeAsset: 'BNB' })];
  const text = ordersCsv([order(), order({ id: '2', status: 'cancelled', filledQty: 0, avgPrice: 0, fee: 0, strategyId: 'grid-1' }), order({ id: '3', type: 'market', price: undefined, stopPrice: 90_000 })], fills);
  assert.deepEqual(text.split('\r\n'), [
    'created,updated,venue,symbol,side,type,qty,price,stop_price,filled_qty,avg_price,status,fee,fee_asset,order_id,client_order_id,strategy',
    '2026-01-01T00:00:00.000Z,2026-01-01T00:01:00.000Z,sim,BTC/USDT,buy,limit,0.02,99000.5,,0.02,99000.5,filled,1.5,USDT,1,atx-1,manual',
    '2026-01-01T00:00:00.000Z,2026-01-01T00:01:00.000Z,sim,BTC/USDT,buy,limit,0.02,99000.5,,0,,cancelled,0,,2,atx-1,grid-1',
    '2026-01-01T00:00:00.000Z,2026-01-01T00:01:00.000Z,sim,BTC/USDT,buy,market,0.02,,90000,0.02,99000.5,filled,0.2;0.001,USDT;BNB,3,atx-1,manual',
  ]);
});
