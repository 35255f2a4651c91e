import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../../source/sandbox/sandbox-server.js';
import { daemonDir, runAs, secretFile, startAs, until, type Run } from './daemon-process.js';
import { atapiArgs } from '../helpers/atapi-bin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const atapi = [process.execPath, ...atapiArgs()];

interface Status {
  readonly ledgerDir: string;
  readonly health: { readonly healthy: boolean; readonly problems: readonly { readonly code: string; readonly text: string }[] };
}

test('a clock 3 s off is warned about in the daemon log and on stderr; atapi daemon status exits 1 when the ledger cannot be written and when the exchange link is down longer than daemon.healthLinkDownSeconds; 0 again once it can', { timeout: 300_000 }, async () => {
  // The exchange's clock 3 s ahead of ours: the daemon warns at start (signed requests still pass).
  const sbx = await startSandbox({ seed: 9, tickMs: 100, clock: () => Date.now() + 3_000 });
  const data = daemonDir('atapi-health-');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: data,
    NO_COLOR: '1',
    ATAPI_DATA_DIR: data,
    ATAPI_BINANCE_API_KEY_FILE: secretFile(data, 'key', sbx.apiKey),
    ATAPI_BINANCE_SECRET_FILE: secretFile(data, 'secret', sbx.secret),
  };
  const cli = (...args: string[]): Promise<Run> => runAs([...atapi, ...args], env);
  const set = await cli('config', 'set', 'daemon.healthLinkDownSeconds', '1');
  assert.equal(set.code, 0, set.err);
  const daemon = startAs([...atapi, 'daemon', 'run', '--exchange', 'binance', '--sandbox-url', sbx.url], env);
  let sandboxUp = true;
  let code: number | null;
  try {
    const first = await until('a healthy daemon', async () => {
      if (daemon.child.exitCode !== null) throw new Error(`the daemon exited with ${daemon.child.exitCode}: ${daemon.stderr()}`);
      const r = await cli('daemon', 'status', '--json');
      return r.code === 0 ? (JSON.parse(r.out) as Status) : undefined;
    });
    assert.equal(first.health.healthy, true);
    const warned = await until('the clock warning in the daemon log', async () => {
      const log = fs.readFileSync(path.join(data, 'daemon.log'), 'utf8');
      return log.split('\n').find((l) => l.includes('"event":"warning"') && l.includes('local clock'));
    });
    assert.match((JSON.parse(warned) as { message: string }).message, /^the local clock is [23]\.\d s behind binance-sandbox's server: .*sync the clock/);
    assert.match(daemon.stderr(), /the local clock is [23]\.\d s behind binance-sandbox's server/);

    // The ledger's directory stops taking writes (a permission change, a read-only remount).
    fs.chmodSync(first.ledgerDir, 0o500);
    const text = await cli('daemon', 'status');
    assert.equal(text.code, 1, text.out + text.err);
    assert.match(text.out, new RegExp(`\\nhealth\\s+UNHEALTHY: the ledger cannot be written: ${first.ledgerDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: permission denied$`, 'm'));
    const json = await cli('daemon', 'status', '--json');
    assert.equal(json.code, 1);
    assert.deepEqual((JSON.parse(json.out) as Status).health.problems.map((p) => p.code), ['ledger.unwritable']);
    fs.chmodSync(first.ledgerDir, 0o700);
    assert.equal((await cli('daemon', 'status')).code, 0, 'healthy again once it can be written');

    // The exchange goes away: a moment down is normal, longer than the setting (1 s here) is not.
    await sbx.close();
    sandboxUp = false;
    const down = await until('the link down to be reported', async () => {
      const r = await cli('daemon', 'status', '--json');
      return r.code === 1 ? r : undefined;
    });
    const problems = (JSON.parse(down.out) as Status).health.problems;
    assert.deepEqual(problems.map((p) => p.code), ['link.down']);
    assert.match(problems[0].text, /^the link to binance-sandbox is (reconnecting|stale|disconnected) for \d+ s \(more than daemon\.healthLinkDownSeconds = 1\)$/);
  } finally {
    // Whatever failed above, nothing is left running (a live sandbox would keep this file from ending).
    daemon.child.kill('SIGTERM');
    code = await daemon.exited;
    if (sandboxUp) await sbx.close();
  }
  assert.equal(code, 0, daemon.stderr());
  const none = await cli('daemon', 'status', '--json');
  assert.equal(none.code, 1);
  assert.deepEqual(JSON.parse(none.out), { running: false, health: { healthy: false, problems: [{ code: 'daemon.down', text: `no daemon runs on ${data}: start one with atapi daemon start --data-dir ${data}` }] } });
});

test('atapi daemon status answers 0 or 1 only (Docker reserves 2): a data directory it cannot use is unhealthy, said in one line', async () => {
  const file = path.join(daemonDir('atapi-health-file-'), 'not-a-dir');
  fs.writeFileSync(file, '');
  const r = await runAs([...atapi, 'daemon', 'status', '--data-dir', file], { PATH: process.env.PATH, NO_COLOR: '1' });
  assert.equal(r.code, 1);
  assert.equal(r.err, `atapi: data directory ${file} is a file, not a directory: use --data-dir DIR (or ATAPI_DATA_DIR) with a directory\n`);
  const json = await runAs([...atapi, 'daemon', 'status', '--json', '--data-dir', file], { PATH: process.env.PATH });
  assert.equal(json.code, 1);
  assert.equal((JSON.parse(json.out) as { health: { problems: { code: string }[] } }).health.problems[0].code, 'daemon.down');
});
