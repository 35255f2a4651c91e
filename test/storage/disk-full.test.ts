import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { openLedger, LOG_FILE } from '../../source/adapters/storage/ledger-files.js';
import { createSession } from '../../source/app/session/session.js';
import type { Order } from '../../source/domain/index.js';
import { OrderEntry } from '../../source/engine/order-entry.js';
import { DEFAULT_LIMITS } from '../../source/engine/risk.js';
import { runRepl } from '../../source/shell/repl.js';
import { createStore, LogWriteError, type LedgerState } from '../../source/store/index.js';
import { FaultyFs } from '../../sim/faulty-fs.js';
import { withBtcMarket } from '../helpers/entry-store.js';

const DIR = '/data/ledgers/sim';
const LOG = `${DIR}/${LOG_FILE}`;

function disk(): FaultyFs {
  return new FaultyFs({ random: () => 0.5 });
}

test('disk full while appending: a clear error, the partial bytes cut back, and the log works again once space is free', async () => {
  let d = disk();
  let t = 0;
  const ledger = openLedger(DIR, { fs: d });
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  store.dispatch({ type: 'user/command', data: { line: 'first', source: 'shell' } });
  await store.whenDurable();
  const clean = d.contents(LOG)!;
  d.diskFullAfter(7);
  store.dispatch({ type: 'user/command', data: { line: 'second, acknowledged by nobody yet', source: 'shell' } });
  await assert.rejects(store.whenDurable(), (err: Error) => {
    assert.ok(err instanceof LogWriteError);
    assert.equal(err.name, 'UserError');
    assert.match(err.message, /^disk full: cannot write the event log .*events\.log; free some space/);
    return true;
  });
  assert.deepEqual(d.contents(LOG), clean, 'the 7 bytes the full disk took are cut back off');
  // Still full: another try fails the same way and leaves the file clean.
  await assert.rejects(store.whenDurable(), LogWriteError);
  assert.deepEqual(d.contents(LOG), clean);
  d.freeSpace();
  store.dispatch({ type: 'user/command', data: { line: 'third', source: 'shell' } });
  await store.whenDurable();
  d = d.crash();
  const again = openLedger(DIR, { fs: d });
  assert.deepEqual(again.reports, []);
  assert.equal(again.state.ledger.commandCount, 3, 'the queued batch was written once space came back, nothing lost');
  await again.log.close();
});

test('disk full: the order is not sent to the venue, and the answer says so', async () => {
  const d = disk();
  let t = 1_000;
  const ledger = openLedger(DIR, { fs: d });
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  await withBtcMarket(store);
  const sent: Order[] = [];
  const venue = {
    venue: 'sim', label: 'SIM',
    start: async (_sink: unknown, _ledger: LedgerState) => undefined,
    stop: async () => undefined,
    submit: async (o: Order) => void sent.push(o),
    cancel: async () => undefined,
  };
  const entry = new OrderEntry(store, venue, () => DEFAULT_LIMITS, () => ++t, 'at');
  d.diskFullAfter(0);
  const r = await entry.place({ venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.1 });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.error : '', /^disk full: order not sent; cannot write the event log /);
  assert.equal(sent.length, 0, 'the venue never heard of it');
  d.freeSpace();
  const ok = await entry.place({ venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.1 });
  assert.equal(ok.ok, true, 'orders work again once there is space');
  assert.equal(sent.length, 1);
  await store.close();
  const again = openLedger(DIR, { fs: d.crash() });
  const orders = Object.values(again.state.ledger.orders);
  assert.equal(orders.find((o) => o.id === '1')?.status, 'rejected', 'the unsent order is recorded as not sent');
  assert.match(orders.find((o) => o.id === '1')?.reason ?? '', /disk full: order not sent/);
  await again.log.close();
});

test('a restart while the disk is still full cuts a torn tail without leaving an empty .damaged file', async () => {
  let d = disk();
  const ledger = openLedger(DIR, { fs: d });
  let t = 0;
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  store.dispatch({ type: 'user/command', data: { line: 'kept', source: 'shell' } });
  await store.whenDurable();
  await store.close();
  d.put(LOG, Buffer.concat([d.contents(LOG)!, Buffer.from('0badf00d [2,2,5,[{"type":"user/comm')]));
  d.diskFullAfter(0);
  const l = openLedger(DIR, { fs: d });
  assert.equal(l.state.ledger.commandCount, 1);
  assert.equal(l.reports.length, 1);
  assert.match(l.reports[0], /cut \d+ bytes .* could not be kept \(ENOSPC\)/);
  assert.deepEqual(d.list(DIR).filter((f) => f.includes('damaged')), [], 'no empty .damaged file');
  await l.log.close();
  d = d.crash();
  assert.deepEqual(openLedger(DIR, { fs: d }).reports, [], 'the tail is gone for good');
});

test('the shell reports "disk full: order not sent" and keeps reading the rest of its input', async () => {
  const d = disk();
  let t = 1_700_000_000_000;
  const session = await createSession({ dataDir: '/data', fs: d, seed: 3, tickMs: 0, clock: () => (t += 10), venueConfig: { stateDir: undefined } });
  d.diskFullAfter(0);
  const input = new PassThrough();
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let err = '';
  output.on('data', (c: Buffer) => (out += c.toString()));
  errors.on('data', (c: Buffer) => (err += c.toString()));
  input.end('buy BTC/USDT 0.001\nbalance\n');
  const code = await runRepl(session, { input, output, errors, interactive: false, color: false, json: false });
  assert.equal(code, 1, 'a script hears that a command failed');
  assert.match(err, /^error: \[PAPER · SIM\] buy rejected: disk full: order not sent; cannot write the event log /);
  assert.ok(!/internal error/.test(err + out));
  assert.match(out, /USDT/, 'the next line (balance) still ran');
  d.freeSpace();
  await session.close();
});

test('a snapshot that does not fit is skipped, leaves no tmp file, and keeps the old snapshot', async () => {
  const d = disk();
  const ledger = openLedger(DIR, { fs: d, snapshotEvery: 1 });
  let t = 0;
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  store.dispatch({ type: 'user/command', data: { line: 'one', source: 'shell' } });
  await store.whenDurable();
  assert.equal(ledger.maybeSnapshot(store.getState()), true);
  const snap = d.contents(`${DIR}/snapshot.json`);
  store.dispatch({ type: 'user/command', data: { line: 'two', source: 'shell' } });
  await store.whenDurable();
  d.diskFullAfter(10);
  assert.equal(ledger.maybeSnapshot(store.getState()), false);
  assert.deepEqual(d.contents(`${DIR}/snapshot.json`), snap);
  assert.deepEqual(d.list(DIR).filter((f) => f.endsWith('.tmp')), []);
  d.freeSpace();
  await store.close();
});

test('a failed fdatasync (EIO) is a clear error; the retry writes the batch once, not twice', async () => {
  let d = disk();
  const ledger = openLedger(DIR, { fs: d });
  let t = 0;
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  store.dispatch({ type: 'user/command', data: { line: 'one', source: 'shell' } });
  await store.whenDurable();
  d.failSyncs(1);
  store.dispatch({ type: 'user/command', data: { line: 'two', source: 'shell' } });
  await assert.rejects(store.whenDurable(), (err: Error) => err instanceof LogWriteError && /^disk error: cannot write the event log .* \(EIO\)$/.test(err.message));
  await store.whenDurable();
  d = d.crash();
  const again = openLedger(DIR, { fs: d });
  assert.deepEqual(again.reports, []);
  assert.equal(again.state.ledger.commandCount, 2, 'the batch is in the log exactly once');
  await again.log.close();
});
