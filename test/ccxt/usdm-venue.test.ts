import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CcxtUsdmVenue } from '../../source/adapters/ccxt/ccxt-usdm-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { checkVenueExchange } from '../../source/app/session/venues.js';
import type { DomainEvent } from '../../source/domain/index.js';
import { RefusedError } from '../../source/domain/index.js';
import { tmpDir } from '../helpers/tmp.js';
import { FakeUsdm } from './fake-usdm-exchange.js';

const BTC = 'BTC/USDT:USDT';

async function open(ex: FakeUsdm, dataDir?: string, warnings: string[] = []): Promise<Session> {
  const venue = new CcxtUsdmVenue({
    exchange: ex, venue: 'binanceusdm-testnet', label: 'BINANCEUSDM DEMO', clock: () => ex.now, monotonic: () => ex.now, trading: true,
    sleep: () => new Promise<void>(() => undefined), random: () => 0.5, onWarning: (m) => warnings.push(m),
  });
  return createSession({ exchange: 'binanceusdm', mode: 'testnet', venue, clock: () => ex.now, persist: dataDir !== undefined, dataDir, fsync: false, limits: { maxOrderNotional: 1e9, maxPositionNotional: 1e9 } });
}

async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

async function pump(ex: FakeUsdm): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await flush();
    ex.deliver();
  }
  await flush();
}

/** The frames delivered and what they cause run, then the log is written (history reads the disk). */
async function settle(s: Session, ex: FakeUsdm): Promise<void> {
  await pump(ex);
  await s.store.whenDurable();
}

const of = (s: Session, type: string): DomainEvent[] => s.history().map((e) => e.event).filter((e) => e.type === type);
const funding = (s: Session) => s.store.getState().ledger.futures.funding;

test('binanceusdm: perpetuals load with Binance brackets and marks; wallet, settings and mode become store state', async () => {
  const ex = new FakeUsdm();
  const s = await open(ex);
  try {
    const inst = s.store.getState().market.instruments[`binanceusdm-testnet:${BTC}`];
    assert.equal(inst?.kind, 'perpetual');
    assert.equal(inst?.perpetual?.brackets[1].cum, 50);
    assert.equal(s.store.getState().market.instruments['binanceusdm-testnet:BTC/USD:BTC'], undefined, 'coin-margined contracts are not listed');
    assert.equal(s.futures.account().walletBalance, 10_000);
    assert.ok(s.futures.available);
    await s.futures.setLeverage('btc/usdt:usdt', 2);
    assert.equal(ex.leverage, 2);
    assert.equal(s.futures.symbolSettings(BTC).leverage, 2);
    await s.futures.setMarginMode(BTC, 'isolated');
    assert.equal(s.futures.symbolSettings(BTC).marginMode, 'isolated');
    await assert.rejects(s.futures.setMarginMode(BTC, 'isolated'), /already isolated \(Binance -4046\)/);
    await assert.rejects(s.futures.setPositionMode('one-way'), /already in one-way mode \(Binance -4059\)/);
    // Binance's code comes back as the refusal code (the table the sandbox answers by, read the other way).
    await assert.rejects(s.futures.setPositionMode('one-way'), (e: Error) => e instanceof RefusedError && e.refusal.code === 'futures.position-mode-same');
    await s.futures.setPositionMode('hedge');
    assert.equal(s.futures.account().positionMode, 'hedge');
  } finally {
    await s.close();
  }
});

test('binanceusdm: a hedge-mode long opens and closes; positions, wallet and realised PnL from the exchange; each fill once', async () => {
  const ex = new FakeUsdm();
  ex.hedged = true;
  const s = await open(ex);
  try {
    await s.futures.setLeverage(BTC, 2);
    const r = await s.order({ symbol: BTC, side: 'buy', type: 'market', qty: 0.01, positionSide: 'LONG' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(ex.sent[0].params.positionSide, 'LONG');
    assert.equal(ex.sent[0].params.reduceOnly, undefined, 'hedge mode sends no reduceOnly (Binance -1106)');
    await settle(s, ex);
    const pos = s.futures.positions();
    assert.equal(pos.length, 1);
    assert.equal(pos[0].side, 'LONG');
    assert.equal(pos[0].qty, 0.01);
    assert.equal(pos[0].entryPrice, 50_000);
    assert.equal(of(s, 'order/filled').length, 1, 'the REST answer, the trades fetch and the stream frame are one fill');
    ex.price = 51_000;
    const c = await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, positionSide: 'LONG', reduceOnly: true });
    assert.ok(c.ok, JSON.stringify(c));
    await settle(s, ex);
    assert.equal(s.futures.positions().filter((p) => p.qty !== 0).length, 0);
    assert.equal(of(s, 'order/filled').length, 2);
    const closed = s.store.getState().ledger.futures.positions[`binanceusdm-testnet:${BTC}:LONG`];
    assert.equal(closed.qty, 0);
    assert.equal(closed.realizedPnl, 10, 'realised 0.01 x 1,000 once');
    assert.equal(s.futures.account().walletBalance, ex.wallet);
  } finally {
    await s.close();
  }
});

test('binanceusdm: one-way reduce-only orders carry reduceOnly and no position side', async () => {
  const ex = new FakeUsdm();
  const s = await open(ex);
  try {
    await s.futures.setLeverage(BTC, 2);
    assert.ok((await s.order({ symbol: BTC, side: 'buy', type: 'market', qty: 0.01 })).ok);
    await pump(ex);
    assert.ok((await s.order({ symbol: BTC, side: 'sell', type: 'market', qty: 0.01, reduceOnly: true })).ok);
    assert.equal(ex.sent[1].params.reduceOnly, true);
    assert.equal(ex.sent[1].params.positionSide, undefined);
  } finally {
    await s.close();
  }
});

test('binanceusdm: funding from ACCOUNT_UPDATE FUNDING_FEE and the income history counts once, across a restart; fills are not counted again', async () => {
  const dir = tmpDir('atapi-usdm-');
  const ex = new FakeUsdm();
  let s = await open(ex, dir);
  try {
    await s.futures.setLeverage(BTC, 2);
    assert.ok((await s.order({ symbol: BTC, side: 'buy', type: 'market', qty: 0.02 })).ok);
    await pump(ex);
    ex.now += 3_600_000;
    const fundingTime = 1_700_006_400_000;
    ex.fund(fundingTime, -0.1);
    await settle(s, ex);
    const paid = funding(s);
    assert.equal(paid.length, 1);
    assert.equal(paid[0].amount, -0.1);
    assert.equal(paid[0].side, 'BOTH');
    assert.equal(paid[0].rate, 0.0001);
    assert.equal(of(s, 'futures/funding').length, 1);
    assert.equal(s.futures.account().walletBalance, ex.wallet);
    // The same frame again (a reconnect replays it): nothing new.
    ex.fund(fundingTime, 0);
    ex.income.pop();
    await settle(s, ex);
    assert.equal(funding(s).length, 1);
    assert.equal(of(s, 'futures/funding').length, 1);
  } finally {
    await s.close();
  }
  // A restart: the ledger seeds what was reported; the exchange says the same again.
  s = await open(ex, dir);
  try {
    await settle(s, ex);
    assert.equal(of(s, 'order/filled').length, 1, 'the fill is not counted twice');
    assert.equal(of(s, 'futures/funding').length, 1, 'the payment is not counted twice');
    assert.equal(s.store.getState().ledger.futures.fundingCount, 1);
    assert.equal(s.futures.positions()[0].qty, 0.02);
  } finally {
    await s.close();
  }
});

test('binanceusdm on paper is refused, not traded: it needs --testnet, --live or a sandbox with keys', async () => {
  await assert.rejects(checkVenueExchange('binanceusdm', {}), /binanceusdm has no paper mode yet: use --testnet/);
  await assert.rejects(checkVenueExchange('binanceusdm', { sandboxUrl: 'http://127.0.0.1:1' }), /no paper mode/);
  await checkVenueExchange('binanceusdm', { testnet: true });
  await checkVenueExchange('binance', {});
});
