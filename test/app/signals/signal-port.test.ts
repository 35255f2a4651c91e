import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { nodeFs } from '../../../source/adapters/storage/storage-fs.js';
import { createSession, type Session, type SessionOptions } from '../../../source/app/session/session.js';
import type { Order, SignalReceived } from '../../../source/domain/index.js';
import { runLine } from '../../../source/shell/run-line.js';
import { tmpDir } from '../../helpers/tmp.js';

const PERP = 'BTC/USDT:USDT';
const T0 = Date.parse('2026-11-25T10:00:00Z');
const TOKEN = 'sekrit-signal-token-123';

interface Rig {
  readonly session: Session;
  readonly clock: { t: number };
}

async function open(extra: Partial<SessionOptions> = {}, clock = { t: T0 }): Promise<Rig> {
  const venue = new SimVenue({ seed: 7, clock: () => clock.t, tickMs: 0, backfillMinutes: 3, perpetuals: true });
  const session = await createSession({ persist: false, venue, clock: () => clock.t, ...extra });
  return { session, clock };
}

const body = (strategy: string, action: string, id?: string | number): Record<string, unknown> => ({ token: TOKEN, strategy, action, ...(id !== undefined ? { id } : {}), ticker: 'BTCUSDT', price: 1 });
const mine = (s: Session, id: string): Order[] => Object.values(s.state().ledger.orders).filter((o) => o.strategyId === id).sort((a, b) => a.createdAt - b.createdAt);
const received = (s: Session): SignalReceived[] => s.history({ type: 'signal' }).flatMap((e) => (e.event.type === 'signal/received' ? [e.event.data] : []));

test('a signal with a bad token is refused and logged; nothing trades and the token is nowhere in the ledger', async () => {
  const { session } = await open();
  try {
    const { id } = await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' });
    const r = await session.signal(body(id, 'buy', 'a1'), { authentic: false });
    assert.equal(r.accepted, false);
    assert.equal(r.refusal?.code, 'signal.token');
    assert.equal(r.refusal?.field, 'token');
    assert.match(r.refusal?.text ?? '', /^the signal token is missing or wrong: /);
    assert.deepEqual(mine(session, id), []);
    assert.deepEqual(received(session), [{ strategyId: id, action: 'buy', id: 'a1', accepted: false, code: 'signal.token', ts: T0 }]);
    assert.ok(!JSON.stringify(session.history()).includes(TOKEN), 'the token is never stored');
    // A refused id is not spent: the same id, authentic, is acted on.
    assert.equal((await session.signal(body(id, 'buy', 'a1'), { authentic: true })).accepted, true);
    // A body that is no JSON object (an alert message that is not the template) has no token to
    // be wrong: the refusal says what is wrong with it, still before anything about the instances.
    for (const notObject of ['buy BTCUSDT', '[1,2]', 42]) {
      const n = await session.signal(notObject, { authentic: false });
      assert.equal(n.refusal?.code, 'signal.token');
      assert.match(n.refusal?.text ?? '', /^the body is not a JSON object, so it has no signal token: send \{"token"/, String(notObject));
    }
  } finally {
    await session.close();
  }
});

test('a good signal trades paper through the instance: its size, its own account, then sell closes exactly what it bought', async () => {
  const { session } = await open();
  try {
    const { id } = await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' });
    // The trader's own BTC is not the instance's to sell.
    assert.ok((await session.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 })).ok);
    const buy = await session.signal(body(id, 'BUY', 1), { authentic: true });
    assert.equal(buy.accepted, true, JSON.stringify(buy));
    const [order] = mine(session, id);
    assert.deepEqual(buy.orders, [order.id]);
    assert.equal(order.status, 'filled');
    const spent = order.filledQty * order.avgPrice;
    assert.ok(spent > 45 && spent <= 50, `its size: 50 USDT, fee and lot size kept inside (${spent})`);
    const held = session.strategies().find((v) => v.id === id)!;
    assert.equal(held.position, order.filledQty);
    // Already long: a second buy is nothing to do, and still accepted.
    const again = await session.signal(body(id, 'long', 2), { authentic: true });
    assert.deepEqual([again.accepted, again.orders], [true, []]);
    const sell = await session.signal(body(id, 'sell', 3), { authentic: true });
    assert.equal(sell.accepted, true);
    const orders = mine(session, id);
    assert.deepEqual(orders.map((o) => `${o.side} ${o.qty} ${o.status}`), [`buy ${order.filledQty} filled`, `sell ${order.filledQty} filled`]);
    assert.equal(session.strategies().find((v) => v.id === id)!.position, 0);
    assert.ok(session.balance().BTC.free >= 0.001 - 1e-12, "the trader's own BTC is kept");
    assert.deepEqual(received(session).map((d) => `${d.action} ${d.id} ${d.accepted}`), ['BUY 1 true', 'long 2 true', 'sell 3 true']);
    // Its signals are its strategy signals too (status ID shows the last).
    assert.equal(session.state().ledger.strategies[id].lastSignal?.side, 'sell');
  } finally {
    await session.close();
  }
});

test("a signal's order meets the same limits as any order: over risk.maxPositionNotional it is refused, recorded with the order path's code", async () => {
  const { session } = await open({ limits: { maxPositionNotional: 120 } });
  try {
    const { id } = await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' });
    const price = session.ticker('BTC/USDT').ask;
    const byHand = Math.floor((100 / price) * 1e5) / 1e5;
    assert.ok((await session.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: byHand })).ok);
    const r = await session.signal(body(id, 'buy', 'x'), { authentic: true });
    assert.equal(r.accepted, false);
    assert.equal(r.refusal?.code, 'risk.position');
    assert.deepEqual(mine(session, id).filter((o) => o.status === 'filled'), []);
    assert.equal(received(session).at(-1)?.code, 'risk.position');
    assert.equal(session.state().ledger.strategyHolds?.[id]?.reason.code, 'risk.position', 'a strategy refusal like any other');
  } finally {
    await session.close();
  }
});

test('the same signal id twice trades once; after the window it is a new signal', async () => {
  const { session, clock } = await open({ signalDedupeSeconds: 300 });
  try {
    const { id } = await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' });
    assert.equal((await session.signal(body(id, 'buy', 'tv-1'), { authentic: true })).accepted, true);
    assert.equal((await session.signal(body(id, 'sell', 'tv-2'), { authentic: true })).accepted, true);
    // Sent twice at once, and once more later: the first trades, the rest are ignored.
    const [a, b] = await Promise.all([session.signal(body(id, 'buy', 'tv-3'), { authentic: true }), session.signal(body(id, 'buy', 'tv-3'), { authentic: true })]);
    assert.deepEqual([a.accepted, b.accepted, b.duplicate], [true, false, true]);
    const dup = await session.signal(body(id, 'sell', 'tv-2'), { authentic: true });
    assert.deepEqual(dup, { accepted: false, duplicate: true });
    assert.deepEqual(mine(session, id).map((o) => o.side), ['buy', 'sell', 'buy']);
    assert.deepEqual(received(session).filter((d) => d.duplicate).map((d) => d.id), ['tv-3', 'tv-2']);
    clock.t += 301_000;
    assert.equal((await session.signal(body(id, 'sell', 'tv-2'), { authentic: true })).accepted, true, 'outside the window');
    assert.deepEqual(mine(session, id).map((o) => o.side), ['buy', 'sell', 'buy', 'sell']);
  } finally {
    await session.close();
  }
});

test('a restart keeps the dedupe window: the ids come from the ledger', async () => {
  const dir = tmpDir('atapi-signals-');
  const clock = { t: T0 };
  const first = await open({ persist: true, dataDir: dir, fs: nodeFs }, clock);
  const { id } = await first.session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' });
  assert.equal((await first.session.signal(body(id, 'buy', 'once'), { authentic: true })).accepted, true);
  assert.equal((await first.session.signal(body(id, 'sell'), { authentic: true })).accepted, true);
  await first.session.close();
  clock.t += 60_000;
  const again = await open({ persist: true, dataDir: dir, fs: nodeFs }, clock);
  try {
    assert.equal(again.session.strategies().find((v) => v.id === id)?.live, true, 'the webhook instance resumed');
    const r = await again.session.signal(body(id, 'buy', 'once'), { authentic: true });
    assert.deepEqual(r, { accepted: false, duplicate: true });
    assert.deepEqual(mine(again.session, id).map((o) => o.side), ['buy', 'sell']);
    assert.equal((await again.session.signal(body(id, 'buy', 'twice'), { authentic: true })).accepted, true, 'a new id trades after the restart');
  } finally {
    await again.session.close();
  }
});

test('short: refused on spot as a clear refusal, taken on a perpetual (short, then flat)', async () => {
  const { session } = await open();
  try {
    const spot = (await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' })).id;
    const r = await session.signal(body(spot, 'short'), { authentic: true });
    assert.equal(r.refusal?.code, 'signal.spot-short');
    assert.equal(r.refusal?.field, 'action');
    assert.match(r.refusal!.text, /spot market, which cannot be shorted/);
    assert.deepEqual(mine(session, spot), []);

    const perp = (await session.startStrategy({ strategy: 'webhook', symbol: PERP, size: '50USDT' })).id;
    const short = await session.signal(body(perp, 'short', 's1'), { authentic: true });
    assert.equal(short.accepted, true, JSON.stringify(short));
    assert.ok(session.strategies().find((v) => v.id === perp)!.position < 0, 'short');
    assert.equal((await session.signal(body(perp, 'flat', 's2'), { authentic: true })).accepted, true);
    assert.equal(session.strategies().find((v) => v.id === perp)!.position, 0);
    assert.deepEqual(session.futures.positions(), []);
  } finally {
    await session.close();
  }
});

test('bad input: each a typed refusal, recorded, nothing traded', async () => {
  const { session } = await open();
  try {
    const hook = (await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' })).id;
    const sma = (await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '50USDT' })).id;
    const stopped = (await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' })).id;
    await session.stopStrategy(stopped);
    const cases: [unknown, string, string?][] = [
      ['{"strategy": "x", "action": ', 'signal.invalid'],
      [[1, 2], 'signal.invalid'],
      [{ token: TOKEN, action: 'buy' }, 'signal.invalid', 'strategy'],
      [body(hook, 'moon'), 'signal.invalid', 'action'],
      [body(hook, 'buy', { nested: true } as unknown as string), 'signal.invalid', 'id'],
      [body('no-such-instance', 'buy'), 'signal.strategy', 'strategy'],
      [body(sma, 'buy'), 'signal.strategy', 'strategy'],
      [body(stopped, 'buy'), 'signal.stopped', 'strategy'],
    ];
    for (const [b, code, field] of cases) {
      const r = await session.signal(b, { authentic: true });
      assert.equal(r.accepted, false, JSON.stringify(b));
      assert.equal(r.refusal?.code, code, JSON.stringify(b));
      if (field) assert.equal(r.refusal?.field, field, JSON.stringify(b));
      assert.ok(r.refusal!.text.length > 10 && !r.refusal!.text.includes('\n'));
    }
    assert.deepEqual(received(session).map((d) => d.code), cases.map(([, code]) => code));
    assert.equal(Object.values(session.state().ledger.orders).length, 0);
    // A JSON text body (TradingView sends text/plain) is read like an object.
    assert.equal((await session.signal(JSON.stringify(body(hook, 'buy')), { authentic: true })).accepted, true);
  } finally {
    await session.close();
  }
});

test('the shell starts a webhook instance; history tells each signal in a line', async () => {
  const { session } = await open();
  try {
    const out = await runLine(session, 'start webhook BTC/USDT --size 50USDT', { source: 'shell', color: false });
    assert.ok(out.ok, JSON.stringify(out));
    const id = session.strategies()[0].id;
    assert.match(id, /^webhook-BTCUSDT/);
    await session.signal(body(id, 'buy', 'h1'), { authentic: true });
    await session.signal(body(id, 'buy', 'h1'), { authentic: true });
    await session.signal(body(id, 'buy'), { authentic: false });
    const text = (await runLine(session, 'history signal', { source: 'shell', color: false })).text ?? '';
    assert.match(text, new RegExp(`signal buy to ${id} \\(id h1\\) accepted`));
    assert.match(text, /ignored: that id was acted on already/);
    assert.match(text, /refused \[signal\.token\]/);
  } finally {
    await session.close();
  }
});

test('a halted session refuses signals (flatten stopped the instance, the halt is said), and a new instance takes them after resume', async () => {
  const { session } = await open();
  try {
    const { id } = await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' });
    await session.flatten({ reason: 'test', source: 'shell' });
    const r = await session.signal(body(id, 'buy', 'h'), { authentic: true });
    assert.equal(r.accepted, false);
    // Flatten stopped every instance; the refusal says the halt is why.
    assert.equal(r.refusal?.code, 'signal.stopped');
    assert.match(r.refusal!.text, /trading is halted/);
    assert.deepEqual(mine(session, id), []);
    assert.equal(received(session).at(-1)?.code, 'signal.stopped');
    await session.resume({ source: 'shell' });
    // Flatten stopped the instance: a new one takes signals again.
    const next = (await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' })).id;
    assert.equal((await session.signal(body(next, 'buy', 'h'), { authentic: true })).accepted, true);
  } finally {
    await session.close();
  }
});

test('a flood of bad tokens does not grow the ledger: one refusal recorded a minute, the others counted into the next record; each sender still hears the refusal', async () => {
  const { session, clock } = await open();
  try {
    const { id } = await session.startStrategy({ strategy: 'webhook', symbol: 'BTC/USDT', size: '50USDT' });
    for (let i = 0; i < 500; i++) {
      clock.t = T0 + i * 100;
      const r = await session.signal(body(id, 'buy'), { authentic: false });
      assert.equal(r.refusal?.code, 'signal.token');
    }
    assert.equal(received(session).length, 1, '500 in 50 s: one record');
    clock.t = T0 + 61_000;
    await session.signal(body(id, 'buy'), { authentic: false });
    const all = received(session);
    assert.equal(all.length, 2);
    assert.equal(all[1].unrecorded, 499, 'the ones in between counted, not lost');
    const text = (await runLine(session, 'history signal', { source: 'shell', color: false })).text ?? '';
    assert.match(text, /refused \[signal\.token\] \(and 499 more refused for the token since the last one recorded\)/);
    // An authentic signal is recorded as ever.
    assert.equal((await session.signal(body(id, 'buy', 'z'), { authentic: true })).accepted, true);
    assert.equal(received(session).length, 3);
  } finally {
    await session.close();
  }
});
