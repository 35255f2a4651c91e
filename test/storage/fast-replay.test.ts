import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { asciiString, foldRecord, primeFold } from '../../source/adapters/storage/fold-record.js';
import { LOG_FILE, openLedger } from '../../source/adapters/storage/ledger-files.js';
import { scanLog } from '../../source/adapters/storage/read-log.js';
import { encodeBatch } from '../../source/adapters/storage/record-codec.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { applyEvents, createReplay, initialState } from '../../source/store/index.js';
import { MAX_CLOSED_ORDERS, MAX_FILLS } from '../../source/store/state.js';
import { fill, mixedStream, order, ticker } from '../helpers/fixtures.js';
import { seededRandom as seeded } from '../helpers/seeded.js';
import { tmpDir } from '../helpers/tmp.js';

/**
 * Every event type, in compact and plain form, with the numbers and strings the fast path
 * must read exactly as JSON.parse does (long decimals, exponents, negatives, escapes,
 * non-ASCII) and the ones it must leave to the general path.
 */
function everyKind(rand: () => number): DomainEvent[] {
  const out: DomainEvent[] = [
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000, locked: 0 }, BTC: { free: 1e-9, locked: 0.1 + 0.2 } }, full: true } },
    { type: 'strategy/status', data: { strategyId: 's1', name: 'sma', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: { fast: 5, slow: 20 } } },
    { type: 'strategy/signal', data: { strategyId: 's1', symbol: 'BTC/USDT', side: 'buy', reason: 'cross', ts: 3 } },
    { type: 'strategy/held', data: { strategyId: 's1', symbol: 'BTC/USDT', target: 'long', reason: { code: 'strategy.hold.link-down', text: 'the link to sim is down' }, ts: 3 } },
    { type: 'strategy/refused', data: { strategyId: 's1', symbol: 'BTC/USDT', target: 'long', reason: { code: 'risk.notional', field: 'qty', text: 'order notional 1,000.00 USDT "exceeds" é' }, ts: 4 } },
    { type: 'strategy/held', data: { strategyId: 's2', symbol: 'ETH/USDT', target: 'flat', reason: { code: 'strategy.hold.not-free', text: 'held' }, ts: 4 } },
    { type: 'strategy/signal', data: { strategyId: 's2', symbol: 'ETH/USDT', side: 'sell', reason: 'cleared', ts: 5 } },
    { type: 'alert/set', data: { alert: { id: 'a1', venue: 'sim', symbol: 'BTC/USDT', op: '>', price: 101.5, createdAt: 1 } } },
    { type: 'alert/set', data: { alert: { id: 'a2', venue: 'sim', symbol: 'ETH/USDT', op: '<', price: 2000, createdAt: 1 } } },
    { type: 'alert/triggered', data: { id: 'a1', last: 102, ts: 4 } },
    { type: 'alert/removed', data: { id: 'a2', ts: 5 } },
    { type: 'watchlist/set', data: { venue: 'sim', symbols: ['BTC/USDT', 'ETH/USDT'] } },
    { type: 'system/notice', data: { level: 'warn', message: 'line "quoted"\nand more' } },
    { type: 'user/command', data: { line: 'buy BTC/USDT 0.001 — ünïcode', source: 'shell' } },
    { type: 'user/command', data: { line: 'tab\there', source: 'tui' } },
    { type: 'account/balances', data: { venue: 'sim', balances: {}, full: false } },
    { type: 'account/balances', data: { venue: 'sim', balances: { ['__proto__']: { free: 1, locked: 0 } } as never, full: false } },
  ];
  for (let id = 1; id <= 400; id++) {
    const qty = Math.round(rand() * 1e6) / 10 ** Math.floor(rand() * 12);
    const price = rand() < 0.5 ? 100 + Math.floor(rand() * 50) : rand() * 30_000;
    const extra = rand();
    const o = order(`o${id}`, {
      qty, price, side: rand() < 0.5 ? 'buy' : 'sell',
      ...(extra < 0.1 ? { quoteQty: 50 } : {}),
      ...(extra > 0.8 ? { strategyId: 's1', reason: 'é"x' } : {}),
      ...(extra > 0.9 ? { exchangeOrderId: 'x-early' } : {}),
      ...(id % 37 === 0 ? { type: 'market' as const, price: undefined } : {}),
    });
    out.push({ type: 'order/submitted', data: { order: o } });
    if (id % 13 === 0) out.push({ type: 'order/unknown', data: { id: o.id, reason: 'timeout', ts: id } });
    out.push({ type: 'order/accepted', data: { id: o.id, exchangeOrderId: `x${id}`, ts: id } });
    const parts = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < parts; k++) {
      const q = Math.round((qty / parts) * 1e8) / 1e8;
      const f = fill(o.id, q, price * (1 + (rand() - 0.5) / 100), { side: o.side, tradeId: `${o.id}-t${k}`, fee: rand() < 0.1 ? -q * 1e-7 : q * price * 0.00075, liquidity: rand() < 0.5 ? 'maker' : 'taker' });
      out.push({ type: k === parts - 1 && id % 5 !== 0 ? 'order/filled' : 'order/partiallyFilled', data: { fill: f } });
      if (rand() < 0.2) out.push({ type: 'order/partiallyFilled', data: { fill: f } }); // a repeated trade id
    }
    // Who asked to cancel, recorded before the cancel is sent (the general path reads it).
    if (id % 10 === 0) out.push({ type: 'order/cancel-asked', data: { id: o.id, by: id % 20 === 0 ? { by: 'trader' } : { by: 'halt', rule: 'protect.maxDrawdownPercent' }, ts: id } });
    if (id % 5 === 0) out.push({ type: id % 10 === 0 ? 'order/cancelled' : 'order/rejected', data: { id: o.id, reason: id % 20 === 0 ? 'user\\cancel' : 'user', ts: id } });
    if (id % 7 === 0) out.push({ type: 'order/rejected', data: { id: o.id, reason: 'late', ts: id } }); // after a fill: ignored
    if (id % 11 === 0) out.push({ type: 'order/filled', data: { fill: fill('nobody', 1, 10, { tradeId: `orphan${id}` }) } });
    out.push({ type: 'account/balances', data: { venue: id % 3 ? 'sim' : 'binance', balances: { USDT: { free: 10_000 - id * 0.1, locked: rand() }, BTC: { free: -0, locked: 0 } }, full: id % 50 === 0 } });
    if (id % 9 === 0) out.push({ type: 'user/command', data: { line: `balance ${id}`, source: 'shell' } });
    if (id % 17 === 0) {
      // A stop-limit (plain JSON: the compact table has no stop fields) that triggers, then rests
      // unfilled, fills in part, or is cancelled; a repeated trigger keeps the first time.
      const stop = order(`s${id}`, { qty: 0.5, price: 99, side: 'sell', stopPrice: 100, stopTrigger: 'below' });
      out.push({ type: 'order/submitted', data: { order: stop } }, { type: 'order/accepted', data: { id: stop.id, exchangeOrderId: `xs${id}`, ts: id } });
      if (id % 34 !== 0) out.push({ type: 'order/triggered', data: { id: stop.id, last: 99.5, ts: id + 1 } });
      if (id % 51 === 0) out.push({ type: 'order/triggered', data: { id: stop.id, last: 98, ts: id + 2 } });
      if (id % 85 === 0) out.push({ type: 'order/partiallyFilled', data: { fill: fill(stop.id, 0.1, 99, { side: 'sell', tradeId: `${stop.id}-t` }) } });
      if (id % 68 === 0) out.push({ type: 'order/cancelled', data: { id: stop.id, reason: 'user', ts: id + 3 } });
    }
  }
  out.push({ type: 'order/triggered', data: { id: 'nobody', last: 1, ts: 1 } });
  return out;
}

/** The events as the store would stamp and log them: batches of 1 to 4, market events interleaved. */
function logged(events: readonly DomainEvent[], rand: () => number): { records: Envelope[][]; all: Envelope[] } {
  const records: Envelope[][] = [];
  const all: Envelope[] = [];
  let seq = 0;
  for (let i = 0; i < events.length;) {
    const ts = 1_700_000_000_000 + i;
    const batch: Envelope[] = [];
    const n = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < n && i < events.length; k++, i++) {
      // A market event takes a seq but is never logged: the record lists its seqs then.
      if (rand() < 0.05) all.push({ seq: ++seq, ts, event: ticker('BTC/USDT', 100) });
      const env = { seq: ++seq, ts, event: events[i] };
      batch.push(env);
      all.push(env);
    }
    records.push(batch);
  }
  return { records, all };
}

function writeLog(dir: string, records: readonly Envelope[][]): void {
  fs.writeFileSync(path.join(dir, LOG_FILE), records.map((r) => encodeBatch(r)).join(''));
}

test('a cold start through the fast path ends in the same state as the general fold of every event type', async () => {
  const rand = seeded(10);
  const events = [...everyKind(rand), ...mixedStream(3_000).filter((e) => !e.type.startsWith('market/'))];
  const { records, all } = logged(events, rand);
  const dir = tmpDir('atapi-fast-replay-');
  writeLog(dir, records);

  // The reference: the general fold of what was logged, as the live store folded it.
  const live = applyEvents(initialState(), all);
  // The general decoder without the fast path.
  const general = createReplay(initialState());
  const slow = scanLog(path.join(dir, LOG_FILE), 0, (b) => general.add(b));
  const slowState = general.finish();
  // The fast path, and what it left to the general path.
  const fast = createReplay(initialState(), { ownsEvents: true });
  let leftOver = 0;
  const quick = scanLog(path.join(dir, LOG_FILE), 0, (b) => {
    leftOver += b.length;
    fast.add(b);
  }, { replay: fast });
  const fastState = fast.finish();

  assert.equal(slow.damage, undefined);
  assert.equal(quick.damage, undefined);
  assert.equal(quick.events, slow.events);
  assert.deepStrictEqual(fastState.ledger, slowState.ledger);
  // The live fold saw the events before JSON (an absent price as undefined, -0): as written.
  const asLogged = JSON.parse(JSON.stringify(live.ledger)) as unknown;
  assert.deepStrictEqual(JSON.parse(JSON.stringify(fastState.ledger)), asLogged);
  assert.equal(fastState.ledgerSeq, live.ledgerSeq);
  assert.equal(fastState.lastSeq, slowState.lastSeq);
  assert.equal(fastState.lastTs, slowState.lastTs);
  // A strategy's standing refusal replays (the general path), and a signal clears a hold.
  assert.equal(fastState.ledger.strategyHolds?.s1?.reason.code, 'risk.notional');
  assert.equal(fastState.ledger.strategyHolds?.s2, undefined);
  // Triggers are in the state whichever path read them: the first time, kept through a repeat.
  const triggered = Object.values(fastState.ledger.orders).filter((o) => o.triggeredAt !== undefined);
  assert.ok(triggered.length >= 10, `${triggered.length} triggered stops`);
  assert.equal(fastState.ledger.orders.s51?.triggeredAt, 52);
  assert.equal(fastState.ledger.orders.s34?.triggeredAt, undefined, 'never triggered');
  // Both paths were taken: most records fast, the plain-JSON and interleaved ones general.
  assert.ok(leftOver > 20 && leftOver < quick.events / 4, `general path took ${leftOver} of ${quick.events} events`);

  const opened = openLedger(dir);
  assert.deepStrictEqual(opened.state.ledger, fastState.ledger);
  assert.equal(opened.replayed, slow.events);
  await opened.log.close();
});

test('a long log cuts the fills and the closed orders back many times: the fast path, the general path and the live fold agree', () => {
  const rand = seeded(27);
  // ~5,900 orders and ~4,900 fills: the closed orders are cut back (MAX_CLOSED_ORDERS) and the fills
  // (MAX_FILLS) about fifteen times each, in batches of 1 to 4 whose events cross the cuts anywhere.
  const events = [...everyKind(rand), ...mixedStream(40_000).filter((e) => !e.type.startsWith('market/'))];
  const { records, all } = logged(events, rand);
  const dir = tmpDir('atapi-fast-replay-long-');
  writeLog(dir, records);
  const live = applyEvents(initialState(), all);
  const general = createReplay(initialState());
  scanLog(path.join(dir, LOG_FILE), 0, (b) => general.add(b));
  const slowState = general.finish();
  const fast = createReplay(initialState(), { ownsEvents: true });
  const quick = scanLog(path.join(dir, LOG_FILE), 0, (b) => fast.add(b), { replay: fast });
  const fastState = fast.finish();
  assert.equal(quick.damage, undefined);
  assert.ok(fastState.ledger.fillCount > 4_500 && fastState.ledger.orderCount > 5_500, `${fastState.ledger.fillCount} fills, ${fastState.ledger.orderCount} orders`);
  assert.deepStrictEqual(fastState.ledger, slowState.ledger);
  assert.deepStrictEqual(JSON.parse(JSON.stringify(fastState.ledger)), JSON.parse(JSON.stringify(live.ledger)));
  // The newest fills and closed orders are kept, each closed one still in the orders.
  const { fills, closedOrderIds, orders } = fastState.ledger;
  const lastFills = all.flatMap((e) => (e.event.type === 'order/filled' || e.event.type === 'order/partiallyFilled' ? [e.event.data.fill.tradeId] : []));
  assert.ok(fills.length >= MAX_FILLS && fills.length <= MAX_FILLS * 1.25, `${fills.length} fills`);
  assert.deepStrictEqual(fills.map((f) => f.tradeId), lastFills.slice(-fills.length));
  assert.ok(closedOrderIds.length >= MAX_CLOSED_ORDERS && closedOrderIds.length <= MAX_CLOSED_ORDERS * 1.25, `${closedOrderIds.length} closed`);
  for (const id of closedOrderIds) assert.ok(orders[id]?.clientOrderId, id);
  assert.equal(fastState.lastSeq, live.lastSeq);
  assert.equal(fastState.lastTs, live.lastTs);
  assert.equal(fastState.ledgerSeq, live.ledgerSeq);
});

test('the fast path reads the numbers of a record to the same doubles as JSON.parse', () => {
  const rand = seeded(7);
  const values = [0, -0, 1, -1, 0.1, 0.3, 1e-7, 1.5e-300, 123456789012345, 1234567890123456, 0.051500000000000004, 9007199254740993, 1e21, 2.5e22, 1.7976931348623157e308, 5e-324];
  for (let i = 0; i < 2_000; i++) values.push((rand() - 0.5) * 10 ** Math.floor(rand() * 30 - 15), Math.round(rand() * 1e9) / 10 ** Math.floor(rand() * 10));
  const replay = createReplay(initialState(), { ownsEvents: true });
  let seq = 0;
  for (const v of values) {
    const f = fill('o', 1, 1, { tradeId: `t${seq}`, qty: v, price: v, fee: v });
    const json = encodeBatch([{ seq: ++seq, ts: 1, event: { type: 'order/partiallyFilled', data: { fill: f } } }]).slice(9, -1);
    assert.equal(foldRecord(json, replay), 1, json);
  }
  const fills = replay.finish().ledger.fills;
  // As written: JSON has no -0.
  const want = values.slice(-fills.length).map((v) => JSON.parse(JSON.stringify(v)) as number);
  fills.forEach((f, i) => {
    assert.ok(Object.is(f.qty, want[i]) && Object.is(f.price, want[i]) && Object.is(f.fee, want[i]), `${want[i]} read as ${f.qty}`);
  });
});

test('the fast path makes each string of a tape as the bytes read, at every length and offset', () => {
  const bytes = Buffer.from('x'.repeat(3) + Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join(''), 'latin1');
  for (let s = 0; s < 8; s++) {
    for (let e = s; e <= Math.min(bytes.length, s + 40); e++) assert.equal(asciiString(bytes, s, e), bytes.toString('latin1', s, e), `${s}..${e}`);
  }
  // Ids of every length a venue sends (ours are numbers, Binance's up to 19 digits).
  for (let n = 1; n < 1e19; n *= 7) {
    const id = Buffer.from(`"${n}"`);
    assert.equal(asciiString(id, 1, id.length - 1), String(n));
  }
});

test('the fold\'s primer goes the fast way whole: it lays out the objects the fast way makes', () => {
  assert.equal(primeFold(), 15);
});

test('a record the fast path cannot read whole folds nothing, and the general path gets all of it', () => {
  const sub = { type: 'order/submitted', data: { order: order('a') } } as const;
  const good = encodeBatch([{ seq: 1, ts: 1, event: sub }]).slice(9, -1);
  const replay = createReplay(initialState(), { ownsEvents: true });
  const refused = [
    // The second event is plain JSON (an order with a field the table lacks).
    encodeBatch([{ seq: 1, ts: 1, event: sub }, { seq: 2, ts: 1, event: { type: 'order/submitted', data: { order: { ...order('b'), extra: 1 } as never } } }]).slice(9, -1),
    // A stop's trigger: plain JSON, for the general decoder.
    encodeBatch([{ seq: 1, ts: 1, event: sub }, { seq: 2, ts: 1, event: { type: 'order/triggered', data: { id: 'a', last: 100, ts: 2 } } }]).slice(9, -1),
    // An escaped string in the last event.
    encodeBatch([{ seq: 1, ts: 1, event: sub }, { seq: 2, ts: 1, event: { type: 'order/cancelled', data: { id: 'a', reason: 'a "quote"', ts: 2 } } }]).slice(9, -1),
    // Explicit seqs (a market event was interleaved).
    encodeBatch([{ seq: 1, ts: 1, event: sub }, { seq: 3, ts: 1, event: { type: 'user/command', data: { line: 'x', source: 'cli' } } }]).slice(9, -1),
    good.replace('"BTC/USDT"', '7'), // a number where a string belongs
    good.replace(',1,1,', ',1,,'), // not JSON
    good.replace('[1,1,', '[1,2,'), // a seq range that does not match its events
    good.slice(0, -1), // cut short
    `${good} `, // trailing bytes
    '[1,1,1,[[9,"new kind"]]]', // a code this build does not know
  ];
  for (const json of refused) assert.equal(foldRecord(json, replay), 0, json);
  assert.deepStrictEqual(replay.finish(), initialState(), 'nothing was folded');
});
