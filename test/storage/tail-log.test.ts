import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { LOG_FILE } from '../../source/adapters/storage/ledger-files.js';
import { encodeBatch, encodeRecord } from '../../source/adapters/storage/record-codec.js';
import { scanLog } from '../../source/adapters/storage/read-log.js';
import { tailLog } from '../../source/adapters/storage/tail-log.js';
import { readHistory } from '../../source/app/session/session-ledger.js';
import type { Envelope } from '../../source/domain/index.js';
import { mixedStream } from '../helpers/fixtures.js';

/** A log of batches of 1-5 events, some old one-envelope records among them, as the store writes it. */
function writeLog(dir: string, n: number): Envelope[] {
  const events = mixedStream(n).filter((e) => !e.type.startsWith('market/'));
  const envs: Envelope[] = events.map((event, i) => ({ seq: i + 1, ts: 1_000 + Math.floor(i / 3), event }));
  let text = '';
  let prev = 0;
  for (let i = 0; i < envs.length; ) {
    const size = 1 + (i % 5);
    const batch = envs.slice(i, i + size).filter((e, _, all) => e.ts === all[0].ts);
    text += i % 7 === 0 ? batch.map(encodeRecord).join('') : encodeBatch(batch, prev);
    prev = batch[batch.length - 1].seq;
    i += batch.length;
  }
  fs.writeFileSync(path.join(dir, LOG_FILE), text);
  return envs;
}

function fullScan(file: string, keep: (e: Envelope) => boolean): Envelope[] {
  const out: Envelope[] = [];
  scanLog(file, 0, (b) => out.push(...b.filter(keep)));
  return out;
}

test('the tail of the log, read backwards in small chunks, is exactly the end of the full scan, with and without a type filter', () => {
  const dir = tmpDir('atapi-tail-');
  writeLog(dir, 2_000);
  const file = path.join(dir, LOG_FILE);
  const filters: ((e: Envelope) => boolean)[] = [() => true, (e) => e.event.type.startsWith('order/'), (e) => e.event.type === 'order/filled', () => false];
  for (const keep of filters) {
    const all = fullScan(file, keep);
    for (const limit of [1, 7, 50, 333, 100_000]) {
      for (const chunk of [64, 1000, 256 * 1024]) assert.deepEqual(tailLog(file, keep, limit, undefined, chunk), all.slice(-limit), `limit ${limit}, chunk ${chunk}`);
    }
  }
});

test('a batch still being written (no newline yet) is not there; a damaged line sends the reader back to the full scan', () => {
  const dir = tmpDir('atapi-tail-');
  writeLog(dir, 300);
  const file = path.join(dir, LOG_FILE);
  const whole = fullScan(file, () => true);
  fs.appendFileSync(file, '0000abcd [99999,99999,5,[');
  assert.deepEqual(tailLog(file, () => true, 10, undefined, 100), whole.slice(-10));
  assert.deepEqual(readHistory({ ledgerDir: dir }, { limit: 10 }), whole.slice(-10));
  // A flipped byte in the middle: the tail cannot vouch for what it passes, so it declines.
  const bytes = fs.readFileSync(file);
  const at = bytes.indexOf(0x0a, Math.floor(bytes.length * 0.9)) - 5;
  bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
  fs.writeFileSync(file, bytes);
  assert.equal(tailLog(file, () => true, 1_000), undefined);
  assert.deepEqual(readHistory({ ledgerDir: dir }, { limit: 1_000 }), fullScan(file, () => true).slice(-1_000), 'history falls back to the full scan, which stops at the damage');
});

test('a missing log has no history', () => {
  assert.deepEqual(tailLog(path.join(tmpDir('atapi-tail-'), LOG_FILE), () => true, 5), []);
});
