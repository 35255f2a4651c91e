import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createCipheriv, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keystore } from '../../source/adapters/keystore/keystore.js';
import { makeKeysCommand } from '../../source/cli/keys-command.js';
import { UserError } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiArgs } from '../helpers/atapi-bin.js';

const cheap = { N: 1024, r: 8, p: 1 };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const io = captureIO;

test('keys add --secret S is refused (argv is in every user\'s ps), saying what to use instead; nothing is stored', async () => {
  const dir = tmpDir();
  const keys = makeKeysCommand(cheap);
  await assert.rejects(keys(['add', 'binance', '--api-key', 'ABCD-key', '--secret', 'the-secret-value'], io(dir, { ATAPI_PASSPHRASE: 'unattended-pass' }).io), (e: Error) =>
    e instanceof UserError && /^keys add does not take --secret: the command line is visible to every user in ps; type it at the prompt, pipe it with --secret-stdin, or set ATAPI_BINANCE_SECRET$/.test(e.message));
  assert.ok(!fs.existsSync(new Keystore(dir).file));
});

test('keys add checks the passphrase before it asks for (or reads) any secret', async () => {
  const dir = tmpDir();
  const keys = makeKeysCommand(cheap);
  // No key or secret anywhere: had it asked for them first, this would wait on stdin or say they are missing.
  await assert.rejects(keys(['add', 'binance'], io(dir, { ATAPI_PASSPHRASE: 'short' }).io), (e: Error) => e instanceof UserError && e.message === 'the keystore passphrase must have at least 8 characters');
  new Keystore(dir, cheap).write('the-right-pass', {});
  await assert.rejects(keys(['add', 'binance'], io(dir, { ATAPI_PASSPHRASE: 'a-wrong-pass' }).io), /wrong passphrase/);
});

test('keys list reads the names without the passphrase; an edited name list fails decryption; an older file still lists with it', async () => {
  const dir = tmpDir();
  const ks = new Keystore(dir, cheap);
  ks.write('the-right-pass', { binance: { apiKey: 'k1-abcdef', secret: 's1-abcdef' }, okx: { apiKey: 'k2-abcdef', secret: 's2-abcdef' } });
  const keys = makeKeysCommand(cheap);
  const l = io(dir, {});
  assert.equal(await keys(['list'], l.io), 0);
  assert.equal(l.out(), 'binance\nokx\n');
  const raw = fs.readFileSync(ks.file, 'utf8');
  assert.ok(!raw.includes('k1-abcdef') && !raw.includes('s1-abcdef'));
  // The clear list is bound to the ciphertext: changing it is detected like a changed secret.
  const f = JSON.parse(raw) as Record<string, unknown>;
  fs.writeFileSync(ks.file, JSON.stringify({ ...f, exchanges: ['binance'] }));
  assert.throws(() => ks.read('the-right-pass'), /wrong passphrase .* \(or the file was altered\)/);
  // Dropping the list is detected too; a file written before the list existed still lists, with the passphrase.
  const { exchanges: _dropped, ...stripped } = f;
  fs.writeFileSync(ks.file, JSON.stringify(stripped));
  assert.throws(() => ks.read('the-right-pass'), /or the file was altered/);
  fs.writeFileSync(ks.file, oldFormat('the-right-pass', { kraken: { apiKey: 'k3-abcdef', secret: 's3-abcdef' } }));
  await assert.rejects(keys(['list'], io(dir, { ATAPI_PASSPHRASE: 'a-wrong-pass' }).io), /wrong passphrase/);
  const withPass = io(dir, { ATAPI_PASSPHRASE: 'the-right-pass' });
  await keys(['list'], withPass.io);
  assert.equal(withPass.out(), 'kraken\n');
});

/** A keystore as written before the clear list of exchanges (no additional data). */
function oldFormat(passphrase: string, entries: Record<string, unknown>): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = scryptSync(passphrase.normalize('NFKC'), salt, 32, { ...cheap, maxmem: 64 * 1024 * 1024 });
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(JSON.stringify(entries), 'utf8'), c.final()]);
  return JSON.stringify({ version: 1, kdf: 'scrypt', cost: cheap, salt: salt.toString('base64'), iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') });
}

test('keys add --secret-stdin takes the secret from stdin (through the CLI)', { timeout: 60_000 }, () => {
  const dir = tmpDir();
  const env = { ...process.env, ATAPI_PASSPHRASE: 'unattended-pass' };
  const r = spawnSync(process.execPath, [...atapiArgs(), '--data-dir', dir, 'keys', 'add', 'binance', '--api-key', 'ABCD-key-1234', '--secret-stdin'], { cwd: root, env, input: 'piped-secret-value\n', encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^stored keys for binance \(ABCD…\)/);
  assert.deepEqual(new Keystore(dir).read('unattended-pass'), { binance: { apiKey: 'ABCD-key-1234', secret: 'piped-secret-value' } });
});
