import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { openLedger, LOG_FILE, SNAPSHOT_FILE } from '../../source/adapters/storage/ledger-files.js';
import { repairLedger } from '../../source/adapters/storage/repair-log.js';
import { ledgerCommand } from '../../source/cli/ledger-command.js';
import type { DomainEvent, Envelope } from '../../source/domain/index.js';
import { applyEvents, createStore, initialState } from '../../source/store/index.js';
import { fill, order } from '../helpers/fixtures.js';

/** n orders, each submitted then filled in a second dispatch: 2n records in the log. */
async function fills(dir: string, n: number, from = 1, snapshotAt?: number): Promise<Envelope[][]> {
  const ledger = openLedger(dir);
  let t = 0;
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  const batches: Envelope[][] = [];
  for (let id = from; id < from + n; id++) {
    const { price: _limit, ...o } = order(String(id), { type: 'market', qty: 1 });
    batches.push([...store.dispatch({ type: 'order/submitted', data: { order: o } })]);
    const answer: DomainEvent[] = [
      { type: 'order/filled', data: { fill: fill(o.id, 1, 100, { tradeId: `t${id}` }) } },
      { type: 'account/balances', data: { venue: 'sim', balances: { BTC: { free: id, locked: 0 } }, full: false } },
    ];
    batches.push([...store.dispatch(answer)]);
    await store.whenDurable();
    if (id === snapshotAt) assert.ok(ledger.maybeSnapshot(store.getState(), true));
  }
  await store.close();
  return batches;
}

function lineStarts(buf: Buffer): number[] {
  const starts = [0];
  for (let i = 0; i < buf.length - 1; i++) if (buf[i] === 10) starts.push(i + 1);
  return starts;
}

test('repair keeps every record that checks out and reports exactly the bytes and seqs it lost', async () => {
  const dir = tmpDir('atapi-repair-');
  const batches = await fills(dir, 20);
  const file = path.join(dir, LOG_FILE);
  const original = fs.readFileSync(file);
  const starts = lineStarts(original);
  const hit = 15; // the 16th record: order 8's fill
  const damaged = Buffer.from(original);
  damaged[starts[hit] + 30] ^= 0x01;
  fs.writeFileSync(file, damaged);
  assert.throws(() => openLedger(dir), /is damaged at byte \d+ .*atapi ledger repair --ledger /);

  const report = repairLedger(dir);
  assert.equal(report.changed, true);
  assert.deepEqual(fs.readFileSync(report.backup!), damaged, 'the original is backed up byte for byte');
  assert.equal(report.keptRecords, 39);
  assert.deepEqual(report.lost, [{ offset: starts[hit], bytes: starts[hit + 1] - starts[hit], reason: 'checksum mismatch or unreadable record', afterSeq: batches[hit - 1].at(-1)!.seq, beforeSeq: batches[hit + 1][0].seq }]);
  assert.deepEqual(report.skipped, []);

  const l = openLedger(dir);
  // The repair's note (a `ledger/repaired` event at the log's end) warns until acknowledged.
  assert.equal(l.reports.length, 1);
  assert.match(l.reports[0], /^warning: the ledger repair of .* could not keep everything: .*atapi ledger ack --ledger /);
  const expected = batches.filter((_, i) => i !== hit).reduce((s, b) => applyEvents(s, b), initialState());
  const { repairWarning, ...keptLedger } = l.state.ledger;
  assert.ok(repairWarning);
  assert.deepEqual(keptLedger, expected.ledger, 'every other record is there');
  await l.log.close();
  assert.equal(repairLedger(dir).changed, false, 'a sound log is left alone');
});

test('repair finds the next record when the damage hit a line end and merged two records', async () => {
  const dir = tmpDir('atapi-repair-nl-');
  const batches = await fills(dir, 5);
  const file = path.join(dir, LOG_FILE);
  const buf = fs.readFileSync(file);
  const starts = lineStarts(buf);
  buf[starts[4] - 1] = 0x20; // record 3's newline is gone: records 3 and 4 share a line
  fs.writeFileSync(file, buf);
  const report = repairLedger(dir);
  assert.equal(report.keptRecords, 9, 'only the record whose newline was hit is lost');
  assert.equal(report.lost.length, 1);
  assert.equal(report.lost[0].offset, starts[3]);
  const l = openLedger(dir);
  const { repairWarning, ...keptLedger } = l.state.ledger;
  assert.deepEqual(keptLedger, batches.filter((_, i) => i !== 3).reduce((s, b) => applyEvents(s, b), initialState()).ledger);
  // The lost record was order 2's fill: the warning names it, and the balances it touched.
  assert.ok(repairWarning?.lines.some((x) => /^fill t2 of order 2: buy 1 BTC\/USDT @ 100/.test(x)), JSON.stringify(repairWarning));
  assert.ok(repairWarning?.lines.some((x) => /cannot vouch for.*sim BTC, sim USDT/.test(x)));
  await l.log.close();
});

/**
 * Defect 5 as found: one damaged record in the middle dropped everything after it, then a
 * torn tail threw the valid snapshot away too (fills 68 -> 32). Now opening stops with the
 * choices, the snapshot stays, and repair loses only the damaged record.
 */
test('damage in the middle, then a torn tail: no acknowledged fill and no snapshot is thrown away', async () => {
  const dir = tmpDir('atapi-repair-snap-');
  await fills(dir, 40, 1, 34);
  const snapFile = path.join(dir, SNAPSHOT_FILE);
  const snap = fs.readFileSync(snapFile);
  await fills(dir, 34, 41);
  const file = path.join(dir, LOG_FILE);
  const buf = fs.readFileSync(file);
  const starts = lineStarts(buf);
  buf[starts[100] + 20] ^= 0x04; // after the snapshot
  fs.writeFileSync(file, buf.subarray(0, buf.length - 9)); // and a torn tail
  const before = fs.readdirSync(dir).sort();
  assert.throws(() => openLedger(dir), (e: Error) => e.name === 'UserError' && /damaged at byte/.test(e.message));
  assert.deepEqual(fs.readdirSync(dir).sort(), before, 'nothing made, cut or removed');
  assert.deepEqual(fs.readFileSync(snapFile), snap);

  const report = repairLedger(dir);
  assert.equal(report.lost.length, 2, 'the damaged record and the torn tail');
  assert.equal(report.snapshotSeq !== undefined, true);
  const l = openLedger(dir);
  assert.deepEqual(fs.readFileSync(snapFile), snap, 'the snapshot is still there');
  // 74 fills were written; the damaged record (an order submission) and the torn last fill are lost.
  assert.equal(l.state.ledger.fillCount, 73);
  await l.log.close();
});

test('atapi ledger repair: --help, --json, and a clear error for a missing ledger', async () => {
  const dataDir = tmpDir('atapi-repair-cli-');
  const dir = path.join(dataDir, 'ledgers', 'sim');
  await fills(dir, 3);
  const file = path.join(dir, LOG_FILE);
  const buf = fs.readFileSync(file);
  buf[lineStarts(buf)[2] + 12] ^= 0x02;
  fs.writeFileSync(file, buf);
  const run = async (...argv: string[]) => {
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    const code = await ledgerCommand(argv, { stdout, stderr: new PassThrough(), env: {}, dataDir, color: false, interactive: false });
    return { code, out };
  };
  assert.match((await run('--help')).out, /usage: atapi ledger repair/);
  const r = await run('repair', '--json');
  assert.equal(r.code, 0);
  const report = JSON.parse(r.out) as { changed: boolean; lost: unknown[]; backup: string };
  assert.equal(report.changed, true);
  assert.equal(report.lost.length, 1);
  const again = await run('repair');
  // 5 records kept, and the repair's own `ledger/repaired` note after them.
  assert.match(again.out, /checks out: 6 records .*nothing changed/);
  await assert.rejects(run('repair', '--exchange', 'binance'), /no ledger at .*binance/);
  await assert.rejects(run('repair', '--ledger', '../../etc'), /bad ledger name/);
  await assert.rejects(run('fix'), /unknown ledger action "fix"/);
});
