import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keystore } from '../../source/adapters/keystore/keystore.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';
import { daemonDir, runAs, secretFile, startAs, until } from './daemon-process.js';
import { envOf, execForm, healthcheck, parseDockerfile } from './dockerfile.js';
import { atapiArgs } from '../helpers/atapi-bin.js';
import { assertStoppedCleanly } from '../helpers/daemon-log.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dockerfile = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const final = dockerfile.stages[dockerfile.stages.length - 1];
const image = { entry: execForm(final, 'ENTRYPOINT'), cmd: execForm(final, 'CMD'), env: envOf(final), health: healthcheck(final)! };

const bin = path.join(root, 'dist/atapi.js');
/** The newest source file's time: a dist/ older than it would test yesterday's program. */
const newestSource = (dir: string): number =>
  Math.max(...fs.readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newestSource(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).mtimeMs)));
const fresh = fs.existsSync(bin) && fs.statSync(bin).mtimeMs >= newestSource(path.join(root, 'source'));

/** Where tini is installed here, if it is (Debian's package puts it where the image has it). */
const tini = ['/usr/bin/tini', '/usr/local/bin/tini'].find((f) => fs.existsSync(f));

/**
 * The image's command line as it runs outside the image: `atapi` is the bundle under this node
 * (the image links /usr/local/bin/atapi to it), or the sources bundled for the tests when dist/ is stale;
 * tini stays PID-1-like in front when installed here, else it is left out and the signal goes
 * to the daemon directly, as tini would forward it.
 */
function local(argv: readonly string[]): string[] {
  let a = [...argv];
  if (/(^|\/)tini$/.test(a[0])) a = tini ? [tini, ...a.slice(1)] : a.slice(a.indexOf('--') + 1);
  const atapi = fresh ? [process.execPath, bin] : [process.execPath, ...atapiArgs()];
  return a.flatMap((x) => (x === 'atapi' ? atapi : [x]));
}

/** How the secrets reach the daemon: as compose gives them, /run/secrets/<name> files named by *_FILE variables. */
type Secrets = (sbx: Sandbox, secrets: string, data: string) => NodeJS.ProcessEnv;

const keyFiles: Secrets = (sbx, secrets) => ({
  ATAPI_BINANCE_API_KEY_FILE: secretFile(secrets, 'binance-api-key', `${sbx.apiKey}\n`),
  ATAPI_BINANCE_SECRET_FILE: secretFile(secrets, 'binance-secret', `${sbx.secret}\n`),
});

/** compose.yaml's way: the keys in the encrypted keystore on the volume, its passphrase a secret file. */
const keystoreAndPassphrase: Secrets = (sbx, secrets, data) => {
  const store = new Keystore(data, { N: 1024, r: 8, p: 1 });
  store.write('the passphrase 1', { binance: { apiKey: sbx.apiKey, secret: sbx.secret } });
  fs.chownSync(store.file, fs.statSync(data).uid, fs.statSync(data).gid);
  return { ATAPI_PASSPHRASE_FILE: secretFile(secrets, 'atapi-passphrase', 'the passphrase 1\n') };
};

for (const [how, secretsFor] of [['exchange keys in secret files', keyFiles], ['the keystore with its passphrase in a secret file', keystoreAndPassphrase]] as const) {
  test(`the Dockerfile's entry point outside a container, ${how}: the daemon comes up, HEALTHCHECK passes, a terminal attaches, SIGTERM settles and exits 0`, { timeout: 300_000 }, async (t) => {
    if (!fresh) t.diagnostic('dist/ is missing or older than source/: atapi ran from source/ bundled for the tests (npm run build tests dist/)');
    if (!tini) t.diagnostic('tini is not installed here: the entry point ran without it (the image has it as PID 1)');
    await entryPointRun(secretsFor);
  });
}

async function entryPointRun(secretsFor: Secrets): Promise<void> {
  const sbx = await startSandbox({ seed: 7, tickMs: 100 });
  const home = daemonDir('atapi-deploy-home-');
  const secrets = daemonDir('atapi-deploy-secrets-');
  assert.equal(image.env.ATAPI_DATA_DIR, '/data', 'the image keeps its data in /data; here it is a temp dir');
  const data = path.join(home, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  fs.chownSync(data, fs.statSync(home).uid, fs.statSync(home).gid);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ...image.env, ATAPI_DATA_DIR: data, ...secretsFor(sbx, secrets, data) };
  // A compose `command:` replaces CMD: the image's own, plus the exchange to trade on.
  const daemon = startAs([...local([...image.entry, ...image.cmd]), '--exchange', 'binance', '--sandbox-url', sbx.url], env);
  let code: number | null;
  try {
    const healthy = await until('the HEALTHCHECK command to pass', async () => {
      if (daemon.child.exitCode !== null) throw new Error(`the daemon exited with ${daemon.child.exitCode}: ${daemon.stderr()}`);
      const r = await runAs(local(image.health), env);
      return r.code === 0 ? r : undefined;
    });
    assert.match(healthy.out, /\nhealth\s+ok$/m);
    const status = await runAs(local(['atapi', 'daemon', 'status', '--json']), env);
    assert.equal(status.code, 0, status.err);
    const s = JSON.parse(status.out) as { venue: string; mode: string; health: { healthy: boolean } };
    // testnet: the sandbox with keys, which came from the secrets (without them it would be paper).
    assert.equal(s.venue, 'binance-sandbox');
    assert.equal(s.mode, 'testnet');
    assert.deepEqual(s.health, { healthy: true, problems: [] });
    // `docker exec <c> atapi ...`: the same image environment, attached to the daemon, not opening the ledger.
    const balance = await runAs(local(['atapi', 'balance', '--json', '--exchange', 'binance', '--sandbox-url', sbx.url]), env);
    assert.equal(balance.code, 0, balance.err);
    assert.equal((JSON.parse(balance.out) as { venue: string }).venue, 'binance-sandbox');
  } finally {
    // Whatever failed above, nothing is left running (a live sandbox would keep this file from ending).
    daemon.child.kill('SIGTERM');
    code = await daemon.exited;
    await sbx.close();
  }
  assert.equal(code, 0, daemon.stderr());
  const log = fs.readFileSync(path.join(data, 'daemon.log'), 'utf8');
  const events = log.trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
  assert.ok(events.includes('client-attached'), 'the one-shot command attached to the daemon');
  assertStoppedCleanly(log);
  // The secrets read from files appear nowhere it wrote.
  for (const text of [daemon.stdout(), daemon.stderr(), log]) assert.ok(!text.includes(sbx.secret), 'the secret stays secret');
  // Stopped: the health check says so, with the exit code Docker reads as unhealthy.
  const after = await runAs(local(image.health), env);
  assert.equal(after.code, 1);
  assert.match(after.err, /^atapi: no daemon runs on (\S+): start one with atapi daemon start --data-dir \1( --\S+)*\n$/);
}
