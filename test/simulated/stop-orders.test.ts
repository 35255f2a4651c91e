import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

/** A session on the simulated exchange whose market moves only when the test ticks it. */
async function simSession(seed = 3): Promise<{ s: Session; tick: () => void }> {
  let now = 1_700_000_000_000;
  const venue = new SimVenue({ seed, clock: () => now, tickMs: 0 });
  const s = await createSession({ persist: false, venue, clock: () => now });
  return { s, tick: () => { now += 1000; venue.tick(); } };
}

const last = (s: Session, sym: string) => s.ticker(sym).last;
const notices = (s: Session, re: RegExp) => s.history().filter((e) => e.event.type === 'system/notice' && re.test(e.event.data.message));

/**
 * Ticks until a trade reaches the stop (or `max` ticks), checking at every step before that
 * that the order has no fill; returns the tick it was reached at, or -1.
 */
function tickUntilReached(s: Session, tick: () => void, id: string, sym: string, reached: (price: number) => boolean, max = 3000): number {
  for (let i = 0; i < max; i++) {
    tick();
    // The simulated market's last trade is at the ticker's last price (trades are not in the log).
    const hit = reached(last(s, sym));
    if (hit) return i;
    assert.equal(s.state().ledger.orders[id].filledQty, 0, `no fill before a trade reaches the stop (tick ${i})`);
    assert.equal(notices(s, new RegExp(`order ${id} triggered`)).length, 0, `not triggered before (tick ${i})`);
  }
  return -1;
}

test('stop-loss sell (stop-market): rests open with its base held; no fill before the last trade reaches the stop; fires exactly once', async () => {
  const { s, tick } = await simSession(3);
  try {
    const sym = 'BTC/USDT';
    assert.ok((await s.buy(sym, 0.02)).ok);
    const stop = Math.round(last(s, sym) * 0.998);
    const r = await s.order({ symbol: sym, side: 'sell', type: 'market', qty: 0.01, stopPrice: stop });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.order.status, 'open');
    assert.equal(r.order.stopTrigger, 'below');
    assert.equal(s.balance().BTC.locked, 0.01, 'the stop holds its quantity');
    assert.equal(s.balance().BTC.free, 0.01);
    assert.ok(tickUntilReached(s, tick, r.order.id, sym, (p) => p <= stop) >= 0, 'the market reached the stop within the ticks');
    const o = s.state().ledger.orders[r.order.id];
    assert.equal(o.status, 'filled');
    assert.equal(o.filledQty, 0.01);
    for (let i = 0; i < 50; i++) tick();
    const fills = s.trades().filter((f) => f.orderId === r.order.id);
    assert.equal(fills.reduce((a, f) => a + f.qty, 0), 0.01, 'filled once, for its quantity');
    const fired = notices(s, new RegExp(`order ${r.order.id} triggered`));
    assert.equal(fired.length, 1, 'triggered exactly once, and the trigger is in the log');
    assert.match(fired[0].event.type === 'system/notice' ? fired[0].event.data.message : '', /reached the stop-loss stop/);
    assert.equal(s.balance().BTC.locked, 0);
  } finally {
    await s.close();
  }
});

test('take-profit sell (stop-limit) triggers as the price rises, then is a limit order; a stop cancelled before its trigger frees its funds and never fires', async () => {
  const { s, tick } = await simSession(4);
  try {
    const sym = 'ETH/USDT';
    assert.ok((await s.buy(sym, 0.2)).ok);
    const stop = Math.round(last(s, sym) * 1.002 * 100) / 100;
    const r = await s.order({ symbol: sym, side: 'sell', type: 'limit', qty: 0.1, price: stop, stopPrice: stop });
    assert.ok(r.ok && r.order.status === 'open' && r.order.stopTrigger === 'above', r.ok ? r.order.status : r.error);
    const c = await s.order({ symbol: sym, side: 'sell', type: 'limit', qty: 0.1, price: stop, stopPrice: stop });
    assert.ok(c.ok);
    assert.equal(s.balance().ETH.locked, 0.2);
    const x = await s.cancel(c.order.id);
    assert.ok(x.ok && x.order.status === 'cancelled');
    assert.equal(s.balance().ETH.locked, 0.1);
    assert.ok(tickUntilReached(s, tick, r.order.id, sym, (p) => p >= stop) >= 0, 'the market reached the stop');
    for (let i = 0; i < 5; i++) tick();
    assert.equal(notices(s, /triggered/).length, 1, 'only the live stop fired');
    const o = s.state().ledger.orders[r.order.id];
    assert.ok(['open', 'partially_filled', 'filled'].includes(o.status), o.status);
    assert.equal(s.balance().ETH.locked + s.trades().filter((f) => f.orderId === r.order.id).reduce((a, f) => a + f.qty, 0), 0.1, 'held as a limit order, or sold');
  } finally {
    await s.close();
  }
});

test('stop checks at placement: the would-be order passes the risk checks; bad stops say why; shell --stop', async () => {
  const { s } = await simSession(5);
  try {
    const sym = 'BTC/USDT';
    const big = await s.order({ symbol: sym, side: 'buy', type: 'market', qty: 10, stopPrice: Math.round(last(s, sym) * 1.01) });
    assert.match(big.ok ? '' : big.error, /order notional .* exceeds the limit/);
    const noBase = await s.order({ symbol: sym, side: 'sell', type: 'market', qty: 0.01, stopPrice: 1000 });
    assert.match(noBase.ok ? '' : noBase.error, /insufficient balance: need 0.01 BTC/);
    const ioc = await s.order({ symbol: sym, side: 'buy', type: 'limit', qty: 0.001, price: 1, stopPrice: 2, tif: 'IOC' });
    assert.match(ioc.ok ? '' : ioc.error, /--ioc does not apply/);
    const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
    assert.match((await run('buy BTC/USDT 0.001 --stop abc')).text, /bad stop price "abc"/);
    assert.match((await run('buy BTC/USDT 0.001 100 --ioc --stop 5')).text, /--ioc and --stop do not go together/);
    const stop = Math.round(last(s, sym) * 1.01);
    const out = await run(`buy BTC/USDT 0.001 --stop ${stop}`);
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, new RegExp(`^\\[PAPER · SIM\\] order \\d+: buy 0\\.001 BTC/USDT market stop-loss stop ${stop.toLocaleString('en-US')}\\.00 \\(at or above\\) open$`));
    assert.ok(s.balance().USDT.locked > 0.001 * stop, 'a stop-market buy holds its funds at the stop price');
  } finally {
    await s.close();
  }
});

test('orders lists a stop with its trigger, in the shell and in the Orders pane data', async () => {
  const { s } = await simSession(6);
  try {
    const stop = Math.round(last(s, 'BTC/USDT') * 1.01);
    assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 0.001, price: stop + 10, stopPrice: stop })).ok);
    const out = await runLine(s, 'orders', { source: 'shell', color: false });
    assert.match(out.text, /TRIGGER/);
    assert.match(out.text, new RegExp(`BTC/USDT\\s+buy\\s+stop-limit\\s+0\\.001\\d*\\s+${(stop + 10).toLocaleString('en-US')}\\.00\\s+0\\.0+\\s+open\\s+>=${stop.toLocaleString('en-US')}\\.00`));
  } finally {
    await s.close();
  }
});

test('OCO sell: one hold for both legs; whichever fills or triggers first cancels the other, both in the log', async () => {
  for (const seed of [3, 4, 8]) {
    const { s, tick } = await simSession(seed);
    try {
      const sym = 'BTC/USDT';
      assert.ok((await s.buy(sym, 0.01)).ok);
      const p = last(s, sym);
      const r = await s.oco({ symbol: sym, side: 'sell', qty: 0.01, price: Math.round(p * 1.002), stopPrice: Math.round(p * 0.998) });
      assert.ok(r.ok, r.ok ? '' : r.error);
      const [lim, stop] = r.orders;
      assert.equal(stop.ocoWith, lim.id);
      assert.equal(s.balance().BTC.locked, 0.01, 'held once for both legs');
      assert.equal(s.balance().BTC.free, 0);
      const amend = await s.amend(lim.id, { price: Math.round(p * 1.003) });
      assert.match(amend.ok ? '' : amend.error, /a leg of an OCO/);
      let i = 0;
      const ledger = () => s.state().ledger.orders;
      while (i++ < 5000 && ledger()[lim.id].status === 'open' && ledger()[stop.id].status === 'open') tick();
      for (let k = 0; k < 20; k++) tick();
      const a = ledger()[lim.id];
      const b = ledger()[stop.id];
      const cancelled = [a, b].filter((o) => o.status === 'cancelled');
      assert.equal(cancelled.length, 1, `seed ${seed}: exactly one leg cancelled (${a.status}, ${b.status})`);
      assert.match(cancelled[0].reason ?? '', /^OCO: order \d+ (filled|triggered)$/);
      const sold = s.trades().filter((f) => f.orderId === lim.id || f.orderId === stop.id).reduce((x, f) => x + f.qty, 0);
      assert.equal(Math.round(sold * 1e8) / 1e8, 0.01, `seed ${seed}: sold once, the OCO quantity`);
      assert.equal(s.balance().BTC.locked, 0);
    } finally {
      await s.close();
    }
  }
});

test('OCO: cancelling one leg cancels both and frees the hold; shell oco', async () => {
  const { s } = await simSession(7);
  try {
    const sym = 'ETH/USDT';
    assert.ok((await s.buy(sym, 0.1)).ok);
    const p = last(s, sym);
    const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
    assert.match((await run(`oco sell ETH/USDT 0.1 ${Math.round(p * 1.01)}`)).text, /oco needs --stop P/);
    assert.match((await run('oco hold ETH/USDT 0.1 5 --stop 4')).text, /bad side "hold"/);
    const out = await run(`oco sell ETH/USDT 0.1 ${Math.round(p * 1.01)} --stop ${Math.round(p * 0.99)}`);
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /order 2: sell 0\.1 ETH\/USDT limit [\d,]+\.\d\d open\n.*order 3: sell 0\.1 ETH\/USDT market stop-loss stop [\d,]+\.\d\d \(at or below\) open \(OCO with 2\)$/);
    const c = await s.cancel('3');
    assert.ok(c.ok && c.order.status === 'cancelled');
    assert.equal(s.state().ledger.orders['2'].status, 'cancelled');
    assert.equal(s.state().ledger.orders['2'].reason, 'OCO: order 3 cancelled');
    assert.equal(s.balance().ETH.locked, 0);
    assert.equal(s.balance().ETH.free, 0.1);
    const tooMuch = await run(`oco sell ETH/USDT 1 ${Math.round(p * 1.01)} --stop ${Math.round(p * 0.99)}`);
    assert.match(tooMuch.text, /OCO not placed: insufficient balance/);
    assert.equal(s.orders().length, 0);
  } finally {
    await s.close();
  }
});

test('after a restart a stop still holds its funds, and an OCO is still linked: cancelling a leg cancels both', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stops-restart-'));
  try {
    const now = 1_700_000_000_000;
    const a = await createSession({ dataDir: dir, venue: new SimVenue({ seed: 9, clock: () => now, tickMs: 0 }), clock: () => now });
    const p = last(a, 'BTC/USDT');
    assert.ok((await a.buy('BTC/USDT', 0.02)).ok);
    assert.ok((await a.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01, stopPrice: Math.round(p * 0.9) })).ok);
    const oco = await a.oco({ symbol: 'BTC/USDT', side: 'sell', qty: 0.01, price: Math.round(p * 1.1), stopPrice: Math.round(p * 0.9) });
    assert.ok(oco.ok, oco.ok ? '' : oco.error);
    assert.equal(a.balance().BTC.locked, 0.02);
    await a.close();
    const b = await createSession({ dataDir: dir, venue: new SimVenue({ seed: 9, clock: () => now + 1000, tickMs: 0 }), clock: () => now + 1000 });
    try {
      assert.equal(b.orders().length, 3);
      assert.equal(b.state().ledger.orders['2'].stopPrice, Math.round(p * 0.9), 'the stop rides in the log');
      assert.equal(b.state().ledger.orders['4'].ocoWith, '3');
      assert.ok((await b.cancel('4')).ok);
      assert.equal(b.state().ledger.orders['3'].status, 'cancelled', 'the OCO link outlived the restart');
      assert.equal(b.balance().BTC.locked, 0.01);
      assert.ok((await b.cancel('2')).ok);
      assert.equal(b.balance().BTC.locked, 0);
      assert.equal(b.balance().BTC.free, 0.02);
    } finally {
      await b.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a venue that does not hold stops refuses stop and OCO orders before anything is sent', async () => {
  const { SimVenue: Sim } = await import('../../source/adapters/simulated/sim-venue.js');
  const inner = new Sim({ seed: 2, clock: () => 1_700_000_000_000, tickMs: 0 });
  let sent = 0;
  const venue = {
    venue: inner.venue,
    label: 'BINANCE TESTNET',
    start: inner.start.bind(inner),
    stop: inner.stop.bind(inner),
    submit: (o: Parameters<typeof inner.submit>[0]) => { sent++; return inner.submit(o); },
    cancel: inner.cancel.bind(inner),
  };
  const s = await createSession({ persist: false, venue, clock: () => 1_700_000_000_000 });
  try {
    const p = last(s, 'BTC/USDT');
    const r = await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001, stopPrice: Math.round(p * 1.01) });
    assert.match(r.ok ? '' : r.error, /^stop orders are not supported on BINANCE TESTNET yet .*nothing was sent$/);
    const o = await s.oco({ symbol: 'BTC/USDT', side: 'buy', qty: 0.001, price: Math.round(p * 0.99), stopPrice: Math.round(p * 1.01) });
    assert.match(o.ok ? '' : o.error, /^OCO orders are not supported on BINANCE TESTNET/);
    assert.equal(sent, 0);
    assert.equal(s.orders({ all: true }).length, 0);
  } finally {
    await s.close();
  }
});

test('a stop-limit triggered but resting unfilled is logged as triggered: after a restart it rests as its limit order, never armed again', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stops-triggered-'));
  try {
    let now = 1_700_000_000_000;
    const venueA = new SimVenue({ seed: 3, clock: () => now, tickMs: 0 });
    const a = await createSession({ dataDir: dir, venue: venueA, clock: () => now });
    const sym = 'BTC/USDT';
    const p = last(a, sym);
    assert.ok((await a.buy(sym, 0.02)).ok);
    // A stop-loss whose limit is far over the market: once set off it rests unfilled.
    const stop = Math.round(p * 0.998);
    const r = await a.order({ symbol: sym, side: 'sell', type: 'limit', qty: 0.01, price: Math.round(p * 1.2), stopPrice: stop });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const id = r.order.id;
    // The log is written behind: its events are read back once a session is closed.
    const triggers = (s: Session) => s.history().filter((e) => e.event.type === 'order/triggered' && e.event.data.id === id);
    const lastTrades: number[] = [];
    for (let i = 0; i < 3000 && a.state().ledger.orders[id].triggeredAt === undefined; i++) {
      assert.ok(lastTrades.every((l) => l > stop), `not triggered before a trade reached the stop (tick ${i})`);
      now += 1000;
      venueA.tick();
      lastTrades.push(last(a, sym));
    }
    assert.ok(lastTrades.at(-1)! <= stop, 'set off by the first last trade at or under the stop');
    const o = a.state().ledger.orders[id];
    assert.equal(o.status, 'open');
    assert.equal(o.filledQty, 0);
    assert.equal(o.triggeredAt, now);
    assert.match((await runLine(a, 'orders', { source: 'shell', color: false })).text, /triggered <=/);
    await a.close();
    const c0 = await createSession({ dataDir: dir, venue: new SimVenue({ seed: 3, clock: () => now, tickMs: 0 }), clock: () => now });
    const logged = triggers(c0);
    await c0.close();
    assert.equal(logged.length, 1, 'the trigger is in the log');
    assert.ok(logged[0].event.type === 'order/triggered' && logged[0].event.data.last === lastTrades.at(-1));

    const venueB = new SimVenue({ seed: 3, clock: () => now, tickMs: 0 });
    const b = await createSession({ dataDir: dir, venue: venueB, clock: () => now });
    try {
      const back = b.state().ledger.orders[id];
      assert.equal(back.status, 'open');
      assert.equal(back.triggeredAt, o.triggeredAt, 'shown as triggered after the restart');
      assert.equal(b.balance().BTC.locked, 0.01, 'its limit order still holds the quantity');
      for (let k = 0; k < 200; k++) {
        now += 1000;
        venueB.tick();
      }
      const c = await b.cancel(id);
      assert.ok(c.ok);
      assert.equal(b.state().ledger.orders[id].reason, 'cancelled by the trader', 'cancelled as the resting limit order, not as an untriggered stop');
      assert.equal(b.balance().BTC.locked, 0);
    } finally {
      await b.close();
    }
    const c1 = await createSession({ dataDir: dir, venue: new SimVenue({ seed: 3, clock: () => now, tickMs: 0 }), clock: () => now });
    assert.equal(triggers(c1).length, 1, 'not set off a second time after the restart');
    await c1.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('shell: a stop or an OCO stop far from the market is not sent without --force (fat-finger guard); with it, it is', async () => {
  const { s } = await simSession(4);
  try {
    const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
    const p = last(s, 'ETH/USDT');
    assert.ok((await s.buy('ETH/USDT', 0.3)).ok);
    const far = Math.round(p * 0.3);
    assert.match((await run(`sell ETH/USDT 0.1 --stop ${far}`)).text, /not sent: stop price [\d,.]+ is 70\.\d% below the market .*add --force/);
    assert.equal(s.orders().filter((o) => o.stopPrice !== undefined).length, 0);
    assert.match((await run(`oco sell ETH/USDT 0.1 ${Math.round(p * 1.01)} --stop ${far}`)).text, /OCO not sent: stop price .*add --force/);
    assert.equal(s.orders().filter((o) => o.stopPrice !== undefined).length, 0);
    assert.match((await run(`sell ETH/USDT 0.1 --stop ${far} --force`)).text, /stop/);
    assert.match((await run(`oco sell ETH/USDT 0.1 ${Math.round(p * 1.01)} --stop ${far} --force`)).text, /OCO with/);
    assert.equal(s.orders().filter((o) => o.stopPrice !== undefined).length, 2);
  } finally {
    await s.close();
  }
});
