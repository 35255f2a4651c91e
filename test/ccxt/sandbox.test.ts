import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCcxtExchange } from '../../source/adapters/ccxt/ccxt-client.js';
import { sign } from '../../source/sandbox/signing.js';
import { createSession } from '../../source/app/session/session.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { withSandbox } from '../helpers/sandbox-fixture.js';

const fx = withSandbox({ seed: 3, tickMs: 50 });
const { until } = fx;
/** An app session on the sandbox; tests that need the user-data stream wait for it themselves. */
const appSession = (extra: { timeoutMs?: number; warnings?: string[] } = {}) => fx.session({ ...extra, userData: false });

test('signing is checked as Binance does: missing key, bad signature, stale timestamp', async () => {
  const call = async (query: string, headers: Record<string, string>) => {
    const r = await fetch(`${fx.sbx.url}/api/v3/account?${query}`, { headers });
    return { status: r.status, body: (await r.json()) as { code: number; msg: string } };
  };
  const ts = Date.now();
  const ok = `timestamp=${ts}&recvWindow=5000`;
  assert.deepEqual(await call(`${ok}&signature=${sign(ok, fx.sbx.secret)}`, {}), { status: 401, body: { code: -2014, msg: 'API-key format invalid.' } });
  assert.equal((await call(`${ok}&signature=${sign(ok, 'wrong')}`, { 'X-MBX-APIKEY': fx.sbx.apiKey })).body.code, -1022);
  const old = `timestamp=${ts - 60_000}&recvWindow=5000`;
  assert.equal((await call(`${old}&signature=${sign(old, fx.sbx.secret)}`, { 'X-MBX-APIKEY': fx.sbx.apiKey })).body.code, -1021);
  assert.equal((await call(`${ok}&signature=${sign(ok, fx.sbx.secret)}`, { 'X-MBX-APIKEY': 'nobody-1234' })).body.code, -2015);
  const good = await call(`${ok}&signature=${sign(ok, fx.sbx.secret)}`, { 'X-MBX-APIKEY': fx.sbx.apiKey });
  assert.equal(good.status, 200);
});

test('ccxt itself against the sandbox: markets, websocket tickers and book, orders, cancel, balances, user-data stream', async () => {
  const ex = await createCcxtExchange({ exchange: 'binance', sandboxUrl: fx.sbx.url, apiKey: fx.sbx.apiKey, secret: fx.sbx.secret, timeoutMs: 5_000 });
  try {
    const markets = await ex.loadMarkets();
    assert.equal(markets['BTC/USDT'].precision.price, 0.01);
    assert.equal(markets['BTC/USDT'].limits.cost?.min, 5);
    const t = await ex.watchTickers!(['BTC/USDT']);
    assert.ok(t['BTC/USDT'].bid! > 0 && t['BTC/USDT'].ask! > t['BTC/USDT'].bid!);
    const book = await ex.watchOrderBook!('ETH/USDT');
    assert.ok(book.bids.length > 5 && book.asks[0][0] > book.bids[0][0]);
    const before = (await ex.fetchBalance()).free.USDT;
    const updates = ex.watchOrders!();
    await until('the user-data subscription', () => fx.sbx.exchange.account(fx.sbx.apiKey).listeners.size > 0);
    const m = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { newClientOrderId: 'ccxt-test-market' });
    assert.equal(m.status, 'closed');
    assert.equal(m.filled, 0.01);
    assert.equal(m.clientOrderId, 'ccxt-test-market');
    const pushed = await updates;
    assert.ok(pushed.some((o) => o.clientOrderId === 'ccxt-test-market'), 'the fill arrives on the user-data stream');
    const l = await ex.createOrder('ETH/USDT', 'limit', 'buy', 0.1, 100);
    assert.equal(l.status, 'open');
    assert.equal((await ex.fetchOpenOrders('ETH/USDT')).length, 1);
    assert.equal((await ex.cancelOrder(l.id, 'ETH/USDT')).status, 'canceled');
    const bal = await ex.fetchBalance();
    assert.equal(bal.free.BTC, 0.01);
    assert.ok(bal.free.USDT < before - 0.01 * 50_000);
    await assert.rejects(ex.createOrder('BTC/USDT', 'market', 'buy', 10), /insufficient balance/i);
  } finally {
    await ex.close?.();
  }
});

test('the app on the sandbox through ccxt: buy, limit, cancel, balances', async () => {
  const s = await appSession();
  try {
    assert.equal(s.label, 'BINANCE SANDBOX');
    await until('tickers', () => s.tickers().length >= 2);
    const buy = await s.buy('BTC/USDT', 0.01);
    assert.ok(buy.ok);
    await until('the buy to fill', () => s.state().ledger.orders[buy.order.id].status === 'filled');
    const limit = await s.buy('ETH/USDT', 0.1, 100);
    assert.ok(limit.ok);
    await until('the limit to be open', () => s.state().ledger.orders[limit.order.id].status === 'open');
    const c = await s.cancel(limit.order.id);
    assert.ok(c.ok);
    await until('the cancel', () => s.state().ledger.orders[limit.order.id].status === 'cancelled');
    await until('balances', () => (s.balance().BTC?.free ?? 0) >= 0.01);
    assert.ok(s.candles('BTC/USDT').length >= 100, 'chart history from the REST snapshot');
  } finally {
    await s.close();
  }
});

test('fault: the websocket drops mid-stream; the venue reconnects and the book resyncs', async () => {
  const warnings: string[] = [];
  const s = await appSession({ warnings });
  const states: string[] = [];
  s.store.observe((batch) => {
    for (const e of batch) if (e.event.type === 'market/connection') states.push(e.event.data.state);
  });
  try {
    await until('a book', () => s.book('BTC/USDT').bids.length > 0);
    fx.sbx.faults.dropAfterMessages = 2;
    await until('a reconnect', () => states.includes('reconnecting'));
    await until('connected again', () => states.lastIndexOf('connected') > states.indexOf('reconnecting'));
    const ts = s.state().market.books['binance-sandbox:BTC/USDT'].ts;
    await until('book updates after the reconnect', () => s.state().market.books['binance-sandbox:BTC/USDT'].ts > ts);
    assert.ok(warnings.some((w) => /reconnecting/.test(w)));
  } finally {
    fx.sbx.faults.dropAfterMessages = undefined;
    await s.close();
  }
});

test('fault: the order is accepted but its response never comes; exactly one order exists', async () => {
  const s = await appSession({ timeoutMs: 800 });
  try {
    fx.sbx.faults.swallowOrders = 1;
    const r = await s.buy('ETH/USDT', 0.05);
    assert.ok(r.ok);
    await until('the order found by client id', () => s.state().ledger.orders[r.order.id].status === 'filled');
    const atExchange = fx.sbx.exchange.myTrades(fx.sbx.apiKey, 'ETHUSDT').filter((t) => {
      const o = fx.sbx.exchange.findOrder(fx.sbx.apiKey, new URLSearchParams({ orderId: String(t.orderId) }));
      return o.clientOrderId === r.order.clientOrderId;
    });
    const orderIds = new Set(atExchange.map((t) => t.orderId));
    assert.equal(orderIds.size, 1, 'one order at the exchange for that client id');
  } finally {
    fx.sbx.faults.swallowOrders = 0;
    await s.close();
  }
});

test('fault: garbage frames are ignored; the app keeps streaming', async () => {
  const s = await appSession();
  try {
    await until('tickers', () => s.tickers().length >= 2);
    fx.sbx.faults.garbageFrames = 4;
    const ts = s.ticker('BTC/USDT').ts;
    await until('tickers after garbage', () => s.ticker('BTC/USDT').ts > ts && fx.sbx.faults.garbageFrames === 0);
    // A stream that choked on garbage reconnects on its own; the app never stops.
    await until('connected', () => s.state().market.connections['binance-sandbox'].state === 'connected');
  } finally {
    await s.close();
  }
});

test('paper trading on a real exchange: its live book, fills on the local engine, nothing sent', async () => {
  const s = await createSession({ exchange: 'binance', mode: 'paper', persist: false, venueConfig: { sandboxUrl: fx.sbx.url, symbols: ['BTC/USDT', 'ETH/USDT'] } });
  try {
    assert.equal(s.label, 'BINANCE SANDBOX PAPER');
    await until('a book', () => s.book('BTC/USDT').asks.length > 0);
    const before = fx.sbx.exchange.openOrders(fx.sbx.apiKey, null).length + fx.sbx.exchange.myTrades(fx.sbx.apiKey, null).length;
    const r = await s.buy('BTC/USDT', 0.01);
    assert.ok(r.ok && r.order.status === 'filled', JSON.stringify(r));
    assert.equal(s.balance().BTC.free, 0.01);
    assert.ok(s.balance().USDT.free < 10_000 - 0.01 * 50_000);
    assert.equal(fx.sbx.exchange.openOrders(fx.sbx.apiKey, null).length + fx.sbx.exchange.myTrades(fx.sbx.apiKey, null).length, before, 'nothing reached the exchange');
  } finally {
    await s.close();
  }
});

test('defect 2 end to end: replies slower than the timeout leave the order unknown, never rejected; it settles when the exchange answers', async () => {
  const s = await appSession({ timeoutMs: 600 });
  try {
    await until('tickers', () => s.tickers().length >= 2);
    fx.sbx.faults.delayMs = 3_000;
    const r = await s.buy('BTC/USDT', 0.001);
    assert.ok(r.ok);
    assert.equal(r.order.status, 'unknown', r.order.reason);
    fx.sbx.faults.delayMs = 0;
    await until('the reconcile to find it filled', () => s.state().ledger.orders[r.order.id].status === 'filled');
    const events = s.history({ type: 'order' }).map((e) => e.event);
    assert.ok(!events.some((e) => e.type === 'order/rejected' && e.data.id === r.order.id), 'never rejected');
    assert.equal(s.state().ledger.orders[r.order.id].filledQty, 0.001);
  } finally {
    fx.sbx.faults.delayMs = 0;
    await s.close();
  }
});

test('defect 8 end to end: the exchange goes away and comes back; the app stays up, refuses orders meanwhile, reconnects', async () => {
  const own = await startSandbox({ seed: 4, tickMs: 50 });
  const port = Number(new URL(own.url).port);
  let back: Sandbox | undefined;
  const s = await createSession({
    exchange: 'binance', mode: 'testnet', persist: false,
    venueConfig: { sandboxUrl: own.url, credentials: { apiKey: own.apiKey, secret: own.secret }, symbols: ['BTC/USDT'], timeoutMs: 5_000, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))), random: () => 0.5 },
  });
  try {
    await until('tickers', () => s.tickers().length >= 1);
    await own.close();
    await until('the link down', () => s.state().market.connections['binance-sandbox'].state === 'reconnecting');
    const r = await s.buy('BTC/USDT', 0.001);
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error : '', /^not sent: the link to binance-sandbox is down/);
    back = await startSandbox({ seed: 4, tickMs: 50, port, apiKey: own.apiKey, secret: own.secret });
    await until('connected again', () => s.state().market.connections['binance-sandbox'].state === 'connected');
    const ts = s.ticker('BTC/USDT').ts;
    await until('fresh tickers', () => s.ticker('BTC/USDT').ts > ts);
    const ok = await s.buy('BTC/USDT', 0.001);
    assert.ok(ok.ok);
    await until('the order to fill', () => s.state().ledger.orders[ok.order.id].status === 'filled');
  } finally {
    await s.close();
    await back?.close();
  }
});

test('every market of the quote currency has its ticker; the one looked at streams its book and candles', async () => {
  const s = await createSession({
    exchange: 'binance',
    mode: 'testnet',
    persist: false,
    venueConfig: { sandboxUrl: fx.sbx.url, credentials: { apiKey: fx.sbx.apiKey, secret: fx.sbx.secret }, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) },
  });
  try {
    const usdt = Object.values(s.state().market.instruments).filter((i) => i.venue === s.venue && i.quote === 'USDT').map((i) => i.symbol);
    assert.ok(usdt.length >= 9, `the sandbox lists the simulated coins (${usdt.length})`);
    await until('a ticker for every USDT market', () => usdt.every((sym) => s.state().market.tickers[`${s.venue}:${sym}`]));
    // Not one of the main coins streamed from the start: looking at it brings its book and candles.
    const other = usdt.find((sym) => !['BTC', 'ETH', 'BNB', 'SOL', 'XRP'].includes(sym.split('/')[0]))!;
    assert.equal(s.state().market.books[`${s.venue}:${other}`], undefined, `${other} has no book before it is looked at`);
    await s.focusMarket(other);
    await until(`${other}'s book`, () => (s.state().market.books[`${s.venue}:${other}`]?.bids.length ?? 0) > 0);
    await until(`${other}'s 1m history`, () => s.candles(other).length >= 100);
  } finally {
    await s.close();
  }
});
