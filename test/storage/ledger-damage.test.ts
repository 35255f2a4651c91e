import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { openLedger, LOG_FILE } from '../../source/adapters/storage/ledger-files.js';
import { scanLog } from '../../source/adapters/storage/read-log.js';
import { acknowledgeRepair, describeRepair, repairLedger } from '../../source/adapters/storage/repair-log.js';
import { UserError, type DomainEvent } from '../../source/domain/index.js';
import { createReplay, createStore, initialState } from '../../source/store/index.js';
import { FaultyFs } from '../../sim/faulty-fs.js';
import { fill, order } from '../helpers/fixtures.js';
import { tmpDir } from '../helpers/tmp.js';

/** n orders, each submitted, then filled with its balances in a second dispatch: 2n records. */
async function trades(dir: string, n: number): Promise<void> {
  const ledger = openLedger(dir);
  let t = 0;
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  for (let id = 1; id <= n; id++) {
    store.dispatch({ type: 'order/submitted', data: { order: order(String(id), { type: 'market', qty: 0.5, symbol: 'SOL/USDT' }) } });
    // Market data between records: seqs in the log have gaps, which are not damage.
    store.dispatch({ type: 'market/connection', data: { venue: 'sim', state: 'connected' } });
    const answer: DomainEvent[] = [
      { type: 'order/filled', data: { fill: fill(String(id), 0.5, 20, { tradeId: `t${id}`, symbol: 'SOL/USDT' }) } },
      { type: 'account/balances', data: { venue: 'sim', balances: { SOL: { free: id / 2, locked: 0 } }, full: false } },
    ];
    store.dispatch(answer);
    await store.whenDurable();
  }
  await store.close();
}

function lines(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split(/(?<=\n)/);
}

const damagedError = (what: RegExp) => (e: unknown): boolean => e instanceof UserError && /is damaged at byte \d+ \(seq \d+: /.test(e.message) && what.test(e.message) && /atapi ledger repair/.test(e.message);

test('a checksummed record that cannot be folded stops the open with file, byte and seq; repair sets it aside; ack ends the warning', async () => {
  const dir = tmpDir('atapi-unfoldable-');
  await trades(dir, 3);
  const file = path.join(dir, LOG_FILE);
  const before = fs.readFileSync(file);
  // What an older atapi let through: a fill with no fill in it, with a valid checksum.
  const json = `[100,100,5,[{"type":"order/filled","data":{}}]]`;
  fs.appendFileSync(file, `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`);
  assert.throws(() => openLedger(dir), (e: unknown) => damagedError(/seq 100: record cannot be folded: event "order\/filled": data\.fill must be an object\) in a complete record/)(e) && (e as Error).message.includes(file) && (e as Error).message.includes(`at byte ${before.length} `));
  // The same through the general decoder alone (no fast path), and nothing was changed.
  const plain = scanLog(file, 0, () => undefined);
  assert.equal(plain.damage?.offset, before.length);
  assert.equal(plain.damage?.torn, false);
  assert.equal(fs.readFileSync(file).length, before.length + json.length + 10);

  const report = repairLedger(dir, { now: () => 1_000 });
  assert.equal(report.setAside.length, 1);
  assert.equal(fs.readFileSync(`${file}.set-aside`, 'utf8'), `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`, 'kept beside the log, byte for byte');
  assert.ok(describeRepair(report).some((l) => /^set aside: record at byte \d+ with seq 100/.test(l)));
  const l = openLedger(dir);
  assert.equal(l.state.ledger.fillCount, 3, 'every good record kept');
  assert.match(l.reports.join('\n'), /^warning: the ledger repair of .*atapi ledger ack/);
  await l.log.close();

  assert.match(await acknowledgeRepair(dir, { now: () => 2_000 }), /^acknowledged/);
  const acked = openLedger(dir);
  assert.deepEqual(acked.reports, []);
  assert.equal(acked.state.ledger.repairWarning, undefined);
  await acked.log.close();
  assert.match(await acknowledgeRepair(dir), /^nothing to acknowledge/);
});

test('a flipped byte in the last complete record is damage, not a torn tail: nothing is cut', async () => {
  const dir = tmpDir('atapi-last-flip-');
  await trades(dir, 2);
  const file = path.join(dir, LOG_FILE);
  const buf = fs.readFileSync(file);
  buf[buf.length - 5] ^= 0x01; // inside the last record, before its newline
  fs.writeFileSync(file, buf);
  assert.throws(() => openLedger(dir), damagedError(/checksum mismatch\) in a complete record, so this is not a torn tail/));
  assert.deepEqual(fs.readFileSync(file), buf, 'the acknowledged batch is still on disk');
  assert.ok(!fs.readdirSync(dir).some((f) => f.includes('.damaged-')));
  // An incomplete last line is still a torn tail, cut on open.
  fs.writeFileSync(file, buf.subarray(0, buf.lastIndexOf(10, buf.length - 2) + 20));
  const l = openLedger(dir);
  assert.match(l.reports.join('\n'), /batch that was never completed/);
  await l.log.close();
});

test('a record deleted from the middle breaks the sequence chain: both read paths stop there; repair names the gap', async () => {
  const dir = tmpDir('atapi-chain-');
  await trades(dir, 4);
  const file = path.join(dir, LOG_FILE);
  const all = lines(file);
  assert.ok(all.every((x) => /,\d+\]\n$/.test(x)), 'every record carries its prev');
  const cut = [...all.slice(0, 3), ...all.slice(4)]; // order 2's fill and balances are gone
  fs.writeFileSync(file, cut.join(''));
  const at = Buffer.byteLength(cut.slice(0, 3).join(''));
  for (const threads of [1, 2] as const) {
    const replay = createReplay(initialState(), { ownsEvents: true });
    const scan = scanLog(file, 0, (b) => replay.add(b), { replay, threads, chunkBytes: 64 });
    assert.equal(scan.damage?.offset, at, `threads ${threads}`);
    assert.match(scan.damage!.reason, /sequence chain broken: .* \(records are missing\)/);
    assert.equal(scan.damage!.goodAfter, 3);
  }
  assert.throws(() => openLedger(dir), damagedError(/sequence chain broken/));

  const report = repairLedger(dir);
  assert.equal(report.missing.length, 1);
  assert.ok(describeRepair(report).some((l) => /^missing: records after seq \d+ up to seq \d+ are gone/.test(l)));
  const l = openLedger(dir);
  assert.equal(l.state.ledger.fillCount, 3);
  assert.match(l.reports[0], /could not be read at all/);
  await l.log.close();
  assert.equal(repairLedger(dir).changed, false, 'the chain is whole again');
});

test('a repair that loses a fill says which fill, and which balances it cannot vouch for', async () => {
  const dir = tmpDir('atapi-lost-fill-');
  await trades(dir, 3);
  const file = path.join(dir, LOG_FILE);
  const all = lines(file);
  // Order 2's fill record: change its fee digit so the JSON still reads but the checksum fails.
  const i = all.findIndex((x) => x.includes('"t2"'));
  all[i] = all[i].replace('"t2"', '"t9"');
  fs.writeFileSync(file, all.join(''));
  assert.throws(() => openLedger(dir), damagedError(/checksum mismatch/));
  const report = repairLedger(dir);
  assert.ok(report.costs.some((c) => /^fill t9 of order 2: buy 0\.5 SOL\/USDT @ 20, fee 0\.01 USDT: lost/.test(c)), report.costs.join('\n'));
  assert.ok(report.costs.some((c) => /^balances of sim \(SOL\): lost/.test(c)));
  assert.ok(report.costs.some((c) => /cannot vouch for .*sim SOL, sim USDT/.test(c)));
  const l = openLedger(dir);
  assert.ok(l.state.ledger.repairWarning?.lines.some((x) => x.startsWith('fill t9 of order 2')));
  await l.log.close();
});

test('a directory where the snapshot or the log should be: one line naming it, never an internal error', async () => {
  const dir = tmpDir('atapi-dir-in-way-');
  await trades(dir, 1);
  fs.mkdirSync(path.join(dir, 'snapshot.json'));
  const l = openLedger(dir);
  assert.deepEqual(l.reports, [`snapshot ${path.join(dir, 'snapshot.json')} is a directory, not a file; replaying the whole log (move it aside so snapshots can be saved again)`]);
  assert.equal(l.state.ledger.fillCount, 1);
  assert.equal(l.maybeSnapshot(l.state, true), false, 'a snapshot that cannot be saved is skipped');
  await l.log.close();

  const other = tmpDir('atapi-log-dir-');
  fs.mkdirSync(path.join(other, LOG_FILE));
  assert.throws(() => openLedger(other), (e: unknown) => e instanceof UserError && e.message === `cannot use the ledger file ${path.join(other, LOG_FILE)}: it is a directory, not a file; move it aside or fix its permissions, then try again`);
});

test('a full disk: the ledger still opens and reads (a torn tail is cut without a side file), and takes writes again once there is room', async () => {
  const disk = new FaultyFs({ random: () => 0.5 });
  const dir = '/data/ledgers/sim';
  const first = openLedger(dir, { fs: disk });
  let t = 0;
  const store = createStore({ initial: first.state, log: first.log, clock: () => ++t });
  store.dispatch({ type: 'order/submitted', data: { order: order('1') } });
  await store.whenDurable();
  await store.close();
  const file = `${dir}/${LOG_FILE}`;
  const fd = disk.openAppend(file);
  await disk.write(fd, Buffer.from('0000'), 0, 4); // a torn tail
  disk.close(fd);
  disk.diskFullAfter(0);
  const full = openLedger(dir, { fs: disk });
  assert.equal(full.state.ledger.orderCount, 1);
  assert.match(full.reports.join('\n'), /batch that was never completed.*could not be kept \(ENOSPC\)/);
  const s2 = createStore({ initial: full.state, log: full.log, clock: () => ++t });
  s2.dispatch({ type: 'user/command', data: { line: 'buy', source: 'cli' } });
  await assert.rejects(s2.whenDurable(), /disk full/);
  disk.freeSpace();
  await s2.whenDurable();
  await s2.close();
  assert.equal(openLedger(dir, { fs: disk }).state.ledger.commandCount, 1);
});
