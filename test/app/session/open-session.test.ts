import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { SettingsFile } from '../../../source/adapters/settings/settings-file.js';
import { openSession } from '../../../source/app/session/open-session.js';
import { tmpDir } from '../../helpers/tmp.js';

const io = { env: {}, stderr: new PassThrough() };

test('the limits set with atapi config apply to a session from the one factory', async () => {
  const dataDir = tmpDir();
  new SettingsFile(dataDir).set('risk.maxOrderNotional', '100');
  const s = await openSession({ exchange: 'sim', dataDir, seed: 7 }, io, { tickMs: 0 });
  try {
    const r = await s.buy('BTC/USDT', 0.01);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /100/);
    assert.equal(s.orders({ all: true }).length, 0);
  } finally {
    await s.close();
  }
});

test('--no-persist runs on the default limits and writes nothing', async () => {
  const dataDir = tmpDir();
  new SettingsFile(dataDir).set('risk.maxOrderNotional', '100');
  const s = await openSession({ exchange: 'sim', dataDir, seed: 7, noPersist: true }, io, { tickMs: 0 });
  try {
    assert.equal(s.dataDir, undefined);
    const r = await s.buy('BTC/USDT', 0.01);
    assert.equal(r.ok, true);
  } finally {
    await s.close();
  }
});

test('--live is refused, never downgraded: on the simulated exchange, and without a terminal to confirm on', async () => {
  const dataDir = tmpDir();
  await assert.rejects(openSession({ exchange: 'sim', dataDir, live: true }, io), /need a real exchange/);
  await assert.rejects(openSession({ exchange: 'binance', dataDir, live: true }, io), /--i-understand-live/);
  await assert.rejects(openSession({ exchange: 'binance', dataDir, live: true }, { ...io, ask: async () => 'kraken' }), /not confirmed/);
  // Armed, but no keys: refused before any connection, not a paper session.
  await assert.rejects(openSession({ exchange: 'binance', dataDir, live: true, iUnderstandLive: true }, io), /needs API keys/);
});

test('--live with --sandbox-url is refused before anything is asked or opened: a local sandbox is test money, never armed as real', async () => {
  const dataDir = tmpDir();
  let asked = false;
  const typed = { ...io, ask: async () => ((asked = true), 'binance') };
  await assert.rejects(openSession({ exchange: 'binance', sandboxUrl: 'http://127.0.0.1:9', dataDir, live: true }, typed), /--sandbox-url is a local sandbox: its keys are test keys and it trades as TESTNET, never real money; drop --live \(or drop --sandbox-url to trade on binance live\)/);
  await assert.rejects(openSession({ exchange: 'binance', sandboxUrl: 'http://127.0.0.1:9', dataDir, live: true, iUnderstandLive: true }, io), /drop --live/);
  assert.equal(asked, false, 'never asked to type the exchange for real money');
});
