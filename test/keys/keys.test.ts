import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keystore, resolveCredentials } from '../../source/adapters/keystore/keystore.js';
import { makeKeysCommand } from '../../source/cli/keys-command.js';
import { Redactor } from '../../source/domain/index.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiArgs } from '../helpers/atapi-bin.js';

const cheap = { N: 1024, r: 8, p: 1 };
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('keystore: round trip, wrong passphrase, tampering, file mode 0600', () => {
  const dir = tmpDir();
  const ks = new Keystore(dir, cheap);
  ks.write('correct horse', { binance: { apiKey: 'AKIA1234567890', secret: 's3cr3t-value-xyz' } });
  assert.deepEqual(ks.read('correct horse'), { binance: { apiKey: 'AKIA1234567890', secret: 's3cr3t-value-xyz' } });
  assert.throws(() => ks.read('wrong horse'), /wrong passphrase for keystore .*keys\.enc\.json/);
  assert.equal(fs.statSync(ks.file).mode & 0o777, 0o600);
  const raw = fs.readFileSync(ks.file, 'utf8');
  assert.ok(!raw.includes('s3cr3t-value-xyz') && !raw.includes('AKIA1234567890'), 'nothing readable at rest');
  const f = JSON.parse(raw) as { data: string };
  const bytes = Buffer.from(f.data, 'base64');
  bytes[0] ^= 1;
  fs.writeFileSync(ks.file, JSON.stringify({ ...f, data: bytes.toString('base64') }));
  assert.throws(() => ks.read('correct horse'), /wrong passphrase .* \(or the file was altered\)/);
  assert.throws(() => ks.write('short', {}), /at least 8 characters/);
});

test('credentials: the environment comes before the keystore', async () => {
  const dir = tmpDir();
  new Keystore(dir, cheap).write('passphrase1', { binance: { apiKey: 'store-key-123', secret: 'store-secret-123' } });
  const fromEnv = await resolveCredentials('binance', { env: { ATAPI_BINANCE_API_KEY: 'env-key-1234', ATAPI_BINANCE_SECRET: 'env-secret-1234' }, dataDir: dir, passphrase: async () => 'passphrase1', cost: cheap });
  assert.equal(fromEnv?.apiKey, 'env-key-1234');
  const fromStore = await resolveCredentials('binance', { env: {}, dataDir: dir, passphrase: async () => 'passphrase1', cost: cheap });
  assert.equal(fromStore?.secret, 'store-secret-123');
  assert.equal(await resolveCredentials('kraken', { env: {}, dataDir: dir, passphrase: async () => 'passphrase1', cost: cheap }), undefined);
});

const io = captureIO;

test('atapi keys add, list (names, no passphrase), remove', async () => {
  const dir = tmpDir();
  const keys = makeKeysCommand(cheap);
  const env = { ATAPI_PASSPHRASE: 'unattended-pass' };
  await keys(['add', 'binance', '--api-key', 'ABCD-very-long-key'], io(dir, { ...env, ATAPI_BINANCE_SECRET: 'the-secret-value' }).io);
  const l = io(dir, {});
  await keys(['list', '--json'], l.io);
  assert.deepEqual(JSON.parse(l.out()), [{ exchange: 'binance' }]);
  assert.ok(!l.out().includes('the-secret-value') && !l.out().includes('ABCD'));
  await assert.rejects(keys(['remove', 'binance'], io(dir, { ATAPI_PASSPHRASE: 'not-the-pass' }).io), /wrong passphrase/);
  await keys(['remove', 'binance'], io(dir, env).io);
  const after = io(dir, env);
  await keys(['list'], after.io);
  assert.match(after.out(), /no keys stored/);
  await assert.rejects(keys(['remove', 'binance'], io(dir, env).io), /no keys stored for binance/);
});

test('redaction: secrets, signatures and secret-named fields', () => {
  const r = new Redactor(['sk_live_abcdef123456', 'ab']);
  assert.equal(r.redact('key sk_live_abcdef123456 failed; url ?x=1&signature=0123456789abcdef0123'), 'key *** failed; url ?x=1&signature=***');
  assert.equal(r.redact('ab stays (too short to be a key)'), 'ab stays (too short to be a key)');
  assert.deepEqual(r.redactValue({ secret: 'x', nested: ['sk_live_abcdef123456'], apiKey: 'y' }), { secret: '***', nested: ['***'], apiKey: '***' });
});

test('a known secret never appears in anything the CLI prints, crashes included', () => {
  const secret = 'SUPERSECRET7f3a9c1e5b';
  const dir = tmpDir();
  const env = { ...process.env, ATAPI_BINANCE_SECRET: secret, ATAPI_BINANCE_API_KEY: 'APIKEY-0011223344', ATAPI_DEBUG: '1', NO_COLOR: '1' };
  const runs = [
    ['--data-dir', dir, 'buy', secret, '1'],
    ['--data-dir', dir, 'ticker', `${secret}USDT`],
    ['--data-dir', dir, 'config', 'set', 'risk.maxOrderNotional', secret],
    ['--data-dir', dir, 'backtest', '--data', `/nonexistent/${secret}.csv`],
    ['--data-dir', dir, 'history', '--json'],
  ];
  for (const args of runs) {
    const r = spawnSync(process.execPath, [...atapiArgs(), ...args], { cwd: root, env, encoding: 'utf8' });
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `secret leaked by: ${args.slice(2).join(' ')}\n${r.stdout}${r.stderr}`);
    assert.ok(r.stdout.includes('***') || r.stderr.includes('***') || args.includes('history'), `the secret was there to hide: ${args.join(' ')}`);
  }
  // A crash that prints the secret from inside the process.
  const crash = spawnSync(process.execPath, ['--import', 'tsx', '-e', `
    const { Redactor } = await import('./source/domain/index.ts');
    const { installProcessRedaction } = await import('./source/adapters/keystore/process-redaction.ts');
    installProcessRedaction(new Redactor([process.env.ATAPI_BINANCE_SECRET]));
    console.log('log', process.env.ATAPI_BINANCE_SECRET);
    process.stdout.write('write ' + process.env.ATAPI_BINANCE_SECRET + '\\n');
    console.error('err', process.env.ATAPI_BINANCE_SECRET);
    setTimeout(() => { throw new Error('boom ' + process.env.ATAPI_BINANCE_SECRET); });
  `], { cwd: root, env, encoding: 'utf8' });
  assert.equal(crash.status, 1);
  assert.ok(!crash.stdout.includes(secret) && !crash.stderr.includes(secret), crash.stdout + crash.stderr);
  assert.match(crash.stderr, /internal error: boom \*\*\*/);
  for (const f of walk(dir)) assert.ok(!fs.readFileSync(f, 'utf8').includes(secret), `secret in ${f}`);
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test('with a known secret, orders, errors and debug output against the sandbox never show it', async () => {
  const { startSandbox } = await import('../../source/sandbox/sandbox-server.js');
  const secret = 'sandboxSECRET9d8c7b6a5f4e3d2c1b';
  const apiKey = 'sandboxKEY1a2b3c4d5e6f';
  const sbx = await startSandbox({ apiKey, secret, tickMs: 100 });
  const dir = tmpDir();
  try {
    const env = { ...process.env, ATAPI_BINANCE_API_KEY: apiKey, ATAPI_BINANCE_SECRET: secret, ATAPI_DEBUG: '1', NO_COLOR: '1' };
    const base = [...atapiArgs(), '--data-dir', dir, '--exchange', 'binance', '--sandbox-url', sbx.url];
    const { spawn } = await import('node:child_process');
    const run = (args: string[], extraEnv: Record<string, string> = {}) =>
      new Promise<{ out: string; code: number | null }>((resolve) => {
        const p = spawn(process.execPath, [...base, ...args], { cwd: root, env: { ...env, ...extraEnv } });
        let out = '';
        p.stdout.on('data', (c: Buffer) => (out += c.toString()));
        p.stderr.on('data', (c: Buffer) => (out += c.toString()));
        p.on('close', (code) => resolve({ out, code }));
      });
    const outputs = [
      await run(['buy', 'BTC/USDT', '0.01']),
      await run(['buy', 'BTC/USDT', '0.01', '1']),
      await run(['orders', '--all', '--json']),
      await run(['balance', '--json']),
      await run(['history', '--json']),
      await run(['buy', 'BTC/USDT', '0.01'], { ATAPI_BINANCE_SECRET: `${secret}x` }),
    ];
    assert.match(outputs[0].out, /filled 0\.01/);
    assert.match(outputs[5].out, /Signature for this request is not valid/);
    for (const o of outputs) assert.ok(!o.out.includes(secret) && !o.out.includes(apiKey), o.out);
    for (const f of walk(dir)) {
      const text = fs.readFileSync(f, 'utf8');
      assert.ok(!text.includes(secret) && !text.includes(apiKey), `secret or key in ${f}`);
    }
  } finally {
    await sbx.close();
  }
});
