import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CURSOR_FILE, openCursor } from '../../../source/app/notify/notify-cursor.js';
import { tmpDir } from '../../helpers/tmp.js';
import { FaultyFs } from '../../../sim/faulty-fs.js';

test('marks are kept per ledger (0600); a clean stop bound is read once; a damaged file reads as no marks, logged', () => {
  const dir = tmpDir();
  const logged: string[] = [];
  const log = (event: string): void => void logged.push(event);
  const a = openCursor(dir, 'sim', log);
  assert.deepEqual(a.start, { channels: {} });
  a.mark('telegram chat 1', 10);
  a.mark('webhook', 12);
  openCursor(dir, 'binance-live', log).mark('webhook', 3);
  a.stopped(15);
  assert.equal(fs.statSync(path.join(dir, CURSOR_FILE)).mode & 0o777, 0o600);
  assert.deepEqual(openCursor(dir, 'sim', log).start, { channels: { 'telegram chat 1': 10, webhook: 12 }, stoppedAt: 15 });
  // The bound was the last run's: this run may crash, and then everything after the marks is owed.
  assert.deepEqual(openCursor(dir, 'sim', log).start, { channels: { 'telegram chat 1': 10, webhook: 12 } });
  assert.deepEqual(openCursor(dir, 'binance-live', log).start, { channels: { webhook: 3 } }, 'another ledger keeps its own');
  fs.writeFileSync(path.join(dir, CURSOR_FILE), '{"ledgers": {"sim": {"chan');
  assert.deepEqual(openCursor(dir, 'sim', log).start, { channels: {} });
  fs.writeFileSync(path.join(dir, CURSOR_FILE), JSON.stringify({ ledgers: { sim: { channels: { a: 4, b: -1, c: 'x' } } } }));
  assert.deepEqual(openCursor(dir, 'sim', log).start, { channels: { a: 4 } }, 'what is not a seq is left out');
  assert.deepEqual(logged, ['notify-cursor-damaged']);
});

/** A cursor on a simulated disk (random 0: of what was never synced, a crash keeps nothing), with what it logged. */
function cursorOnDisk(): { disk: FaultyFs; logged: string[]; cursor: ReturnType<typeof openCursor> } {
  const disk = new FaultyFs({ random: () => 0 });
  disk.mkdir('/data');
  const logged: string[] = [];
  return { disk, logged, cursor: openCursor('/data', 'sim', (event) => void logged.push(event), disk) };
}

test('a mark is on disk once it returns: the machine losing power right after keeps it (written whole, synced, renamed)', () => {
  const { disk, logged, cursor } = cursorOnDisk();
  cursor.mark('webhook', 7);
  cursor.mark('webhook', 9);
  const after = disk.crash();
  assert.deepEqual(openCursor('/data', 'sim', () => undefined, after).start, { channels: { webhook: 9 } });
  assert.deepEqual(after.list('/data'), [CURSOR_FILE], 'no temp file left behind');
  assert.deepEqual(logged, []);
});

test('a mark the disk refuses is logged and the old one stays (a repeat, never a loss); a mark after a clean stop keeps its bound', () => {
  const { disk, logged, cursor } = cursorOnDisk();
  cursor.mark('webhook', 4);
  disk.diskFullAfter(3);
  cursor.mark('webhook', 6);
  assert.deepEqual(logged, ['notify-cursor-unwritable']);
  disk.freeSpace();
  assert.deepEqual(openCursor('/data', 'sim', () => undefined, disk).start, { channels: { webhook: 4 } });
  assert.deepEqual(new Set(disk.list('/data')), new Set([CURSOR_FILE]), 'the half-written temp file is removed');
  cursor.stopped(8);
  // A mark that waited for the log to be on disk lands after the stop: the stop's bound stays.
  cursor.mark('webhook', 8);
  assert.deepEqual(openCursor('/data', 'sim', () => undefined, disk).start, { channels: { webhook: 8 }, stoppedAt: 8 });
});

test("a start whose first write fails (a full disk) leaves the last clean stop's bound in the file: behind until a retry takes, logged once", () => {
  const { disk, cursor } = cursorOnDisk();
  cursor.mark('webhook', 4);
  cursor.stopped(10);
  disk.diskFullAfter(0);
  const logged: string[] = [];
  const next = openCursor('/data', 'sim', (event) => void logged.push(event), disk);
  assert.deepEqual(next.start, { channels: { webhook: 4 }, stoppedAt: 10 });
  // Left so, a crash now and the start after it would take this run's own records for a shell's.
  assert.equal(next.behind(), true);
  next.retry();
  next.retry();
  assert.deepEqual(logged, ['notify-cursor-unwritable'], 'once per failing spell');
  disk.freeSpace();
  next.retry();
  assert.equal(next.behind(), false);
  assert.deepEqual(logged, ['notify-cursor-unwritable', 'notify-cursor-written']);
  assert.deepEqual(openCursor('/data', 'sim', () => undefined, disk.crash()).start, { channels: { webhook: 4 } }, 'the bound is gone, on disk');
});
