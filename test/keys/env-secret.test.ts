import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { envSecret, fileSecrets } from '../../source/adapters/keystore/env-secret.js';
import { envKeys, resolveCredentials } from '../../source/adapters/keystore/keystore.js';
import { UserError } from '../../source/domain/index.js';
import { tmpDir } from '../helpers/tmp.js';

function secretFile(text: string, mode = 0o600, dir = tmpDir(), name = 'secret'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode });
  fs.chmodSync(file, mode);
  return file;
}

const holds = { holds: 'the binance API secret' };

test('envSecret: NAME_FILE (a secrets file, /run/secrets style) wins over NAME, its trailing line break cut', () => {
  assert.equal(envSecret({ ATAPI_X_SECRET_FILE: secretFile('from-file-123\n') }, 'ATAPI_X_SECRET', holds), 'from-file-123');
  assert.equal(envSecret({ ATAPI_X_SECRET_FILE: secretFile('from-file-123\r\n'), ATAPI_X_SECRET: 'from-env' }, 'ATAPI_X_SECRET', holds), 'from-file-123');
  // Only the one line break is cut: spaces inside and around a passphrase are its own.
  assert.equal(envSecret({ ATAPI_X_SECRET_FILE: secretFile(' two words \n') }, 'ATAPI_X_SECRET', holds), ' two words ');
  assert.equal(envSecret({ ATAPI_X_SECRET: 'from-env' }, 'ATAPI_X_SECRET', holds), 'from-env');
  assert.equal(envSecret({ ATAPI_X_SECRET: '' }, 'ATAPI_X_SECRET', holds), undefined);
  assert.equal(envSecret({}, 'ATAPI_X_SECRET', holds), undefined);
});

test('envSecret: an open, missing, empty or unreadable file is a one-line refusal naming the variable and what it should hold', () => {
  const open = secretFile('s3cret-value\n', 0o644);
  assert.throws(() => envSecret({ ATAPI_X_SECRET_FILE: open }, 'ATAPI_X_SECRET', holds), (e: Error) =>
    e instanceof UserError && e.message === `ATAPI_X_SECRET_FILE ${open} can be read by others (mode 0644): make it readable only by you (chmod 600 ${open})`);
  assert.throws(() => envSecret({ ATAPI_X_SECRET_FILE: '/run/secrets/none' }, 'ATAPI_X_SECRET', holds), (e: Error) =>
    e instanceof UserError && e.message === 'ATAPI_X_SECRET_FILE /run/secrets/none does not exist: give the path of a file holding the binance API secret');
  assert.throws(() => envSecret({ ATAPI_X_SECRET_FILE: secretFile('\n') }, 'ATAPI_X_SECRET', holds), /is empty: write the binance API secret in it$/);
  assert.throws(() => envSecret({ ATAPI_X_SECRET_FILE: tmpDir() }, 'ATAPI_X_SECRET', holds), /is not a file: give the path of a file holding the binance API secret$/);
});

test("an exchange's keys from files: envKeys and resolveCredentials read ATAPI_<EX>_API_KEY_FILE and _SECRET_FILE, no keystore needed", async () => {
  const dir = tmpDir();
  const env = { ATAPI_BINANCE_API_KEY_FILE: secretFile('key-from-file-1\n', 0o400, dir, 'k'), ATAPI_BINANCE_SECRET_FILE: secretFile('secret-from-file-1\n', 0o600, dir, 's') };
  assert.deepEqual(envKeys('binance', env), { apiKey: 'key-from-file-1', secret: 'secret-from-file-1', password: undefined });
  const creds = await resolveCredentials('binance', { env, dataDir: tmpDir(), passphrase: () => Promise.reject(new Error('not asked')) });
  assert.deepEqual(creds, { apiKey: 'key-from-file-1', secret: 'secret-from-file-1', password: undefined });
  await assert.rejects(resolveCredentials('binance', { env: { ...env, ATAPI_BINANCE_SECRET_FILE: secretFile('x-secret\n', 0o640) }, dataDir: dir, passphrase: () => Promise.reject(new Error('not asked')) }), /ATAPI_BINANCE_SECRET_FILE .* can be read by others/);
});

test('fileSecrets: the values of secret-named *_FILE variables, for the redactor; broken files are left to their user', () => {
  const isSecret = (k: string): boolean => /^ATAPI_.*(SECRET|TOKEN)$/.test(k);
  const env = {
    ATAPI_TELEGRAM_BOT_TOKEN_FILE: secretFile('123456:bot-token\n'),
    ATAPI_BINANCE_SECRET_FILE: secretFile('open-secret', 0o644),
    ATAPI_DATA_DIR_FILE: secretFile('not-a-secret-name\n'),
  };
  assert.deepEqual(fileSecrets(env, isSecret), ['123456:bot-token']);
});
