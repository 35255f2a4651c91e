import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCommand } from '../../source/cli/run-command.js';
import { configCommand } from '../../source/cli/config-command.js';
import { modeFlags } from '../../source/cli/run-options.js';
import { captureIO } from '../helpers/cli-io.js';
import { UserError } from '../../source/domain/index.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiArgs } from '../helpers/atapi-bin.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A strategy that buys at every candle: it signals at once, whatever the market. */
const ALWAYS_BUY = `export default { name: 'always-buy', description: 'buys at every candle', params: {},
  create() { return { onCandle() { return { side: 'buy', reason: 'always' }; } }; } };\n`;

const io = captureIO;

/** `atapi ARGS` as a user types it: global flags go through the command line's dispatch (in-process) to `run`. */
function atapi(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return atapiInProcess(args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', ...env } });
}

function strategyFile(): string {
  const file = path.join(tmpDir('atapi-run-strat-'), 'always-buy.mjs');
  fs.writeFileSync(file, ALWAYS_BUY);
  return file;
}

const ledgers = (dataDir: string): string[] => (fs.existsSync(path.join(dataDir, 'ledgers')) ? fs.readdirSync(path.join(dataDir, 'ledgers')) : []);

test('run: the risk limits from atapi config refuse an oversized strategy order (--once)', async () => {
  const dir = tmpDir();
  assert.equal(await configCommand(['set', 'risk.maxOrderNotional', '10'], io(dir).io), 0);
  const a = io(dir);
  const code = await runCommand(['--once', '--strategy', strategyFile(), '--seed', '3'], a.io);
  assert.equal(code, 1, a.out() + a.err());
  assert.match(a.out(), /signal buy \(always\); buy refused: .*10/);
  assert.match(a.out(), /trades +0/);
});

test('run --once: without a limit in the way the order settles, and the summary counts it', async () => {
  const dir = tmpDir();
  const a = io(dir);
  assert.equal(await runCommand(['--once', '--strategy', strategyFile(), '--seed', '3', '--json'], a.io), 0, a.err());
  const lines = a.out().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(lines.map((l) => l.type), ['once', 'summary']);
  // Every line says where the money is, as the order answers of the shell do (walk, round 5).
  assert.deepEqual(lines.map((l) => l.mode), ['paper', 'paper']);
  assert.equal(lines[0].outcome, 'settled');
  assert.equal((lines[0].order as { status: string }).status, 'filled');
  assert.equal(lines[1].trades, 1);
  assert.ok((lines[1].fees as number) > 0);
  assert.ok((lines[1].position as number) > 0);
  // The fill is in the ledger under the strategy's id, for the next run and for `orders`.
  assert.deepEqual(ledgers(dir), ['sim']);
  // The next run (cron's next call) trades nothing, and its summary says what the instance holds
  // from the runs before (walk, round 5: it read "position 0.0" beside an instance holding 8.3 XRP).
  const b = io(dir);
  assert.equal(await runCommand(['--once', '--strategy', strategyFile(), '--seed', '3', '--json'], b.io), 0, b.err());
  const next = b.out().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(next[1].trades, 0);
  assert.deepEqual(next[1].held, { position: lines[1].position, avgEntry: (lines[0].order as { avgPrice: number }).avgPrice });
  const c = io(dir);
  assert.equal(await runCommand(['--once', '--strategy', strategyFile(), '--seed', '3'], c.io), 0, c.err());
  assert.match(c.out(), /^  position    0\.\d+ BTC \(this run\); with its earlier runs the instance holds 0\.\d+ BTC at [\d,.]+$/m);
});

test('run --once: a strategy without a signal exits 0 and trades nothing', async () => {
  const a = io(tmpDir());
  assert.equal(await runCommand(['--once', '--strategy', 'sma', '--seed', '3', '--no-persist'], a.io), 0, a.err());
  assert.match(a.out(), /warm-up candles before it/);
  assert.match(a.out(), /trades +0/);
});

test('run: --mode is a synonym of the flags, and a contradiction is refused in one line', () => {
  assert.deepEqual(modeFlags('live', false, false), { live: true, testnet: false });
  assert.deepEqual(modeFlags('testnet', false, true), { live: false, testnet: true });
  assert.deepEqual(modeFlags(undefined, true, false), { live: true, testnet: false });
  assert.deepEqual(modeFlags('paper', false, false), { live: false, testnet: false });
  assert.throws(() => modeFlags('paper', true, false), (e: Error) => e instanceof UserError && e.message === '--mode paper contradicts --live: give one of them');
  assert.throws(() => modeFlags('live', false, true), /--mode live contradicts --testnet/);
  assert.throws(() => modeFlags('real', false, false), /bad --mode "real": use paper, testnet or live/);
});

test('run: --live is never downgraded: refused without arming or keys, and no paper session is opened', async () => {
  const dir = tmpDir();
  // In-process: no terminal to type the confirmation on.
  await assert.rejects(runCommand(['--live', '--exchange', 'binance', '--once'], io(dir).io), (e: Error) => e instanceof UserError && /--i-understand-live/.test(e.message));
  await assert.rejects(runCommand(['--mode', 'live', '--exchange', 'binance', '--once'], io(dir).io), /--i-understand-live/);
  // Armed, but no keys: refused, not traded on paper.
  await assert.rejects(runCommand(['--live', '--i-understand-live', '--exchange', 'binance', '--once'], io(dir).io), /needs API keys/);
  await assert.rejects(runCommand(['--live', '--i-understand-live', '--once'], io(dir).io), /need a real exchange/);
  assert.deepEqual(ledgers(dir), [], 'no session was opened');
});

test('run through the CLI: global --live and --no-persist reach run (never dropped)', async () => {
  const dir = tmpDir();
  const live = await atapi(['--live', '--data-dir', dir, 'run', '--exchange', 'binance', '--once']);
  assert.equal(live.code, 2, live.err);
  assert.match(live.err, /^atapi: --live trades real money: add --i-understand-live/);
  assert.equal(live.out, '');
  const armed = await atapi(['--live', '--i-understand-live', '--exchange', 'binance', '--data-dir', dir, 'run', '--once']);
  assert.equal(armed.code, 2, armed.err);
  assert.match(armed.err, /--live needs API keys/);
  const contradiction = await atapi(['--live', '--data-dir', dir, 'run', '--mode', 'paper']);
  assert.equal(contradiction.code, 2);
  assert.equal(contradiction.err, 'atapi: --mode paper contradicts --live: give one of them\n');
  assert.deepEqual(ledgers(dir), [], 'no paper session instead');

  const memory = await atapi(['--no-persist', '--data-dir', dir, 'run', '--once', '--strategy', strategyFile(), '--seed', '5']);
  assert.equal(memory.code, 0, memory.err);
  assert.match(memory.out, /order 1 filled/);
  assert.deepEqual(ledgers(dir), [], '--no-persist wrote no ledger');
});

test('run --help says --once, --live, --json and the exit codes', async () => {
  const a = io(tmpDir());
  assert.equal(await runCommand(['--help'], a.io), 0);
  for (const s of ['--once', '--live', '--testnet', '--no-persist', '--json', 'Exit status', 'ATAPI_PASSPHRASE_FILE', 'any folder']) assert.ok(a.out().includes(s), s);
});

/** Starts `atapi ARGS`, waits until it says it runs, sends `signal`, and returns what it printed. */
function runUntilTerm(args: readonly string[], signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...atapiArgs(), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    let sent = false;
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (!sent && err.includes('Ctrl-C stops it')) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('error', reject);
    child.on('close', (code, ended) => resolve({ code, signal: ended, out, err }));
  });
}

test('run: SIGTERM stops the run and prints the summary (text and JSON lines)', async () => {
  const text = await runUntilTerm(['--no-persist', 'run', '--strategy', 'sma', '--seed', '3']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.err, /sma running on BTC\/USDT 1m in PAPER mode on SIM .*a line per 1m candle/);
  assert.match(text.err, /stopped sma-BTCUSDT-1m(-\d+)? on SIGTERM/);
  assert.match(text.out, /summary of sma-BTCUSDT-1m(-\d+)?: \d+s/);
  for (const row of ['trades', 'position', 'realised', 'unrealised', 'fees', 'PnL']) assert.match(text.out, new RegExp(`^  ${row} +`, 'm'));

  const json = await runUntilTerm(['run', '--no-persist', '--json', '--strategy', 'sma', '--seed', '3']);
  assert.equal(json.code, 0, json.err);
  const lines = json.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; trades?: number; pnl?: number });
  assert.equal(lines.at(-1)?.type, 'summary');
  assert.equal(lines.at(-1)?.trades, 0);
  assert.ok(lines.every((l) => ['heartbeat', 'order', 'summary'].includes(l.type)), 'only JSON objects on stdout');
  assert.ok(lines.every((l) => (l as { mode?: string }).mode === 'paper'), 'each line says where the money is');
});

test('run: a strategy that throws is one user error naming it and the candle, in --once and in the warm-up of a run', async () => {
  const file = path.join(tmpDir('atapi-run-strat-'), 'throws.mjs');
  fs.writeFileSync(file, `export default { name: 'thrower', description: 'd', params: {}, create() { return { onCandle() { throw new Error('division by zero'); } }; } };\n`);
  for (const args of [['--once'], []]) {
    await assert.rejects(runCommand([...args, '--strategy', file, '--no-persist', '--seed', '1'], io(tmpDir()).io), (e: Error) => e instanceof UserError && /thrower.*division by zero/.test(e.message) && !e.message.includes('\n'));
  }
});

test('run --once sizes a buy by --size (never all in) and refuses a bad size in one line', async () => {
  const dataDir = tmpDir();
  const file = path.join(tmpDir('atapi-run-size-'), 'always-buy.mjs');
  fs.writeFileSync(file, `export default { name: 'buyer', description: 'd', params: {}, create() { return { onCandle() { return { side: 'buy', reason: 'always' }; } }; } };\n`);
  const a = io(dataDir);
  const code = await runCommand(['--once', '--strategy', file, '--seed', '4', '--size', '50USDT'], a.io);
  assert.equal(code, 0, a.err());
  const { createSession } = await import('../../source/app/session/session.js');
  const s = await createSession({ dataDir, tickMs: 0, seed: 4, resumeStrategies: false });
  try {
    const spent = 10_000 - (s.balance().USDT?.free ?? 0);
    assert.ok(spent > 45 && spent <= 50.0001, `spent ${spent} USDT of a 50 USDT size`);
  } finally {
    await s.close();
  }
  await assert.rejects(runCommand(['--once', '--strategy', file, '--no-persist', '--seed', '4', '--size', 'lots'], io(tmpDir()).io), (e: Error) => e instanceof UserError && /bad size "lots"/.test(e.message));
});

test('run: SIGHUP (the terminal dropped) stops the run like Ctrl-C: the summary, and the instance recorded stopped', async () => {
  const dataDir = tmpDir();
  const r = await runUntilTerm(['--data-dir', dataDir, 'run', '--strategy', 'sma', '--seed', '3'], 'SIGHUP');
  // Ended by the hang-up once the run is stopped and the ledger closed (was exit 0: a normal exit
  // at a terminal that went away had Node abort resetting it, nodejs/node#51519).
  assert.equal(r.signal, 'SIGHUP', r.err);
  assert.match(r.err, /stopped sma-BTCUSDT-1m-1 on SIGHUP/);
  assert.match(r.out, /summary of sma-BTCUSDT-1m-1: /);
  const { createSession } = await import('../../source/app/session/session.js');
  const s = await createSession({ dataDir, tickMs: 0, seed: 3, resumeStrategies: false });
  try {
    assert.equal(s.state().ledger.strategies['sma-BTCUSDT-1m-1']?.status, 'stopped');
  } finally {
    await s.close();
  }
});

test('run: an instance an earlier session left running is listed, and never resumed by the next run', async () => {
  const dataDir = tmpDir();
  // A strategy that leaves a mark each time it is created: resuming it would create it again.
  const dir = tmpDir('atapi-run-orphan-');
  const marker = path.join(dir, 'created');
  const file = path.join(dir, 'marks.mjs');
  fs.writeFileSync(file, `import fs from 'node:fs';\nexport default { name: 'marks', description: 'd', params: {}, create() { fs.appendFileSync(${JSON.stringify(marker)}, 'x'); return { onCandle() {} }; } };\n`);
  const { createSession } = await import('../../source/app/session/session.js');
  const s = await createSession({ dataDir, tickMs: 0, seed: 3 });
  const orphan = (await s.startStrategy({ strategy: file, symbol: 'BTC/USDT' })).id;
  // Closed without a stop, as a dropped terminal leaves it: the ledger has it running.
  await s.close();
  fs.rmSync(marker);
  const r = await runUntilTerm(['--data-dir', dataDir, 'run', '--strategy', 'sma', '--seed', '3']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, new RegExp(`left running by an earlier session, not resumed by this run: ${orphan}; the daemon, the app or the shell resumes them`));
  assert.equal(fs.existsSync(marker), false, 'the orphan was not created again: it did not run');
  assert.match(r.err, /stopped sma-BTCUSDT-1m-2 on SIGTERM/);
});
