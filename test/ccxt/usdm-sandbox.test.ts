import assert from 'node:assert/strict';
import { createCcxtExchange } from '../../source/adapters/ccxt/ccxt-client.js';
import type { CcxtFuturesExchange } from '../../source/adapters/ccxt/ccxt-futures-client.js';
import { CcxtUsdmVenue } from '../../source/adapters/ccxt/ccxt-usdm-venue.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import type { DomainEvent } from '../../source/domain/index.js';
import { nextFundingTime } from '../../source/engine/funding.js';
import { tmpDir } from '../helpers/tmp.js';
import { testEach } from '../helpers/test-each.js';

/**
 * `--exchange binanceusdm` end to end: atapi's session, ccxt's binanceusdm and the sandbox's
 * USD-M API over loopback (REST and the /fstream websockets, user-data stream included).
 */
const BTC = 'BTC/USDT:USDT';
const VENUE = 'binanceusdm-sandbox';
let sbx: Sandbox;
/** The sandbox's clock: a test moves it past a funding time. */
let offset = 0;
// A sandbox (one account) for each test: each starts from a fresh account (test-each.ts says why not beforeEach).
const test = testEach(
  async () => {
    offset = 0;
    sbx = await startSandbox({ seed: 7, tickMs: 50, clock: () => Date.now() + offset });
  },
  () => sbx.close(),
);

/**
 * Moves the sandbox's clock (and ccxt's request timestamps with it) past the next funding
 * time, in steps shorter than a listen key's life, keeping the key alive before each, as
 * ccxt does every 20 minutes of real time: the user-data stream stays up across the jump.
 */
async function pastNextFunding(ex: CcxtFuturesExchange): Promise<void> {
  const target = nextFundingTime(Date.now() + offset) + 1_000;
  while (Date.now() + offset < target) {
    const r = await fetch(`${sbx.url}/fapi/v1/listenKey`, { method: 'PUT', headers: { 'X-MBX-APIKEY': sbx.apiKey } });
    assert.equal(r.status, 200, await r.text());
    offset += Math.min(45 * 60_000, target - (Date.now() + offset));
    ex.options.timeDifference = -offset;
    // The sandbox steps its market (and pays funding) on its own timer: one step at each time.
    const seen = Date.now() + offset;
    await until('a sandbox step', () => sbx.futures.market.perps.marks().some((m) => m.ts >= seen));
  }
}

/** Waits for a condition, bounded: a failure names what never happened. */
async function until(what: string, check: () => boolean, detail: () => unknown = () => '', limitMs = 15_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what} ${JSON.stringify(detail())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function open(dataDir: string, warnings: string[] = []): Promise<Session> {
  return createSession({
    exchange: 'binanceusdm',
    mode: 'testnet',
    dataDir,
    fsync: false,
    clock: () => Date.now() + offset,
    venueConfig: { sandboxUrl: sbx.url, credentials: { apiKey: sbx.apiKey, secret: sbx.secret }, symbols: [BTC, 'ETH/USDT:USDT'], timeoutMs: 5_000, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))), onWarning: (m) => warnings.push(m) },
  });
}

const of = (s: Session, type: string): DomainEvent[] => s.history().map((e) => e.event).filter((e) => e.type === type);

test('binanceusdm against the sandbox: markets, marks, leverage, margin and position mode, a hedge long opened and closed, positions and account as store state, order and account updates on the stream', async () => {
  const dir = tmpDir('atapi-usdm-sbx-');
  const warnings: string[] = [];
  let s = await open(dir, warnings);
  try {
    const inst = s.store.getState().market.instruments[`${VENUE}:${BTC}`];
    assert.equal(inst?.kind, 'perpetual');
    assert.ok((inst?.perpetual?.brackets.length ?? 0) > 1, 'leverage brackets from /fapi/v1/leverageBracket');
    await until('a mark price', () => s.store.getState().market.marks?.[`${VENUE}:${BTC}`] !== undefined);
    assert.equal(s.futures.account().walletBalance, 10_000);

    await s.futures.setLeverage(BTC, 2);
    assert.equal(s.futures.symbolSettings(BTC).leverage, 2);
    await s.futures.setMarginMode(BTC, 'isolated');
    assert.equal(s.futures.symbolSettings(BTC).marginMode, 'isolated');
    await assert.rejects(s.futures.setMarginMode(BTC, 'isolated'), /already isolated \(Binance -4046\)/);
    await s.futures.setPositionMode('hedge');
    assert.equal(s.futures.account().positionMode, 'hedge');

    const opened = await s.order({ symbol: BTC, side: 'buy', type: 'market', qty: 0.01, positionSide: 'LONG' });
    assert.ok(opened.ok, JSON.stringify(opened));
    await until('the long as a position', () => s.futures.positions().some((p) => p.side === 'LONG' && p.qty === 0.01));
    const long = s.futures.positions().find((p) => p.side === 'LONG')!;
    assert.equal(long.marginMode, 'isolated');
    assert.equal(long.leverage, 2);
    assert.ok(long.margin > 0, 'isolated margin from the exchange');
    assert.ok(long.liquidationPrice !== undefined && long.liquidationPrice < long.entryPrice);
    await assert.rejects(s.futures.setPositionMode('one-way'), /Binance -4068/);
    await s.store.whenDurable();
    assert.equal(of(s, 'order/filled').length, 1);
    const walletAfterOpen = sbx.futures.state(sbx.apiKey).view.wallet;
    assert.ok(walletAfterOpen < 10_000, 'the exchange took its fee');
    await until('the wallet after the fee', () => s.futures.account().walletBalance === walletAfterOpen);

    const closed = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, positionSide: 'LONG' });
    assert.ok(closed.ok, JSON.stringify(closed));
    await until('the long closed', () => s.futures.positions().every((p) => p.qty === 0));
    await s.store.whenDurable();
    assert.equal(of(s, 'order/filled').length, 2, 'each fill once (REST answer, trades, ORDER_TRADE_UPDATE)');
    // What only the user-data stream tells: another client of the same account cancels our
    // resting order (ORDER_TRADE_UPDATE) and opens a position (ACCOUNT_UPDATE).
    const other = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as CcxtFuturesExchange;
    try {
      const mark = s.store.getState().market.marks![`${VENUE}:${BTC}`].markPrice;
      // What follows is told by the stream alone: it must be attached.
      await until('the user-data stream', () => sbx.futures.userListeners(sbx.apiKey) > 0);
      const resting = await s.order({ symbol: BTC, side: 'buy', type: 'limit', qty: 0.01, price: Math.round(mark * 0.9), positionSide: 'LONG' });
      assert.ok(resting.ok, JSON.stringify(resting));
      await until('the limit order accepted', () => s.store.getState().ledger.orders[resting.order.id]?.status === 'open');
      await other.cancelOrder(s.store.getState().ledger.orders[resting.order.id].exchangeOrderId!, BTC);
      await until('the cancel from the order update', () => s.store.getState().ledger.orders[resting.order.id]?.status === 'cancelled');
      await other.createOrder(BTC, 'market', 'buy', 0.002, undefined, { positionSide: 'LONG' });
      await until('the position from the account update', () => s.futures.positions().some((p) => p.side === 'LONG' && p.qty === 0.002));
      await until('the wallet from the account update', () => s.futures.account().walletBalance === sbx.futures.state(sbx.apiKey).view.wallet);
      await s.store.whenDurable();
      assert.equal(of(s, 'order/filled').length, 2, 'a fill of another client is not ours');
    } finally {
      await other.close?.();
    }

  } finally {
    await s.close();
  }
});

test('binanceusdm against the sandbox, restarted: no fill counted twice; a short held over a funding time is paid once, across reconnects and a restart', async () => {
  const dir = tmpDir('atapi-usdm-sbx2-');
  let s = await open(dir);
  try {
    assert.ok((await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01 })).ok);
    await until('the short', () => s.futures.positions().some((p) => p.qty === -0.01));
  } finally {
    await s.close();
  }
  // The first session's user-data socket gone, so the wait below sees the second's.
  await until('the first user-data stream closed', () => sbx.futures.userListeners(sbx.apiKey) === 0);
  // Closed: everything is on disk.
  const fills = of(s, 'order/filled').length;
  assert.equal(fills, 1);
  // The same ledger again, on a venue whose ccxt the test can keep in step with the sandbox's clock.
  const ex = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as CcxtFuturesExchange;
  const warnings: string[] = [];
  const venue = new CcxtUsdmVenue({
    exchange: ex, venue: VENUE, label: 'BINANCEUSDM SANDBOX', clock: () => Date.now() + offset, trading: true, symbols: [BTC],
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))), random: () => 0.5, onWarning: (m) => warnings.push(m),
  });
  s = await createSession({ exchange: 'binanceusdm', mode: 'testnet', venue, dataDir: dir, fsync: false, clock: () => Date.now() + offset });
  try {
    await s.store.whenDurable();
    assert.equal(of(s, 'order/filled').length, fills, 'a restart does not count the fill again');
    assert.ok(s.futures.positions().some((p) => p.qty === -0.01));
    // The stream attached before the clock moves: a FUNDING_FEE frame sent before then reaches no
    // one (under load the session's start could return a few hundred ms before ccxt connects).
    await until('the user-data stream', () => sbx.futures.userListeners(sbx.apiKey) > 0);
    // Past the next 8-hour funding time: ACCOUNT_UPDATE FUNDING_FEE on the stream, the
    // payment itself from the income history, reported once.
    await pastNextFunding(ex);
    await until('a funding payment', () => of(s, 'futures/funding').length > 0, () => [warnings.slice(-8), sbx.futures.income(sbx.apiKey).slice(-2), sbx.futures.state(sbx.apiKey).view.positions]);
    await new Promise((r) => setTimeout(r, 300));
    await s.store.whenDurable();
    assert.equal(of(s, 'futures/funding').length, 1);
    await s.store.whenDurable();
    const pay = of(s, 'futures/funding')[0];
    assert.ok(pay.type === 'futures/funding' && pay.data.side === 'BOTH' && pay.data.qty === -0.01 && pay.data.rate !== 0);
    const income = sbx.futures.income(sbx.apiKey).filter((r) => r.incomeType === 'FUNDING_FEE');
    assert.equal(pay.type === 'futures/funding' && pay.data.amount, Number(income[income.length - 1].income));
  } finally {
    await s.close();
  }
  s = await createSession({ exchange: 'binanceusdm', mode: 'testnet', dataDir: dir, fsync: false, clock: () => Date.now() + offset, venue: new CcxtUsdmVenue({
    exchange: await (async () => { const x = (await createCcxtExchange({ exchange: 'binanceusdm', sandboxUrl: sbx.url, apiKey: sbx.apiKey, secret: sbx.secret, timeoutMs: 5_000 })) as CcxtFuturesExchange; x.options.timeDifference = -offset; return x; })(),
    venue: VENUE, label: 'BINANCEUSDM SANDBOX', clock: () => Date.now() + offset, trading: true, symbols: [BTC], sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))), random: () => 0.5,
  }) });
  try {
    await s.store.whenDurable();
    assert.equal(of(s, 'order/filled').length, fills);
    assert.equal(s.store.getState().ledger.futures.fundingCount, 1, 'the payment is not counted again after a restart');
  } finally {
    await s.close();
  }
});
