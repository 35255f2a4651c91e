import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { openLedger, LOG_FILE, SNAPSHOT_FILE } from '../../source/adapters/storage/ledger-files.js';
import { createStore } from '../../source/store/index.js';
import { mixedStream } from '../helpers/fixtures.js';

function tmp(): string {
  return tmpDir('atapi-replay-');
}

let now = 1_000;
const clock = () => ++now;

async function writeThrough(dir: string, n: number, batch: number, snapshotEvery?: number) {
  const ledger = openLedger(dir, { snapshotEvery });
  const store = createStore({ initial: ledger.state, log: ledger.log, clock });
  const events = mixedStream(n);
  for (let i = 0; i < events.length; i += batch) {
    store.dispatch(events.slice(i, i + batch));
    await store.whenDurable();
    ledger.maybeSnapshot(store.getState());
  }
  await store.close();
  return store.getState();
}

test('replay equivalence: the ledger rebuilt from disk equals the live fold', async () => {
  const dir = tmp();
  const live = await writeThrough(dir, 3_000, 37);
  const replayed = openLedger(dir);
  assert.deepEqual(replayed.state.ledger, live.ledger);
  assert.equal(replayed.state.ledgerSeq, live.ledgerSeq);
  assert.deepEqual(replayed.reports, []);
  await replayed.log.close();
});

test('snapshot + replay of the tail equals a full replay', async () => {
  const dir = tmp();
  const live = await writeThrough(dir, 3_000, 50, 400);
  assert.ok(fs.existsSync(path.join(dir, SNAPSHOT_FILE)), 'a snapshot was written');
  const withSnap = openLedger(dir);
  assert.ok(withSnap.replayed < 2_000, `only the tail is replayed (${withSnap.replayed})`);
  await withSnap.log.close();
  fs.rmSync(path.join(dir, SNAPSHOT_FILE));
  const full = openLedger(dir);
  assert.deepEqual(withSnap.state.ledger, full.state.ledger);
  assert.deepEqual(full.state.ledger, live.ledger);
  await full.log.close();
});

test('a damaged snapshot is ignored with a report, and the log still rebuilds everything', async () => {
  const dir = tmp();
  const live = await writeThrough(dir, 1_000, 50, 200);
  const snap = path.join(dir, SNAPSHOT_FILE);
  fs.writeFileSync(snap, fs.readFileSync(snap, 'utf8').replace('"orders"', '"ordxrs"'));
  const l = openLedger(dir);
  assert.match(l.reports[0], /snapshot .* damaged/);
  assert.deepEqual(l.state.ledger, live.ledger);
  await l.log.close();
});

test('appending after a restart continues the sequence', async () => {
  const dir = tmp();
  await writeThrough(dir, 500, 100);
  const first = openLedger(dir);
  const store = createStore({ initial: first.state, log: first.log, clock });
  const [env] = store.dispatch({ type: 'user/command', data: { line: 'balance', source: 'shell' } });
  assert.ok(env.seq > first.state.ledgerSeq);
  await store.close();
  const again = openLedger(dir);
  assert.equal(again.state.ledgerSeq, env.seq);
  assert.ok(fs.statSync(path.join(dir, LOG_FILE)).size > 0);
  await again.log.close();
});

test('snapshot, then a torn tail after it: the tail is cut and the rest kept', async () => {
  const dir = tmp();
  await writeThrough(dir, 1_000, 50, 300);
  // More records after the snapshot, the last of them torn.
  const more = openLedger(dir);
  const store = createStore({ initial: more.state, log: more.log, clock });
  for (let i = 0; i < 10; i++) store.dispatch({ type: 'user/command', data: { line: `tickers ${i}`, source: 'shell' } });
  await store.close();
  const file = path.join(dir, LOG_FILE);
  const size = fs.statSync(file).size;
  fs.truncateSync(file, size - 7);
  const l = openLedger(dir);
  assert.equal(l.reports.length, 1);
  assert.match(l.reports[0], /incomplete record/);
  assert.ok(l.replayed < 20, `a torn tail after a snapshot costs no full replay (${l.replayed})`);
  await l.log.close();
  fs.rmSync(path.join(dir, SNAPSHOT_FILE));
  const full = openLedger(dir);
  assert.deepEqual(full.reports, []);
  assert.deepEqual(full.state.ledger, l.state.ledger);
  await full.log.close();
});

test('a log shorter than its snapshot (replaced or cut) keeps the valid snapshot and says so', async () => {
  const dir = tmp();
  await writeThrough(dir, 1_000, 50, 300);
  const file = path.join(dir, LOG_FILE);
  const snap = path.join(dir, SNAPSHOT_FILE);
  const snapBytes = fs.readFileSync(snap);
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  fs.writeFileSync(file, lines.slice(0, 5).join('\n') + '\n');
  const l = openLedger(dir);
  assert.match(l.reports.join(' '), /snapshot covers seq (\d+) but the log ends at \d+: kept the snapshot/);
  const snapSeq = Number(/snapshot covers seq (\d+)/.exec(l.reports.join(' '))![1]);
  assert.equal(l.state.ledgerSeq, snapSeq, 'the state is the snapshot, not the shorter log');
  assert.deepEqual(fs.readFileSync(snap), snapBytes, 'the snapshot is not deleted or changed');
  await l.log.close();
});
