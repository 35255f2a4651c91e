import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { openLedger, LOG_FILE, SNAPSHOT_FILE } from '../../source/adapters/storage/ledger-files.js';
import { scanLog } from '../../source/adapters/storage/read-log.js';
import { createReplay, initialState } from '../../source/store/index.js';
import { tmpDir } from '../helpers/tmp.js';

/** A snapshot and a log written by an earlier build (see the fixture's README). */
const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ledger-before-replay-map');
const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8')) as { ledgerSeq: number; ledger: unknown };

/**
 * The fixture in a directory of its own (opening may cut or write files). The log is kept as
 * `events.log.txt`: the repository ignores `*.log`.
 */
function copy(files: readonly string[]): string {
  const dir = tmpDir('atapi-old-ledger-');
  for (const f of files) fs.copyFileSync(path.join(fixture, f === LOG_FILE ? `${LOG_FILE}.txt` : f), path.join(dir, f));
  return dir;
}

/** As JSON has it: the fixture's expectation went through JSON. */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

test('an old snapshot and the log after it open to the ledger the old build folded live', async () => {
  const dir = copy([LOG_FILE, SNAPSHOT_FILE]);
  const opened = openLedger(dir);
  assert.deepEqual(opened.reports, []);
  assert.ok(opened.replayed > 0 && opened.replayed < 900, `the tail after the snapshot is replayed (${opened.replayed})`);
  assert.equal(opened.state.ledgerSeq, expected.ledgerSeq);
  assert.deepEqual(asJson(opened.state.ledger), expected.ledger);
  await opened.log.close();
});

test('the old log alone replays to the same ledger, on either thread count and fold path', async () => {
  const dir = copy([LOG_FILE]);
  const opened = openLedger(dir);
  assert.deepEqual(asJson(opened.state.ledger), expected.ledger);
  await opened.log.close();
  // The general fold only (no fast path), and the fast path read on a second core.
  const general = createReplay(initialState(), { ownsEvents: true });
  scanLog(path.join(dir, LOG_FILE), 0, (batch) => general.add(batch));
  assert.deepEqual(asJson(general.finish().ledger), expected.ledger);
  const two = createReplay(initialState(), { ownsEvents: true });
  const scan = scanLog(path.join(dir, LOG_FILE), 0, (batch) => two.add(batch), { replay: two, threads: 2, chunkBytes: 4096 });
  assert.ok((scan.workerBytes ?? 0) > 0, 'the worker read it');
  assert.deepEqual(asJson(two.finish().ledger), expected.ledger);
});
