import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BINANCE_FUTURES_CODES } from '../../../source/adapters/binance-codes.js';
import { FUTURES_MESSAGES, futuresError, refusalError } from '../../../source/sandbox/futures/futures-errors.js';
import { isRefusalCode, type RefusalCode } from '../../../source/domain/index.js';
import { orderIntent } from '../../../source/engine/futures-position.js';
import { FuturesExchange } from '../../../source/sandbox/futures/futures-exchange.js';
import { readFuturesOrder } from '../../../source/sandbox/futures/futures-order-params.js';
import { ListenKeys } from '../../../source/sandbox/futures/listen-keys.js';
import { BinanceError } from '../../../source/sandbox/signing.js';
import { SIM_ASSETS } from '../../../source/adapters/simulated/sim-assets.js';
import { SimMarket } from '../../../source/adapters/simulated/sim-market.js';
import { FUTURES_ERRORS } from '../../../source/adapters/simulated/futures-rules.js';
import { FUNDING_INTERVAL_MS } from '../../../source/engine/funding.js';

const EIGHT_H = FUNDING_INTERVAL_MS;

function exchangeAt(start: number, seed = 4) {
  let now = start;
  const spot = new SimMarket('binance', SIM_ASSETS, seed, now);
  const fx = new FuturesExchange(spot, seed, () => now);
  // The perpetuals follow the spot market: it steps first, as in the server.
  const step = (ms: number) => {
    now += ms;
    spot.step(now);
    fx.step(now);
  };
  return { fx, step };
}

const params = (o: Record<string, string>) => new URLSearchParams(o);

test('funding at the 8-hour mark: a FUNDING_FEE income row, an ACCOUNT_UPDATE with reason FUNDING_FEE, and the rate in the history', () => {
  const { fx, step } = exchangeAt(100 * EIGHT_H - 60_000);
  const events: Record<string, unknown>[] = [];
  fx.subscribeUser('k', (e) => events.push(e));
  const o = readFuturesOrder(params({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: '0.01' }), 'one-way');
  fx.place('k', 'BTC/USDT:USDT', o);
  const walletBefore = Number(fx.state('k').view.wallet);
  step(120_000);
  const funding = fx.income('k').filter((r) => r.incomeType === 'FUNDING_FEE');
  assert.equal(funding.length, 1);
  assert.equal(funding[0].symbol, 'BTCUSDT');
  const paid = Number(funding[0].income);
  assert.notEqual(paid, 0);
  assert.ok(Math.abs(fx.state('k').view.wallet - (walletBefore + paid)) < 1e-6, 'the wallet moved by the payment');
  const update = events.find((e) => e.e === 'ACCOUNT_UPDATE' && (e.a as { m: string }).m === 'FUNDING_FEE') as { a: { B: { bc: string }[]; P: unknown[] } } | undefined;
  assert.ok(update, 'a funding ACCOUNT_UPDATE');
  assert.equal(Number(update.a.B[0].bc), paid);
  assert.deepEqual(update.a.P, [], 'a cross position: balance only, as Binance sends it');
  const history = fx.market.fundingHistory('BTC/USDT:USDT', 2);
  assert.equal(history.at(-1)!.fundingTime, 100 * EIGHT_H);
  // A second step inside the same interval pays nothing more.
  step(60_000);
  assert.equal(fx.income('k').filter((r) => r.incomeType === 'FUNDING_FEE').length, 1);
});

test('resting limit orders fill on later books, as makers, and are reported once per trade', () => {
  const { fx, step } = exchangeAt(Date.UTC(2026, 0, 5, 12));
  const book = fx.market.book('ETH/USDT:USDT');
  const price = (book.asks[0][0] + book.bids[0][0]) / 2;
  const o = readFuturesOrder(params({ symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.1', price: price.toFixed(2) }), 'one-way');
  const placed = fx.place('k', 'ETH/USDT:USDT', o);
  assert.equal(placed.now.status, 'NEW');
  // Seed 4 at this time trades through the mid within a few steps.
  for (let i = 0; i < 400 && fx.openOrders('k').length > 0; i++) step(1_000);
  const trades = fx.trades('k');
  assert.equal(fx.findOrder('k', 'ETH/USDT:USDT', placed.now.orderId, undefined).status, 'FILLED');
  assert.ok(trades.length >= 1 && trades.every((t) => t.maker && t.price === price.toFixed(2)));
  assert.equal(new Set(trades.map((t) => t.id)).size, trades.length);
  assert.equal(trades.reduce((s, t) => s + Number(t.qty), 0).toFixed(4), '0.1000');
});

test('a liquidation: the isolated margin is lost (INSURANCE_CLEAR), the position is flat, an ACCOUNT_UPDATE says so', () => {
  const { fx, step } = exchangeAt(Date.UTC(2026, 0, 5, 12), 5);
  const events: Record<string, unknown>[] = [];
  fx.subscribeUser('k', (e) => events.push(e));
  fx.setLeverage('k', 'SOL/USDT:USDT', 75);
  fx.setMarginMode('k', 'SOL/USDT:USDT', 'isolated');
  fx.place('k', 'SOL/USDT:USDT', readFuturesOrder(params({ symbol: 'SOLUSDT', side: 'BUY', type: 'MARKET', quantity: '1' }), 'one-way'));
  const margin = fx.state('k').view.positions[0].isolatedMargin;
  // Seed 5: SOL's mark falls through a 75x long's liquidation price within a few minutes.
  for (let i = 0; i < 100 && !fx.income('k').some((r) => r.incomeType === 'INSURANCE_CLEAR'); i++) step(60_000);
  const clear = fx.income('k').find((r) => r.incomeType === 'INSURANCE_CLEAR');
  assert.ok(clear, 'liquidated');
  assert.ok(Math.abs(Number(clear.income) + margin) < 1e-6, `the isolated margin ${margin} is lost (${clear.income})`);
  assert.equal(fx.state('k').view.positions[0].qty, 0);
  const last = events.filter((e) => e.e === 'ACCOUNT_UPDATE').at(-1) as { a: { P: { pa: string }[] } };
  assert.equal(Number(last.a.P[0].pa), 0);
});

test('the simulated exchange\'s refusals map to Binance codes by their refusal codes (a table, not their words)', () => {
  const code = (r: { code: RefusalCode; text: string }): number => refusalError(r.code, r.text).code;
  assert.equal(code(FUTURES_ERRORS.positionModeWithPosition(['BTC/USDT:USDT'])), -4068);
  assert.equal(code(FUTURES_ERRORS.positionModeWithOrders(['BTC/USDT:USDT'])), -4067);
  assert.equal(code(FUTURES_ERRORS.marginInsufficient(10, 1, 'USDT')), -2019);
  assert.equal(code(FUTURES_ERRORS.leverageInvalid('BTC/USDT:USDT', 200, 125)), -4028);
  assert.equal(code(FUTURES_ERRORS.liquidatedAtOnce('BTC/USDT:USDT')), -2019);
  const intent = orderIntent('one-way', { symbol: 'BTC/USDT:USDT', side: 'buy', qty: 1, reduceOnly: true }, () => 1);
  assert.equal(!intent.ok && code(intent.refusal), -2022);
  // Words alone say nothing: a refusal without a code is NEW_ORDER_REJECTED, whatever it says.
  assert.equal(refusalError(undefined, 'a reduce-only sell would add to the long position').code, -2010);
  // Every code in the table is a known refusal code with a Binance message.
  for (const [c, n] of Object.entries(BINANCE_FUTURES_CODES)) {
    assert.ok(isRefusalCode(c), c);
    assert.ok(FUTURES_MESSAGES[n!], `${c} -> ${n} has Binance's words`);
  }
  const e = futuresError(-4046, 'already isolated');
  assert.ok(e instanceof BinanceError);
  assert.equal(e.message, 'No need to change margin type.', 'clients compare this one word for word');
  assert.equal(futuresError(-2019, 'need 5').message, 'Margin is insufficient. (need 5)');
});

test('listen keys: one per API key, kept alive, expired after 60 minutes', () => {
  let now = 1_000_000;
  const keys = new ListenKeys(() => now);
  const a = keys.create('api');
  assert.equal(keys.create('api'), a);
  assert.equal(keys.owner(a), 'api');
  now += 59 * 60_000;
  keys.keepAlive('api');
  now += 59 * 60_000;
  assert.deepEqual(keys.expire(now), []);
  now += 2 * 60_000;
  assert.deepEqual(keys.expire(now), [a]);
  assert.equal(keys.owner(a), undefined);
  assert.throws(() => keys.keepAlive('api'), (e: BinanceError) => e.code === -1125);
  assert.notEqual(keys.create('api'), a);
});
