import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CURSOR_FILE, openCursor } from '../../../source/app/notify/notify-cursor.js';
import { tmpDir } from '../../helpers/tmp.js';

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
