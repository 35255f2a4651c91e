import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { UserError } from '../../source/domain/index.js';
import { sandboxCommand } from '../../source/cli/sandbox-command.js';
import type { CliIO } from '../../source/cli/io.js';

function io(dataDir?: string): { io: CliIO; out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => (text += c.toString()));
  return { io: { stdout, stderr: new PassThrough(), env: {}, dataDir: dataDir ?? '/nonexistent', dataDirChosen: dataDir !== undefined, color: false, interactive: false }, out: () => text };
}

async function runUntilListening(args: string[], dataDir?: string): Promise<string> {
  const { io: cliIo, out } = io(dataDir);
  const done = sandboxCommand(args, cliIo);
  const end = Date.now() + 10_000;
  while (!out().includes('\n') || (args.includes('--json') ? false : !out().includes('try:'))) {
    if (Date.now() > end) assert.fail(`the sandbox never said it was listening: ${out()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  // The command waits for SIGINT; emitting it runs only the listeners, not Node's default exit.
  process.emit('SIGINT');
  assert.equal(await done, 0);
  return out();
}

test('a --secret given on the command line is never printed; a generated one is', async () => {
  const secret = 'my-very-own-secret-0123456789';
  const given = await runUntilListening(['--api-key', 'my-key', '--secret', secret]);
  assert.ok(!given.includes(secret), given);
  assert.match(given, /ATAPI_BINANCE_API_KEY=my-key/);
  const json = JSON.parse(await runUntilListening(['--api-key', 'my-key', '--secret', secret, '--json'])) as Record<string, string>;
  assert.equal(json.secret, undefined);
  const generated = JSON.parse(await runUntilListening(['--json'])) as Record<string, string>;
  assert.match(generated.secret, /^[0-9a-f]{64}$/);
});

test('a port in use is a clear user error', async () => {
  const busy = http.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const { port } = busy.address() as AddressInfo;
  try {
    await assert.rejects(sandboxCommand(['--port', String(port)], io().io), (e: unknown) => e instanceof UserError && new RegExp(`^port ${port} is already in use on 127\\.0\\.0\\.1: choose another with --port N, or --port 0 for any free port$`).test(e.message));
  } finally {
    busy.close();
  }
});

test('bad --port and --seed values are user errors naming what is allowed', async () => {
  await assert.rejects(sandboxCommand(['--port', '99999'], io().io), /bad --port "99999": use 0 to 65535/);
  await assert.rejects(sandboxCommand(['--seed', '1.5'], io().io), /bad --seed "1.5"/);
});

test('--ed25519-public-key: an Ed25519 PEM adds a printed key; anything else is a user error', async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const fs = await import('node:fs');
  const { tmpDir } = await import('../helpers/tmp.js');
  const dir = tmpDir();
  const ed = path.join(dir, 'ed.pem');
  fs.writeFileSync(ed, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const rsa = path.join(dir, 'rsa.pem');
  fs.writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const json = JSON.parse(await runUntilListening(['--ed25519-public-key', ed, '--ed25519-api-key', 'edk', '--json'])) as Record<string, string>;
  assert.equal(json.ed25519ApiKey, 'edk');
  await assert.rejects(sandboxCommand(['--ed25519-public-key', rsa], io().io), /is a rsa key: give an Ed25519 public key/);
  await assert.rejects(sandboxCommand(['--ed25519-public-key', path.join(dir, 'missing.pem')], io().io), /cannot read --ed25519-public-key .*ENOENT/);
  await assert.rejects(sandboxCommand(['--ed25519-api-key', 'x'], io().io), /needs --ed25519-public-key/);
});

test('with a data dir the generated keys are kept (owner-only) and reused on restart; without one they are new each time', async () => {
  const fs = await import('node:fs');
  const { tmpDir } = await import('../helpers/tmp.js');
  const dir = path.join(tmpDir(), 'not-made-yet');
  const first = JSON.parse(await runUntilListening(['--json'], dir)) as Record<string, string>;
  const file = path.join(dir, 'sandbox-keys.json');
  assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'the key file is readable by its owner only');
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), { apiKey: first.apiKey, secret: first.secret });
  const again = await runUntilListening([], dir);
  assert.match(again, new RegExp(`ATAPI_BINANCE_API_KEY=${first.apiKey}\n  ATAPI_BINANCE_SECRET=${first.secret}\n`), 'the same keys, printed as on the first start');
  // A loosened file is made owner-only again; a broken one is a user error naming the file.
  fs.chmodSync(file, 0o644);
  assert.equal((JSON.parse(await runUntilListening(['--json'], dir)) as Record<string, string>).apiKey, first.apiKey);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  // Keys given on the command line win, and are not written over the kept ones.
  const given = JSON.parse(await runUntilListening(['--api-key', 'k', '--secret', 's3cret', '--json'], dir)) as Record<string, string>;
  assert.equal(given.apiKey, 'k');
  assert.equal((JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>).apiKey, first.apiKey);
  fs.writeFileSync(file, '{"apiKey": 1}');
  await assert.rejects(sandboxCommand(['--json'], io(dir).io), (e: unknown) => e instanceof UserError && e.message.includes(file) && /delete it for new keys/.test(e.message));
  // Without a data dir of the user's: new keys each start, nothing written.
  const a = JSON.parse(await runUntilListening(['--json'])) as Record<string, string>;
  const b = JSON.parse(await runUntilListening(['--json'])) as Record<string, string>;
  assert.notEqual(a.apiKey, b.apiKey);
});
