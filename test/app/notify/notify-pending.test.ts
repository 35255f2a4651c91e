import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { carriedOver, keepPending, PENDING_FILE, takePending } from '../../../source/app/notify/notify-pending.js';
import { tmpDir } from '../../helpers/tmp.js';

test('kept notifications are taken once; a damaged file is set aside and logged, never fatal; nothing to keep writes nothing', () => {
  const dir = tmpDir();
  const logged: string[] = [];
  const log = (event: string): void => void logged.push(event);
  keepPending(dir, { header: 'atapi SIM (paper)', channels: {} }, log);
  assert.ok(!fs.existsSync(path.join(dir, PENDING_FILE)));
  const n = { kind: 'fills' as const, text: 'filled: order 1', silent: false, ts: 5 };
  keepPending(dir, { header: 'atapi SIM (paper)', channels: { webhook: [n] } }, log);
  const taken = takePending(dir, log);
  assert.deepEqual(taken, { header: 'atapi SIM (paper)', channels: { webhook: [n] } });
  assert.equal(takePending(dir, log), undefined, 'taken once');
  assert.deepEqual(carriedOver(taken, 'atapi SIM (paper)'), { webhook: [n] });
  assert.deepEqual(carriedOver(taken, 'atapi BINANCE (live)'), { webhook: [{ ...n, text: '[atapi SIM (paper)] filled: order 1' }] }, 'a paper fill is not shown as a live one');
  fs.writeFileSync(path.join(dir, PENDING_FILE), '{"header": "x", "channels": {"webhook": [{"kind": "fills", "te');
  assert.equal(takePending(dir, log), undefined);
  assert.ok(fs.existsSync(path.join(dir, `${PENDING_FILE}.damaged`)));
  fs.writeFileSync(path.join(dir, PENDING_FILE), JSON.stringify({ header: 'h', channels: { webhook: [n, { kind: 'nonsense', text: 1 }] } }));
  assert.deepEqual(takePending(dir, log)?.channels, { webhook: [n] }, 'what is not a notification is left out');
  assert.deepEqual(logged, ['notify-pending-kept', 'notify-pending-damaged']);
});
