import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { generateCandles } from '../../source/adapters/candles/generated-candles.js';
import { Keystore } from '../../source/adapters/keystore/keystore.js';
import { unattendedPassphrase } from '../../source/adapters/keystore/unattended-passphrase.js';
import { CandleReplayVenue } from '../../source/adapters/simulated/replay-venue.js';
import { openSession } from '../../source/app/session/open-session.js';
import { makeKeysCommand } from '../../source/cli/keys-command.js';
import { Redactor, UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';

const cheap = { N: 1024, r: 8, p: 1 };

function secretFile(text: string, mode: number, dir = tmpDir(), name = 'pass'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  return file;
}

test('ATAPI_PASSPHRASE_FILE: read from a file only its owner can read, without the trailing newline', () => {
  assert.equal(unattendedPassphrase({ ATAPI_PASSPHRASE_FILE: secretFile('correct horse\n', 0o600) }), 'correct horse');
  assert.equal(unattendedPassphrase({ ATAPI_PASSPHRASE_FILE: secretFile('battery staple', 0o400) }), 'battery staple');
  // The file wins over the environment variable: it is the deliberate, safer one.
  assert.equal(unattendedPassphrase({ ATAPI_PASSPHRASE_FILE: secretFile('from-file\r\n', 0o600), ATAPI_PASSPHRASE: 'from-env' }), 'from-file');
  assert.equal(unattendedPassphrase({ ATAPI_PASSPHRASE: 'from-env' }), 'from-env');
  assert.equal(unattendedPassphrase({}), undefined);
});

test('ATAPI_PASSPHRASE_FILE: a group- or world-readable, missing or empty file is refused in one line', () => {
  for (const mode of [0o640, 0o644, 0o604]) {
    const file = secretFile('correct horse\n', mode);
    assert.throws(() => unattendedPassphrase({ ATAPI_PASSPHRASE_FILE: file }), (e: Error) =>
      e instanceof UserError && e.message === `ATAPI_PASSPHRASE_FILE ${file} can be read by others (mode 0${mode.toString(8)}): make it readable only by you (chmod 600 ${file})`);
  }
  assert.throws(() => unattendedPassphrase({ ATAPI_PASSPHRASE_FILE: '/nonexistent/pass' }), /ATAPI_PASSPHRASE_FILE \/nonexistent\/pass does not exist/);
  assert.throws(() => unattendedPassphrase({ ATAPI_PASSPHRASE_FILE: secretFile('\n', 0o600) }), /is empty: write the keystore passphrase in it/);
  assert.throws(() => unattendedPassphrase({ ATAPI_PASSPHRASE_FILE: tmpDir() }), /is not a file/);
});

test('systemd credentials: $CREDENTIALS_DIRECTORY/atapi-passphrase (LoadCredential=), checked the same way', () => {
  const dir = tmpDir();
  secretFile('from-systemd\n', 0o400, dir, 'atapi-passphrase');
  assert.equal(unattendedPassphrase({ CREDENTIALS_DIRECTORY: dir, ATAPI_PASSPHRASE: 'from-env' }), 'from-systemd');
  // A credentials directory without atapi's credential: the next source.
  assert.equal(unattendedPassphrase({ CREDENTIALS_DIRECTORY: tmpDir(), ATAPI_PASSPHRASE: 'from-env' }), 'from-env');
  const open = tmpDir();
  secretFile('x', 0o644, open, 'atapi-passphrase');
  assert.throws(() => unattendedPassphrase({ CREDENTIALS_DIRECTORY: open }), /the systemd credential atapi-passphrase .* can be read by others/);
});

const cliIO = captureIO;

test('atapi keys reads the passphrase from ATAPI_PASSPHRASE_FILE, and refuses an open one', async () => {
  const dir = tmpDir();
  const keys = makeKeysCommand(cheap);
  const env = { ATAPI_PASSPHRASE_FILE: secretFile('unattended-pass\n', 0o600) };
  assert.equal(await keys(['add', 'binance', '--api-key', 'ABCD-very-long-key'], cliIO(dir, { ...env, ATAPI_BINANCE_SECRET: 'the-secret-value' }).io), 0);
  const l = cliIO(dir, env);
  await keys(['list', '--json'], l.io);
  assert.deepEqual(JSON.parse(l.out()), [{ exchange: 'binance' }]);
  await assert.rejects(keys(['remove', 'binance'], cliIO(dir, { ATAPI_PASSPHRASE_FILE: secretFile('unattended-pass\n', 0o644) }).io), /can be read by others/);
});

test('the one factory opens the keystore with the passphrase file (unattended testnet start), and redacts it', async () => {
  const dataDir = tmpDir();
  new Keystore(dataDir, cheap).write('file-pass-123', { binance: { apiKey: 'file-key-1234', secret: 'file-secret-1234' } });
  const redactor = new Redactor();
  const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series: generateCandles(10, { seed: 1 }) });
  const io = { env: { ATAPI_PASSPHRASE_FILE: secretFile('file-pass-123\n', 0o600) }, stderr: new PassThrough(), redactor };
  // Keys come from the keystore only: no terminal, no ATAPI_PASSPHRASE, no flag on the command line.
  const s = await openSession({ exchange: 'binance', dataDir, testnet: true, noPersist: true }, io, { tickMs: 0 }, { venue });
  try {
    assert.equal(s.mode, 'testnet');
    assert.ok(!redactor.redact('pass file-pass-123 key file-key-1234').includes('file-pass-123'));
  } finally {
    await s.close();
  }
  const open = { env: { ATAPI_PASSPHRASE_FILE: secretFile('file-pass-123\n', 0o644) }, stderr: new PassThrough() };
  await assert.rejects(openSession({ exchange: 'binance', dataDir, testnet: true, noPersist: true }, open, { tickMs: 0 }, { venue }), /can be read by others/);
  await assert.rejects(openSession({ exchange: 'binance', dataDir, testnet: true, noPersist: true }, { env: {}, stderr: new PassThrough() }, { tickMs: 0 }, { venue }), /no terminal to ask on: set ATAPI_PASSPHRASE_FILE/);
});
