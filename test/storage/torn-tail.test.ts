import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { openLedger, LOG_FILE } from '../../source/adapters/storage/ledger-files.js';
import { applyEvents, createStore, initialState } from '../../source/store/index.js';
import type { Envelope } from '../../source/domain/index.js';
import { mixedStream } from '../helpers/fixtures.js';

/**
 * Truncates the log at every byte offset inside its last records (a power cut mid-write) and
 * checks each start recovers exactly the records that were complete, reports the cut in one
 * line, and can append again.
 */
test('torn tail: every truncation point of the last records recovers a prefix and reports it', async () => {
  const dir = tmpDir('atapi-torn-');
  let t = 0;
  const ledger = openLedger(dir);
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  const envs: Envelope[] = [];
  for (const e of mixedStream(400)) envs.push(...store.dispatch([e]).filter((x) => !x.event.type.startsWith('market/')));
  await store.close();
  const file = path.join(dir, LOG_FILE);
  const full = fs.readFileSync(file);
  // Offsets where each record ends, to know which prefix should survive.
  const ends: number[] = [];
  for (let i = 0; i < full.length; i++) if (full[i] === 10) ends.push(i + 1);
  assert.equal(ends.length, envs.length);
  const lastRecords = 4;
  const from = ends[ends.length - lastRecords - 1];
  const work = tmpDir('atapi-torn-work-');
  const wfile = path.join(work, LOG_FILE);
  let checked = 0;
  for (let cut = from; cut <= full.length; cut++) {
    fs.writeFileSync(wfile, full.subarray(0, cut));
    const kept = ends.filter((e) => e <= cut).length;
    const l = openLedger(work);
    const expected = applyEvents(initialState(), envs.slice(0, kept));
    assert.deepEqual(l.state.ledger, expected.ledger, `cut at ${cut}`);
    if (ends.includes(cut)) assert.deepEqual(l.reports, [], `clean end at ${cut} reports nothing`);
    else {
      assert.equal(l.reports.length, 1, `cut at ${cut} is reported`);
      assert.match(l.reports[0], new RegExp(`kept ${kept} records`));
      assert.equal(fs.statSync(wfile).size, ends[kept - 1], 'the damaged tail is cut off');
    }
    await l.log.close();
    for (const f of fs.readdirSync(work)) if (f.includes('damaged')) fs.rmSync(path.join(work, f));
    checked++;
  }
  assert.ok(checked > 100, `checked ${checked} offsets`);
});

test('a corrupt byte in the middle is not a torn tail: opening stops, names the offset and the choices, and changes nothing', async () => {
  const dir = tmpDir('atapi-corrupt-');
  let t = 0;
  const ledger = openLedger(dir);
  const store = createStore({ initial: ledger.state, log: ledger.log, clock: () => ++t });
  for (const e of mixedStream(200)) store.dispatch([e]);
  await store.close();
  const file = path.join(dir, LOG_FILE);
  const buf = fs.readFileSync(file);
  const mid = Math.floor(buf.length / 2);
  buf[mid] = buf[mid] === 0x41 ? 0x42 : 0x41;
  fs.writeFileSync(file, buf);
  const recordStart = buf.lastIndexOf(10, mid) + 1;
  const before = fs.readdirSync(dir).sort();
  assert.throws(
    () => openLedger(dir),
    (err: Error) => {
      assert.equal(err.name, 'UserError');
      assert.ok(!err.message.includes('\n'), 'one line');
      assert.match(err.message, new RegExp(`event log ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged at byte ${recordStart} `));
      assert.match(err.message, /good records follow/);
      assert.match(err.message, /atapi ledger repair/);
      assert.match(err.message, /move the file aside/);
      return true;
    },
  );
  assert.deepEqual(fs.readFileSync(file), buf, 'the log is not cut');
  assert.deepEqual(fs.readdirSync(dir).sort(), before, 'no file is made or removed');
});
