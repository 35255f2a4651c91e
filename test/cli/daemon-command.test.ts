import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';
import { assertStoppedCleanly } from '../helpers/daemon-log.js';

/**
 * `atapi ARGS` (with `input` piped in) in-process: the command line's dispatch. The daemon is
 * still a process of its own: `daemon start` starts the bundled CLI (atapi-bin.ts).
 */
function atapi(args: string[], input?: string) {
  return atapiInProcess(args, { input, env: { ...process.env, NO_COLOR: '1' } });
}

test('atapi daemon: start, status, attached one-shot and shell commands, logs, stop; the ledger is whole after', async () => {
  const dir = tmpDir();
  const started = await atapi(['daemon', 'start', '--data-dir', dir, '--seed', '4']);
  try {
    assert.equal(started.code, 0, started.err);
    assert.match(started.out, /^daemon started \(pid \d+\) on SIM PAPER/);
    assert.match((await atapi(['daemon', 'start', '--data-dir', dir])).err, /^atapi: a daemon already runs on .* \(pid \d+\)\n$/);
    const status = JSON.parse((await atapi(['daemon', 'status', '--json', '--data-dir', dir])).out) as { pid: number; venue: string; mode: string; clients: number; strategies: unknown[] };
    assert.equal(status.venue, 'sim');
    assert.equal(status.mode, 'paper');
    assert.equal(status.clients, 0);
    assert.equal(fs.statSync(path.join(dir, 'daemon.sock')).mode & 0o777, 0o600);
    assert.equal(fs.readFileSync(path.join(dir, 'daemon.pid'), 'utf8').trim(), String(status.pid));
    // Not "ledger in use": the command attaches and the daemon places the order.
    const buy = await atapi(['buy', 'BTC/USDT', '0.01', '--data-dir', dir]);
    assert.equal(buy.code, 0, buy.err);
    assert.match(buy.out, /order 1: buy 0\.01 BTC\/USDT market filled/);
    const shell = await atapi(['shell', '--data-dir', dir], 'sell BTC/USDT 0.004 999999\norders\n');
    assert.equal(shell.code, 0, shell.err);
    assert.match(shell.out, /order 2: sell 0\.004 BTC\/USDT limit .*open/);
    const text = (await atapi(['daemon', 'status', '--data-dir', dir])).out;
    assert.match(text, new RegExp(`^pid\\s+${status.pid}\\nuptime\\s+(\\d+[dhm] )*\\d+[hms]\\nvenue\\s+SIM\\nmode\\s+PAPER\\nlink\\s+connected\\nstrategies\\s+none running\\nattached\\s+0`));
    const logs = await atapi(['daemon', 'logs', '-n', '50', '--data-dir', dir]);
    assert.equal(logs.code, 0);
    const events = logs.out.trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
    assert.ok(events.includes('started') && events.includes('order/submitted'), events.join(' '));
    assert.match((await atapi(['daemon', 'logs', '-n', 'x', '--data-dir', dir])).err, /^atapi: -n needs a whole number of lines/);
    assert.match((await atapi(['daemon', 'frobnicate', '--data-dir', dir])).err, /^atapi: unknown daemon command "frobnicate": use start, stop, status, logs or run/);
  } finally {
    const stop = await atapi(['daemon', 'stop', '--data-dir', dir]);
    assert.equal(stop.code, 0, stop.err);
    assert.match(stop.out, /^daemon stopped \(pid \d+\)/);
  }
  assert.equal((await atapi(['daemon', 'status', '--data-dir', dir])).err, `atapi: no daemon runs on ${dir}: start one with atapi daemon start --data-dir ${dir}\n`);
  // The ledger's flags are part of it: the one printed starts the daemon on that ledger.
  assert.equal((await atapi(['daemon', 'status', '--data-dir', dir, '--exchange', 'binance', '--sandbox-url', 'http://127.0.0.1:9'])).err, `atapi: no daemon runs on ${dir}: start one with atapi daemon start --data-dir ${dir} --exchange binance --sandbox-url http://127.0.0.1:9\n`);
  assert.equal((await atapi(['daemon', 'stop', '--data-dir', dir])).err, `atapi: no daemon runs on ${dir}: nothing to stop\n`);
  assert.ok(!fs.existsSync(path.join(dir, 'daemon.sock')) && !fs.existsSync(path.join(dir, 'daemon.pid')));
  // Without the daemon the ledger opens here, with everything the daemon recorded.
  const orders = await atapi(['orders', '--all', '--json', '--data-dir', dir]);
  const list = JSON.parse(orders.out) as { id: string; status: string }[];
  assert.deepEqual(list.map((o) => o.status).sort(), ['filled', 'open']);
  const log = fs.readFileSync(path.join(dir, 'daemon.log'), 'utf8');
  assert.match(log, /"event":"client-attached"/, 'the commands attached to the daemon');
  assertStoppedCleanly(log);
});

test('atapi daemon: --live without --i-understand-live is refused before anything starts; --help explains it', async () => {
  const dir = tmpDir();
  const r = await atapi(['daemon', 'start', '--exchange', 'binance', '--live', '--data-dir', dir]);
  assert.equal(r.code, 2);
  assert.match(r.err, /^atapi: --live trades real money and a daemon has no terminal to confirm on: add --i-understand-live\n$/);
  const h = await atapi(['daemon', '--help']);
  assert.equal(h.code, 0);
  assert.match(h.out, /^usage: atapi daemon start\|stop\|status\|logs\|run/);
  assert.match((await atapi(['--help'])).out, /daemon\s+keep trading in the background/);
});

test('daemon start: the "attach with" command it prints opens the ledger the daemon holds (a sandbox or testnet daemon needs its flags, the seed does not)', async () => {
  const { attachCommand } = await import('../../source/app/daemon/daemon-hints.js');
  const { extractGlobalOptions, entryOptions } = await import('../../source/cli/global-options.js');
  const { entryLedgerDirs } = await import('../../source/app/daemon/attach.js');
  const dir = '/srv/trading';
  const ledgers = (argv: readonly string[]) => entryLedgerDirs(entryOptions(extractGlobalOptions(argv, {}).options, dir));
  for (const flags of [[], ['--seed', '7'], ['--exchange', 'binance', '--sandbox-url', 'http://127.0.0.1:8555'], ['--exchange', 'binance', '--testnet'], ['--venues', 'sim,sim2'], ['--futures']]) {
    const g = extractGlobalOptions(flags, {}).options;
    const hint = attachCommand(dir, g);
    const words = hint.split(' ');
    assert.deepEqual(words.slice(0, 3), ['atapi', '--data-dir', dir], hint);
    assert.deepEqual(ledgers(words.slice(1)), ledgers(['--data-dir', dir, ...flags]), `${flags.join(' ')}: ${hint}`);
    assert.doesNotMatch(hint, /--seed|--i-understand-live/);
  }
  // The old hint, for a sandbox's daemon: another ledger (the simulated exchange's), so no attach.
  assert.notDeepEqual(ledgers([]), ledgers(['--exchange', 'binance', '--sandbox-url', 'http://127.0.0.1:8555']));
  assert.equal(attachCommand('/my data', extractGlobalOptions([], {}).options), `atapi --data-dir '/my data'`);
});

test('an attached terminal whose daemon was killed says how to start it again on its own data directory and ledger, and where its log is', async () => {
  const { daemonGoneText } = await import('../../source/app/daemon/daemon-hints.js');
  const { extractGlobalOptions } = await import('../../source/cli/global-options.js');
  const reason = 'the daemon went away without stopping (killed or crashed?): nothing trades until it runs again';
  assert.equal(
    daemonGoneText(reason, '/tmp/walk d', extractGlobalOptions(['--exchange', 'binance', '--sandbox-url', 'http://127.0.0.1:8555'], {}).options),
    `atapi: ${reason}\natapi: start it again with: atapi daemon start --data-dir '/tmp/walk d' --exchange binance --sandbox-url http://127.0.0.1:8555; what it did last: atapi daemon logs --data-dir '/tmp/walk d'\n`,
  );
  assert.doesNotMatch(daemonGoneText(reason, '/d', extractGlobalOptions(['--exchange', 'binance', '--live'], {}).options), /--i-understand-live/);
});
