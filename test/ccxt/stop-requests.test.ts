import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binanceType, cancelReplaceHalves, halfError, ocoRequest, stopOrderParams } from '../../source/adapters/ccxt/ccxt-stop-requests.js';
import type { Order } from '../../source/domain/index.js';

const order = (o: Partial<Order>): Order => ({ venue: 'binance', symbol: 'BTC/USDT', side: 'sell', type: 'limit', qty: 0.01, id: '1', clientOrderId: 'at-1', status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: 0, updatedAt: 0, ...o });
const fmt = { amount: (n: number) => n.toFixed(5), price: (n: number) => n.toFixed(2) };

test('a stop becomes Binance\'s type from its side and trigger direction: stop-loss or take-profit, limit or market', () => {
  assert.deepEqual(stopOrderParams(order({ stopPrice: 90, stopTrigger: 'below' })), { stopLossPrice: 90 });
  assert.deepEqual(stopOrderParams(order({ stopPrice: 110, stopTrigger: 'above' })), { takeProfitPrice: 110 });
  assert.deepEqual(stopOrderParams(order({ side: 'buy', stopPrice: 110, stopTrigger: 'above' })), { stopLossPrice: 110 });
  assert.deepEqual(stopOrderParams(order({})), {});
  assert.deepEqual(stopOrderParams(order({ stopPrice: 90, stopTrigger: 'below', triggeredAt: 5 })), {}, 'a stop set off is its plain order');
  assert.equal(binanceType(order({ stopPrice: 90, stopTrigger: 'below' })), 'STOP_LOSS_LIMIT');
  assert.equal(binanceType(order({ type: 'market', stopPrice: 110, stopTrigger: 'above' })), 'TAKE_PROFIT');
  assert.equal(binanceType(order({ side: 'buy', stopPrice: 90, stopTrigger: 'below' })), 'TAKE_PROFIT_LIMIT');
  assert.equal(binanceType(order({})), 'LIMIT');
  assert.equal(binanceType(order({ stopPrice: 90, stopTrigger: 'below', triggeredAt: 5 })), 'LIMIT');
});

test('an OCO request: a sell\'s limit above and stop below, a buy\'s the other way; client ids on both legs', () => {
  const limit = order({ price: 110 });
  const stop = order({ id: '2', clientOrderId: 'at-2', type: 'market', stopPrice: 90, stopTrigger: 'below', ocoWith: '1' });
  assert.deepEqual(ocoRequest('BTCUSDT', limit, stop, fmt), {
    symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01000', listClientOrderId: 'at-1-oco', newOrderRespType: 'FULL',
    aboveType: 'LIMIT_MAKER', abovePrice: '110.00', aboveClientOrderId: 'at-1', belowType: 'STOP_LOSS', belowStopPrice: '90.00', belowClientOrderId: 'at-2',
  });
  const buy = ocoRequest('BTCUSDT', order({ side: 'buy', price: 90 }), order({ side: 'buy', id: '2', clientOrderId: 'at-2', price: 111, stopPrice: 110, stopTrigger: 'above' }), fmt);
  assert.deepEqual([buy.belowType, buy.belowPrice, buy.aboveType, buy.aboveStopPrice, buy.abovePrice, buy.aboveTimeInForce], ['LIMIT_MAKER', '90.00', 'STOP_LOSS_LIMIT', '110.00', '111.00', 'GTC']);
});

test('a failed cancelReplace: both halves read from the error body ccxt carries; anything else is not one', () => {
  const body = { code: -2021, msg: 'Order cancel-replace partially failed.', data: { cancelResult: 'SUCCESS', newOrderResult: 'FAILURE', cancelResponse: { status: 'CANCELED' }, newOrderResponse: { code: -2010, msg: 'Account has insufficient balance for requested action.' } } };
  const halves = cancelReplaceHalves(new Error(`binance ${JSON.stringify(body)}`));
  assert.equal(halves?.cancelResult, 'SUCCESS');
  assert.equal(halfError(halves!.newOrderResponse), 'Account has insufficient balance for requested action. (-2010)');
  assert.equal(cancelReplaceHalves(new Error('binance {"code":-2010,"msg":"no"}')), undefined);
  assert.equal(cancelReplaceHalves(new Error('socket hang up')), undefined);
  assert.equal(halfError(null), 'not attempted');
});

test('trailing stops on Binance spot: trailingPercent (ccxt makes it trailingDelta in BIPS), the type from Binance\'s activation table, post-only as LIMIT_MAKER', () => {
  const base = { side: 'sell' as const, type: 'market' as const, stopPrice: 98, stopTrigger: 'below' as const };
  assert.deepEqual(stopOrderParams({ ...base, trailing: { distance: 2, unit: 'percent' } }), { trailingPercent: 2, stopLossOrTakeProfit: 'stopLoss' });
  const above = { distance: 1, unit: 'percent' as const, activation: 110, activateWhen: 'above' as const };
  assert.deepEqual(stopOrderParams({ ...base, trailing: above }), { trailingPercent: 1, stopLossOrTakeProfit: 'takeProfit', trailingTriggerPrice: 110 });
  assert.equal(binanceType({ ...base, trailing: above }), 'TAKE_PROFIT');
  assert.equal(binanceType({ ...base, side: 'buy', stopTrigger: 'above', trailing: { ...above, activateWhen: 'below', activation: 90 } }), 'TAKE_PROFIT');
  assert.equal(binanceType({ ...base, side: 'buy', stopTrigger: 'above', trailing: { ...above } }), 'STOP_LOSS');
  assert.deepEqual(stopOrderParams({ ...base, trailing: { distance: 2, unit: 'percent' }, triggeredAt: 5 }), {}, 'set off: a plain market order');
  assert.equal(binanceType({ type: 'limit', side: 'buy', postOnly: true }), 'LIMIT_MAKER');
});
