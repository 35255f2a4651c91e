import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, test } from 'node:test';
import { optimizeCommand } from '../../source/cli/optimize-command.js';
import { workerCommand } from '../../source/cli/worker-command.js';
import { UserError } from '../../source/domain/index.js';
import { atapiBin } from '../helpers/atapi-bin.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';
import { generatedCsv } from '../app/optimize/fixtures.js';
import { freePort } from '../helpers/free-port.js';

const REDIS = '/usr/bin/redis-server';
const skip = fs.existsSync(REDIS) ? false : `${REDIS} is not installed (Debian's redis-server package; .ci/run installs it)`;

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function startRedis(): Promise<string> {
  const port = await freePort();
  const redis = spawn(REDIS, ['--port', String(port), '--save', '', '--appendonly', 'no', '--bind', '127.0.0.1'], { stdio: 'ignore' });
  children.push(redis);
  await until(
    () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
        s.on('data', (d) => (s.destroy(), resolve(d.toString().startsWith('+PONG'))));
        s.on('error', () => resolve(false));
      }),
    'redis PING',
  );
  return `redis://127.0.0.1:${port}`;
}

function startWorker(url: string, data: string): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [atapiBin(), 'worker', '--queue', url, '--data', data, '--workers', '1'], { env: { ...process.env, ATAPI_DATA_DIR: tmpDir() }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let log = '';
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  return { child, log: () => log };
}

async function sweep(args: string[]): Promise<{ trials: unknown[] }> {
  const { io, out, err } = captureIO(tmpDir());
  assert.equal(await optimizeCommand([...args, '--json'], io), 0, err());
  return JSON.parse(out()) as { trials: unknown[] };
}

test('a BullMQ sweep on two worker processes, one killed mid-way, returns the local sweep\'s results', { skip }, async () => {
  const url = await startRedis();
  const dir = tmpDir();
  const data = generatedCsv(dir, 60_000, 4);
  const a = startWorker(url, data);
  const b = startWorker(url, data);
  await until(() => a.log().includes('taking trials') && b.log().includes('taking trials'), 'both workers ready');
  const study = path.join(dir, 'queue.jsonl');
  const args = ['--data', data, '--param', 'fast=2:30:2', '--param', 'slow=35:80:5', '--metric', 'return'];
  const queued = sweep([...args, '--queue', url, '--study', study]);
  // Kill one worker once the study has some trials and before it has all (150).
  await until(() => fs.existsSync(study) && fs.readFileSync(study, 'utf8').split('\n').length > 20, 'the first trials');
  a.child.kill('SIGKILL');
  const remote = await queued;
  const local = await sweep([...args, '--workers', '1']);
  assert.deepEqual(remote.trials, local.trials);
  const ids = fs.readFileSync(study, 'utf8').trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { id: string }).id);
  assert.equal(new Set(ids).size, ids.length, 'no trial counted twice');
  assert.equal(ids.length, 150);
});

test('a worker whose data file differs refuses in one line; the sweep says so', { skip }, async () => {
  const url = await startRedis();
  const dir = tmpDir();
  const data = generatedCsv(dir, 500, 4);
  const otherDir = path.join(dir, 'other');
  fs.mkdirSync(otherDir);
  const theirs = path.join(otherDir, path.basename(data));
  fs.writeFileSync(theirs, fs.readFileSync(data, 'utf8').replace(/\n[^\n]*\n$/, '\n'));
  const w = startWorker(url, theirs);
  await until(() => w.log().includes('taking trials'), 'the worker ready');
  const { io } = captureIO(tmpDir());
  await assert.rejects(optimizeCommand(['--data', data, '--param', 'fast=2:4', '--queue', url, '--json'], io), (err: Error) => err instanceof UserError && /data file gen-500-4\.csv differs: sha256 \w+ here, \w+ in the study/.test(err.message) && !err.message.includes('\n'));
  await until(() => /refused a job: data file gen-500-4\.csv differs/.test(w.log()), 'the worker\'s line');
});

test('--queue takes redis://HOST:PORT only', async () => {
  const { io } = captureIO(tmpDir());
  await assert.rejects(optimizeCommand(['--data', 'x.csv', '--param', 'fast=2:4', '--queue', 'http://x'], io), /--queue http:\/\/x: write redis:\/\/HOST:PORT/);
});

test('--queue where no Redis answers: one line, at once, for the sweep and the worker (BullMQ alone retried forever)', async () => {
  const url = `redis://127.0.0.1:${await freePort()}`;
  const dir = tmpDir();
  const data = generatedCsv(dir, 100, 4);
  const { io, out } = captureIO(tmpDir());
  const refused = (err: Error) => err instanceof UserError && err.message === `--queue ${url}: no Redis answers there (connection refused): start one (redis-server --port ${url.split(':')[2]}) or check the address`;
  await assert.rejects(optimizeCommand(['--data', data, '--param', 'fast=2:4', '--queue', url, '--json'], io), refused);
  await assert.rejects(workerCommand(['--queue', url, '--data', data], io), refused);
  assert.equal(out(), '');
});
