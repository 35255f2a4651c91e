import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { checkVenueIds, parseVenueSpec, type ArbTx } from '../../../source/domain/index.js';
import { entryOptions, extractGlobalOptions } from '../../../source/cli/global-options.js';
import { sessionArgv } from '../../../source/app/session/session-argv.js';
import { checkEntry, openSession } from '../../../source/app/session/open-session.js';
import { SettingsFile } from '../../../source/adapters/settings/settings-file.js';
import { startSandbox, type Sandbox } from '../../../source/sandbox/sandbox-server.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { ArbSpec } from '../../../source/app/arb/arb-manager.js';
import { linkDown } from '../../../source/engine/risk.js';
import { waitUntil } from '../../helpers/tmux.js';

/**
 * Two sandboxes as two venues through ccxt: one seed, sbxb quoting 1% above sbxa, so an edge of
 * about 0.8% net of both venues' 0.1% taker fees: buy on sbxa, sell on sbxb.
 */
let a: Sandbox;
let b: Sandbox;
/**
 * The market never ticks (a timer of 11 days): an IOC leg at the price the edge was computed
 * from then meets the book it was computed on, however slow the machine is between scan and
 * order. Orders, fills and the user-data streams work as ever.
 */
const FROZEN = 1_000_000_000;
before(async () => {
  a = await startSandbox({ seed: 5, tickMs: FROZEN });
  b = await startSandbox({ seed: 5, tickMs: FROZEN, priceOffset: 0.01 });
});
after(async () => {
  await a.close();
  await b.close();
});

/** The shared bounded wait (a deadline, never a timing assertion), said what-first here. */
const until = (what: string, check: () => boolean): Promise<void> => waitUntil(check, what);

/** A data directory whose settings never call a quote stale (a stopped sandbox's last book stays tradeable to the scan). */
function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'venues-sbx-'));
  new SettingsFile(dir).set('arb.staleSeconds', '3600');
  return dir;
}

async function open(dir: string, sbxb: Sandbox = b): Promise<Session> {
  return createSession({
    venues: [`sbxa@${a.url}`, `sbxb@${sbxb.url}`],
    mode: 'testnet',
    dataDir: dir,
    fsync: false,
    venueConfig: {
      keys: { sbxa: { apiKey: a.apiKey, secret: a.secret }, sbxb: { apiKey: sbxb.apiKey, secret: sbxb.secret } },
      symbols: ['BTC/USDT', 'ETH/USDT'],
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
    },
  });
}

/** Inventory on both venues (no transfers): 0.02 BTC bought on each. */
async function stock(s: Session): Promise<void> {
  for (const venue of ['sbxa', 'sbxb']) {
    const r = await s.order({ venue, symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.02 });
    assert.ok(r.ok, JSON.stringify(r));
    await until(`the buy on ${venue} to fill`, () => s.state().ledger.orders[r.order.id].status === 'filled');
    await until(`${venue}'s BTC balance`, () => (s.balance(venue).BTC?.free ?? 0) >= 0.02);
  }
}

const spec = (extra: Partial<ArbSpec> = {}): ArbSpec => ({ symbol: 'BTC/USDT', venues: ['sbxa', 'sbxb'], qty: 0.005, minEdgePercent: 0.2, policy: { onSingleLeg: 'reverse', priceLimitPercent: 0.5, timeLimitMs: 15_000 }, limits: { maxNotional: 5000, maxExposure: 5000, maxPerMinute: 100 }, ...extra });
const settled = (s: Session): ArbTx[] => s.arbTxs().filter((t) => t.outcome);

/** Starts an instance and gives it a batch to look at: it looks at the edge on every batch, and a frozen market sends none of its own. */
async function startArb(s: Session): Promise<string> {
  const i = await s.startArb(spec());
  s.store.dispatch({ type: 'system/notice', data: { level: 'info', message: 'arb started' } });
  return i.id;
}

test('two sandboxes as two venues: one ledger, orders routed by venue, balances per venue, arb scan across them, an arb-cross filling both legs through ccxt', async () => {
  const dir = dataDir();
  const s = await open(dir);
  try {
    assert.deepEqual(s.venueIds(), ['sbxa', 'sbxb']);
    assert.equal(s.label, 'SBXA SANDBOX + SBXB SANDBOX');
    assert.equal(s.mode, 'testnet');
    assert.ok(s.ledgerDir?.endsWith('sbxa_sbxb'), s.ledgerDir);
    await until('tickers on both', () => s.state().market.tickers['sbxa:BTC/USDT'] !== undefined && s.state().market.tickers['sbxb:BTC/USDT'] !== undefined);
    await stock(s);
    // Each venue's own account: the sandboxes keep them apart, so do the balances.
    assert.ok(a.exchange.balances(a.apiKey).some((x) => x.asset === 'BTC' && Number(x.free) >= 0.02));
    assert.ok(s.balance('sbxa').USDT.free < 10_000 && s.balance('sbxb').USDT.free < 10_000);

    await until('books on both', () => (s.state().market.books['sbxa:BTC/USDT']?.asks.length ?? 0) > 0 && (s.state().market.books['sbxb:BTC/USDT']?.bids.length ?? 0) > 0);
    const [row] = s.arbScan({ symbol: 'BTC/USDT', size: '100USDT' });
    const best = row.best!;
    assert.deepEqual(row.venues, ['sbxa', 'sbxb']);
    assert.equal(best.buyVenue, 'sbxa');
    assert.equal(best.sellVenue, 'sbxb');
    assert.ok(best.netPercent > 0.5 && best.netPercent < 1, `net edge ${best.netPercent}%`);
    assert.deepEqual(best.problems, []);
    assert.ok(row.inventory.every((x) => x.base >= 0.02), JSON.stringify(row.inventory));

    const id = await startArb(s);
    await until('a transaction settled', () => settled(s).length > 0);
    await s.stopArb(id);
    await s.arbIdle();
    const tx = settled(s)[0];
    assert.equal(tx.outcome!.kind, 'both', tx.outcome!.text);
    assert.equal(tx.outcome!.bought, 0.005);
    assert.equal(tx.outcome!.sold, 0.005);
    const legs = tx.orders!.map((o) => s.state().ledger.orders[o.orderId]);
    assert.deepEqual(legs.map((o) => `${o.venue} ${o.side} ${o.status}`).sort(), ['sbxa buy filled', 'sbxb sell filled']);
    assert.ok(tx.outcome!.realisedNet > 0, `realised ${tx.outcome!.realisedNet}`);
  } finally {
    await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('one sandbox stopped: LINK DOWN on that venue only, the other trades on; the arb leg to it refused link.down and the filled leg reversed; a restart with it still down finishes an unfinished transaction, and it reconnects when back', async () => {
  const dir = dataDir();
  const c = await startSandbox({ seed: 5, tickMs: FROZEN, priceOffset: 0.01 });
  let cStopped = false;
  let s = await open(dir, c);
  try {
    await until('tickers on both', () => s.state().market.tickers['sbxb:BTC/USDT'] !== undefined && s.state().market.tickers['sbxa:BTC/USDT'] !== undefined);
    await stock(s);
    await until('books on both', () => (s.state().market.books['sbxa:BTC/USDT']?.asks.length ?? 0) > 0 && (s.state().market.books['sbxb:BTC/USDT']?.bids.length ?? 0) > 0);
    await c.close();
    cStopped = true;
    await until('sbxb link down', () => linkDown(s.state(), 'sbxb') !== undefined);
    assert.equal(linkDown(s.state(), 'sbxa'), undefined, 'the other venue stays up');
    const refused = await s.order({ venue: 'sbxb', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 });
    assert.ok(!refused.ok && refused.refusal.code === 'link.down', JSON.stringify(refused));
    const onA = await s.order({ venue: 'sbxa', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 });
    assert.ok(onA.ok, JSON.stringify(onA));
    await until('the buy on sbxa to fill', () => s.state().ledger.orders[onA.order.id].status === 'filled');

    // The scan still sees sbxb's last book (never stale here): the transaction is planned, its
    // sell leg refused before it leaves, the filled buy reversed on sbxa by the policy.
    const id = await startArb(s);
    await until('the transaction settled', () => settled(s).length > 0);
    await s.stopArb(id);
    await s.arbIdle();
    const tx = settled(s)[0];
    assert.ok(settled(s).every((t) => t.outcome!.kind === 'reversed'), 'every transaction while sbxb is down is reversed');
    assert.equal(tx.outcome!.kind, 'reversed', `${tx.outcome!.text} ${JSON.stringify(tx.orders?.map((o) => s.state().ledger.orders[o.orderId]))} ${JSON.stringify(tx)}`);
    assert.match(tx.outcome!.text, /sell leg refused: not sent: the link to sbxb is down/);
    assert.equal(tx.outcome!.bought, tx.outcome!.sold);
    assert.deepEqual(tx.orders!.map((o) => `${o.role} ${s.state().ledger.orders[o.orderId].venue}`), ['buy sbxa', 'fix sbxa']);

    // What a crash between the legs leaves: the plan, the buy leg filled on sbxa, no sell leg.
    const p = s.state().market.tickers['sbxa:BTC/USDT']!;
    const crash: ArbTx = { ...tx, id: 'tx-crash', orders: undefined, outcome: undefined, buy: { venue: 'sbxa', price: p.ask * 1.001, avg: p.ask }, sell: { venue: 'sbxb', price: p.bid * 1.009, avg: p.bid * 1.01 }, plannedAt: Date.now() };
    s.store.dispatch({ type: 'arb/planned', data: { tx: crash } });
    const buy = await s.order({ venue: 'sbxa', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.005 });
    assert.ok(buy.ok);
    s.store.dispatch({ type: 'arb/leg', data: { txId: 'tx-crash', role: 'buy', orderId: buy.order.id } });
    await until('the crash leg to fill', () => s.state().ledger.orders[buy.order.id].status === 'filled');
    await s.store.whenDurable();
    await s.close();

    // Restarted with sbxb still down: the session opens (sbxb reconnecting), and the policy finishes the transaction on sbxa.
    s = await open(dir, c);
    await until('the crashed transaction settled', () => s.state().ledger.arbTxs?.['tx-crash']?.outcome !== undefined);
    await s.arbIdle();
    const o = s.state().ledger.arbTxs!['tx-crash'].outcome!;
    assert.equal(o.kind, 'reversed', o.text);
    assert.match(o.text, /finished after a restart/);
    assert.equal(o.bought, o.sold);
    assert.notEqual(linkDown(s.state(), 'sbxb'), undefined, 'sbxb is still down');
    const meanwhile = await s.order({ venue: 'sbxb', symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.001 });
    assert.ok(!meanwhile.ok && meanwhile.refusal.code === 'link.down', `down since the start (no markets listed yet), still link.down: ${JSON.stringify(meanwhile)}`);
    // Settled once (the instance, running until stopped, may have settled more transactions of its own before).
    assert.equal(s.history({ type: 'arb/settled' }).filter((e) => e.event.type === 'arb/settled' && e.event.data.txId === 'tx-crash').length, 1);
    // sbxb back on its address: the retried start connects it, and it trades again.
    const back = await startSandbox({ seed: 5, tickMs: FROZEN, priceOffset: 0.01, port: Number(new URL(c.url).port), apiKey: c.apiKey, secret: c.secret });
    try {
      await until('sbxb connected again', () => linkDown(s.state(), 'sbxb') === undefined);
      const again = await s.order({ venue: 'sbxb', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 });
      assert.ok(again.ok, JSON.stringify(again));
      await until('the buy on sbxb to fill', () => s.state().ledger.orders[again.order.id].status === 'filled');
    } finally {
      await s.close();
      await back.close();
    }
  } finally {
    await s.close();
    if (!cStopped) await c.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a named sandbox without its keys is refused, never traded on paper', async () => {
  await assert.rejects(
    createSession({ venues: [`sbxa@${a.url}`, `sbxb@${b.url}`], mode: 'testnet', persist: false, venueConfig: { keys: { sbxa: { apiKey: a.apiKey, secret: a.secret } } } }),
    /venue sbxb \(the sandbox at http:\/\/127\.0\.0\.1:\d+\) needs its keys: ATAPI_SBXB_API_KEY/,
  );
});

test('the one factory over --venues sbxa@URL1,sbxb@URL2: each sandbox its own keys from the environment (never argv), one ledger named for both, testnet mode, keys redacted', async () => {
  const dir = dataDir();
  const added: string[] = [];
  const env = { ATAPI_SBXA_API_KEY: a.apiKey, ATAPI_SBXA_SECRET: a.secret, ATAPI_SBXB_API_KEY: b.apiKey, ATAPI_SBXB_SECRET: b.secret };
  const { options } = extractGlobalOptions(['--venues', `SBXA@${a.url},sbxb@${b.url}`], {});
  assert.deepEqual(options.venues, [`sbxa@${a.url}`, `sbxb@${b.url}`]);
  assert.deepEqual(sessionArgv(options), ['--venues', `sbxa@${a.url},sbxb@${b.url}`], 'what a daemon is started with reads back the same');
  const s = await openSession(entryOptions(options, dir), { env, stderr: new PassThrough(), redactor: { add: (x: string) => added.push(x) } as never });
  try {
    assert.deepEqual(s.venueIds(), ['sbxa', 'sbxb']);
    assert.equal(s.mode, 'testnet');
    assert.equal(path.basename(s.ledgerDir!), 'sbxa_sbxb');
    assert.deepEqual(added.sort(), [a.apiKey, a.secret, b.apiKey, b.secret].sort());
    await until('both connected', () => linkDown(s.state(), 'sbxa') === undefined && linkDown(s.state(), 'sbxb') === undefined);
  } finally {
    await s.close();
  }
  // One venue's keys missing: refused before anything opens, naming where its keys go.
  await assert.rejects(openSession(entryOptions(options, dir), { env: { ATAPI_SBXA_API_KEY: a.apiKey, ATAPI_SBXA_SECRET: a.secret }, stderr: new PassThrough() }), /venue sbxb \(the sandbox at .*\) needs API keys: ATAPI_SBXB_API_KEY and ATAPI_SBXB_SECRET, or atapi keys add sbxb/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('--venues words: NAME@URL checked; sandboxes never mixed with paper venues, --sandbox-url, --testnet or --live; live on several exchanges keeps its typed confirmation', async () => {
  assert.deepEqual(parseVenueSpec('sbxa@http://127.0.0.1:8555'), { id: 'sbxa', exchange: 'binance', sandboxUrl: 'http://127.0.0.1:8555' });
  assert.throws(() => parseVenueSpec('Sbxa@http://127.0.0.1:8555'), /bad venue name "Sbxa"/, 'the library takes ids as they are; the command line lowercases');
  assert.deepEqual(parseVenueSpec('sim2'), { id: 'sim2', exchange: 'sim2' });
  assert.throws(() => checkVenueIds(['sbxa@ftp://x']), /bad sandbox URL "ftp:\/\/x" for venue sbxa: use http:\/\/HOST:PORT/);
  assert.throws(() => checkVenueIds(['sim@http://127.0.0.1:1']), /sim names a simulated exchange/);
  assert.throws(() => checkVenueIds(['a_b@http://127.0.0.1:1']), /bad venue name "a_b"/);
  assert.throws(() => checkVenueIds(['sbxa@http://127.0.0.1:1', 'sbxa@http://127.0.0.1:2']), /venues name sbxa twice/);
  const url = 'http://127.0.0.1:1';
  assert.throws(() => checkEntry({ exchange: 'binance', venues: [`sbxa@${url}`, 'sim'] }), /mixes sandboxes \(sbxa\) with paper venues/);
  assert.throws(() => checkEntry({ exchange: 'binance', venues: [`sbxa@${url}`, `sbxb@${url}`], sandboxUrl: url }), /name each sandbox in the list instead of --sandbox-url/);
  assert.throws(() => checkEntry({ exchange: 'binance', venues: [`sbxa@${url}`, `sbxb@${url}`], live: true }), /drop --testnet and --live/);
  assert.throws(() => checkEntry({ exchange: 'binance', venues: ['binance', 'sim2'], testnet: true }), /sim2 is the simulated exchange, paper only/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'venues-live-'));
  try {
    const asked: string[] = [];
    const io = { env: {}, stderr: new PassThrough(), ask: async (q: string) => (asked.push(q), 'binance') };
    await assert.rejects(openSession({ exchange: 'binance', venues: ['binance', 'kraken'], dataDir: dir, live: true }, io), /live trading not confirmed; nothing was started/);
    assert.match(asked[0], /Type binance,kraken to continue/);
    const typed = { ...io, ask: async () => 'binance,kraken' };
    await assert.rejects(openSession({ exchange: 'binance', venues: ['binance', 'kraken'], dataDir: dir, live: true }, typed), /venue binance needs API keys: ATAPI_BINANCE_API_KEY/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
