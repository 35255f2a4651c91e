import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { openLedger, LOG_FILE, SNAPSHOT_FILE } from '../../source/adapters/storage/ledger-files.js';
import { compactEvent, expandEvent } from '../../source/adapters/storage/compact-events.js';
import { decodeRecord, encodeBatch, encodeRecord } from '../../source/adapters/storage/record-codec.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { applyEvents, createStore, initialState } from '../../source/store/index.js';
import { fill, mixedStream, order } from '../helpers/fixtures.js';

test('an older log (one envelope per line) still opens, takes new batches after it, and seeks from a snapshot', async () => {
  const dir = tmpDir('atapi-format-');
  const events = mixedStream(3_000).filter((e) => !e.type.startsWith('market/'));
  const old: Envelope[] = events.map((event, i) => ({ seq: i + 1, ts: 1_000 + i, event }));
  fs.writeFileSync(path.join(dir, LOG_FILE), old.map(encodeRecord).join(''));
  const first = openLedger(dir, { snapshotEvery: 1 });
  assert.deepEqual(first.reports, []);
  assert.deepEqual(first.state.ledger, applyEvents(initialState(), old).ledger);
  let t = 5_000;
  const store = createStore({ initial: first.state, log: first.log, clock: () => ++t });
  const added = [...store.dispatch([{ type: 'user/command', data: { line: 'après', source: 'shell' } }, { type: 'order/submitted', data: { order: order('9999') } }])];
  await store.whenDurable();
  assert.ok(first.maybeSnapshot(store.getState(), true));
  store.dispatch({ type: 'user/command', data: { line: 'after the snapshot', source: 'shell' } });
  await store.close();
  const withSnap = openLedger(dir);
  assert.equal(withSnap.replayed, 1, 'only the record after the snapshot is read');
  await withSnap.log.close();
  fs.rmSync(path.join(dir, SNAPSHOT_FILE));
  const full = openLedger(dir);
  assert.deepEqual(full.reports, []);
  assert.deepEqual(full.state.ledger, withSnap.state.ledger);
  assert.equal(full.state.ledger.orders['9999']?.id, '9999');
  assert.equal(full.state.ledgerSeq, added[1].seq + 1);
  await full.log.close();
});

test('compact events round-trip, and anything the table does not know stays plain JSON', () => {
  const base: DomainEvent[] = [
    { type: 'order/submitted', data: { order: order('1') } },
    { type: 'order/submitted', data: { order: { ...order('2'), strategyId: 's1', quoteQty: 10 } } },
    { type: 'order/accepted', data: { id: '1', exchangeOrderId: 'x', ts: 3 } },
    { type: 'order/filled', data: { fill: fill('1', 1, 100) } },
    { type: 'order/partiallyFilled', data: { fill: fill('1', 0.5, 100) } },
    { type: 'order/cancelled', data: { id: '1', reason: 'user', ts: 4 } },
    { type: 'order/rejected', data: { id: '2', reason: 'no', ts: 5 } },
    { type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 1, locked: 2 }, BTC: { free: 0, locked: 0 } }, full: true } },
    { type: 'account/balances', data: { venue: 'sim', balances: {}, full: false } },
    { type: 'user/command', data: { line: 'buy BTC/USDT 1 — ü', source: 'shell' } },
  ];
  for (const e of base) {
    const c = compactEvent(e);
    assert.ok(Array.isArray(c), `${e.type} has a compact form`);
    assert.deepStrictEqual(expandEvent(JSON.parse(JSON.stringify(c))), JSON.parse(JSON.stringify(e)));
  }
  // Fields the table does not list, nulls, non-finite numbers and odd asset names stay plain.
  const odd = [
    { type: 'order/submitted', data: { order: { ...order('3'), status: 'unknown', checkedAt: 5 } } },
    { type: 'order/submitted', data: { order: { ...order('4'), reason: null } } },
    { type: 'order/filled', data: { fill: { ...fill('1', 1, 100), qty: Number.NaN } } },
    { type: 'account/balances', data: { venue: 'sim', balances: JSON.parse('{"__proto__":{"free":1,"locked":0}}'), full: false } },
    { type: 'order/accepted', data: { id: '1', exchangeOrderId: 'x', ts: 3, extra: true } },
  ] as unknown as DomainEvent[];
  for (const e of odd) assert.equal(compactEvent(e), e, JSON.stringify(e));
  // A NaN quantity is written as null, which no fold can take: the decoder refuses it (the
  // store refuses such an event before it is logged); the rest read back as written.
  const nan = odd.splice(2, 1);
  assert.throws(() => decodeRecord(encodeBatch([{ seq: 9, ts: 7, event: nan[0] }]).slice(9, -1)), /data\.fill\.qty must be a finite number/);
  const envs: Envelope[] = [...base, ...odd].map((event, i) => ({ seq: 10 + i, ts: 7, event }));
  const back = decodeRecord(encodeBatch(envs).slice(9, -1));
  assert.deepStrictEqual(back, JSON.parse(JSON.stringify(envs)));
});

test('a batch with interleaved market events keeps its seqs', () => {
  const envs: Envelope[] = [
    { seq: 5, ts: 1, event: { type: 'user/command', data: { line: 'a', source: 'shell' } } },
    { seq: 7, ts: 1, event: { type: 'user/command', data: { line: 'b', source: 'shell' } } },
  ];
  const line = encodeBatch(envs);
  assert.match(line, /^[0-9a-f]{8} \[5,7,1,/);
  assert.deepStrictEqual(decodeRecord(line.slice(9, -1)), envs);
});
