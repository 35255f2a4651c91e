import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';
import { tmpDir } from '../helpers/tmp.js';

const o = { source: 'shell' as const, color: false };

test('watch adds, lists and removes markets; the watchlist outlives a restart; bad input changes nothing', async () => {
  const dataDir = tmpDir();
  let s = await createSession({ dataDir, tickMs: 0, seed: 3 });
  try {
    assert.match((await runLine(s, 'watch', o)).text, /watchlist is empty/);
    assert.match((await runLine(s, 'watch eth-usdt', o)).text, /ETH\/USDT added/);
    assert.match((await runLine(s, 'watch BTCUSDT', o)).text, /BTC\/USDT added/);
    assert.match((await runLine(s, 'watch ETH/USDT', o)).text, /already on the watchlist/);
    const bad = await runLine(s, 'watch NOPE/USDT', o);
    assert.equal(bad.ok, false);
    assert.match(bad.text, /unknown symbol NOPE\/USDT/);
    assert.equal((await runLine(s, 'watch a b', o)).ok, false);
    assert.deepEqual(s.watchlist(), ['ETH/USDT', 'BTC/USDT']);
  } finally {
    await s.close();
  }
  s = await createSession({ dataDir, tickMs: 0, seed: 3 });
  try {
    assert.deepEqual(s.watchlist(), ['ETH/USDT', 'BTC/USDT']);
    assert.match((await runLine(s, 'watch rm ETH/USDT', o)).text, /taken off/);
    const out = await runLine(s, 'watch', o);
    assert.equal(out.text, 'BTC/USDT');
    assert.deepEqual(out.json, { watchlist: ['BTC/USDT'] });
  } finally {
    await s.close();
  }
});
