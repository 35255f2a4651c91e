import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { keepPending, PENDING_FILE, takePending } from '../../../source/app/notify/notify-pending.js';
import { tmpDir } from '../../helpers/tmp.js';

test('kept notifications are taken once; a damaged file is set aside and logged, never fatal; nothing to keep writes nothing', () => {
  const dir = tmpDir();
  const logged: string[] = [];
  const log = (event: string): void => void logged.push(event);
  keepPending(dir, {}, log);
  assert.ok(!fs.existsSync(path.join(dir, PENDING_FILE)));
  const n = { kind: 'fills' as const, text: 'filled: order 1', silent: false, ts: 5 };
  keepPending(dir, { webhook: [n] }, log);
  assert.deepEqual(takePending(dir, log), { webhook: [n] });
  assert.deepEqual(takePending(dir, log), {}, 'taken once');
  fs.writeFileSync(path.join(dir, PENDING_FILE), '{"webhook": [{"kind": "fills", "te');
  assert.deepEqual(takePending(dir, log), {});
  assert.ok(fs.existsSync(path.join(dir, `${PENDING_FILE}.damaged`)));
  fs.writeFileSync(path.join(dir, PENDING_FILE), JSON.stringify({ webhook: [n, { kind: 'nonsense', text: 1 }] }));
  assert.deepEqual(takePending(dir, log), { webhook: [n] }, 'what is not a notification is left out');
  assert.deepEqual(logged, ['notify-pending-kept', 'notify-pending-damaged']);
});
