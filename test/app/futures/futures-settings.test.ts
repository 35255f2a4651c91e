import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { SettingsFile } from '../../../source/adapters/settings/settings-file.js';
import { openSession } from '../../../source/app/session/open-session.js';
import { tmpDir } from '../../helpers/tmp.js';

const PERP = 'BTC/USDT:USDT';

function io(): { env: NodeJS.ProcessEnv; stderr: PassThrough; text: () => string } {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (d: Buffer) => (text += d.toString()));
  return { env: {}, stderr, text: () => text };
}

test('futures.defaultLeverage and futures.positionMode apply when the factory opens a futures venue, once per symbol', async () => {
  const dataDir = tmpDir();
  const settings = new SettingsFile(dataDir);
  settings.set('futures.defaultLeverage', '2');
  settings.set('futures.positionMode', 'hedge');
  const a = await openSession({ exchange: 'sim', dataDir, seed: 3, futures: true }, io(), { tickMs: 0 });
  try {
    assert.equal(a.futures.account().positionMode, 'hedge');
    assert.deepEqual(a.futures.symbolSettings(PERP), { leverage: 2, marginMode: 'cross' });
    assert.deepEqual(a.futures.symbolSettings('ETH/USDT:USDT'), { leverage: 2, marginMode: 'cross' });
    // A trader's own choice for a symbol stands.
    await a.futures.setLeverage(PERP, 1);
  } finally {
    await a.close();
  }
  const b = await openSession({ exchange: 'sim', dataDir, seed: 3, futures: true }, io(), { tickMs: 0 });
  try {
    assert.deepEqual(b.futures.symbolSettings(PERP), { leverage: 1, marginMode: 'cross' });
    assert.equal(b.history({ type: 'futures/positionMode' }).length, 1, 'switched once');
  } finally {
    await b.close();
  }
  // Without --futures the venue has no perpetuals: nothing to apply, nothing said.
  const quiet = io();
  const c = await openSession({ exchange: 'sim', dataDir: tmpDir(), seed: 3 }, quiet, { tickMs: 0 });
  await c.close();
  assert.equal(quiet.text(), '');
});

test('a default leverage above risk.maxLeverage (a hand-edited settings file) is capped with a clear message', async () => {
  const dataDir = tmpDir();
  const file = new SettingsFile(dataDir).path;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ 'futures.defaultLeverage': 5, 'risk.maxLeverage': 2 }));
  const out = io();
  const s = await openSession({ exchange: 'sim', dataDir, seed: 3, futures: true }, out, { tickMs: 0 });
  try {
    assert.deepEqual(s.futures.symbolSettings(PERP), { leverage: 2, marginMode: 'cross' });
    assert.match(out.text(), /^atapi: futures\.defaultLeverage 5x is above risk\.maxLeverage 2x: new perpetuals get 2x \(to allow more: atapi config set risk\.maxLeverage 5\)$/m);
  } finally {
    await s.close();
  }
});

test('a position mode that cannot change while a position is open is said, and the session still opens', async () => {
  const dataDir = tmpDir();
  const a = await openSession({ exchange: 'sim', dataDir, seed: 3, futures: true }, io(), { tickMs: 0 });
  const r = await a.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.01 });
  assert.ok(r.ok, r.ok ? '' : r.error);
  await a.close();
  new SettingsFile(dataDir).set('futures.positionMode', 'hedge');
  const out = io();
  const b = await openSession({ exchange: 'sim', dataDir, seed: 3, futures: true }, out, { tickMs: 0 });
  try {
    assert.equal(b.futures.account().positionMode, 'one-way');
    assert.match(out.text(), /futures\.positionMode is hedge, but the account stays one-way: .*close them first/);
    assert.equal(b.futures.positions().length, 1);
  } finally {
    await b.close();
  }
});
