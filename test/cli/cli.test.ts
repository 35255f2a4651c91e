import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from '../../source/shell/registry.js';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

/** `atapi ARGS` with `input` piped in: the command line's dispatch, in-process. */
function atapi(args: string[], input?: string) {
  return atapiInProcess(args, { input, env: { ...process.env, NO_COLOR: '1' } });
}

test('atapi --help lists every shell command and the global options', async () => {
  const r = await atapi(['--help']);
  assert.equal(r.code, 0);
  for (const c of COMMANDS.filter((x) => x.name !== 'quit' && x.name !== 'help')) assert.ok(r.out.includes(c.usage), c.usage);
  assert.match(r.out, /--data-dir DIR/);
});

test('atapi COMMAND --help describes the command', async () => {
  const r = await atapi(['buy', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^usage: atapi buy SYMBOL QTY \[PRICE\]/);
});

test('piped shell runs commands in order, prints no prompt, and --json is machine-readable', async () => {
  const dir = tmpDir();
  const r = await atapi(['--data-dir', dir, '--seed', '9', 'shell'], 'buy BTC/USDT 0.01\nbalance\n');
  assert.equal(r.code, 0, r.err);
  assert.ok(!r.out.includes('atapi>'));
  assert.match(r.out, /^\[PAPER · SIM\] order 1: buy 0.01 BTC\/USDT market filled 0.01 at avg/m, "an order says where the money is");
  assert.match(r.out, /BTC\s+0\.01000000\s+0\.00000000\s/);
  const j = await atapi(['--data-dir', dir, 'orders', '--all', '--json']);
  const orders = JSON.parse(j.out) as { id: string; status: string }[];
  assert.deepEqual(orders.map((o) => [o.id, o.status]), [['1', 'filled']]);
});

test('bad input: one clear line on stderr, exit code 1, nothing changed', async () => {
  const dir = tmpDir();
  const r = await atapi(['--data-dir', dir, 'buy', 'BTC/USDT', '-5']);
  assert.equal(r.code, 1);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /bad quantity "-5"/);
  const s = await atapi(['--data-dir', dir, '--seed', 'x', 'tickers']);
  assert.equal(s.code, 2);
  assert.match(s.err, /^atapi: --seed needs a whole number/);
  const h = await atapi(['--data-dir', dir, 'history', '--json']);
  assert.deepEqual((JSON.parse(h.out) as { event: { type: string } }[]).map((e) => e.event.type), ['account/balances']);
});

test('a wrong or incomplete option is one user error naming it, never an internal error', async () => {
  const dir = tmpDir();
  const cases: [string[], RegExp][] = [
    [['keys', 'list', '--bogus'], /^atapi: unknown option --bogus \(atapi keys --help\)$/],
    [['sandbox', '--port'], /^atapi: option --port needs a value \(atapi sandbox --help\)$/],
    [['run', '--strategy'], /^atapi: option --strategy needs a value \(atapi run --help\)$/],
    [['backtest', '--data'], /^atapi: option --data needs a value \(atapi backtest --help\)$/],
    [['backtest', '--bogus'], /^atapi: unknown option --bogus: not an option of backtest/],
    [['backtest', '--bogus', '3'], /^atapi: sma has no parameter "bogus" \(it has: fast, slow\)$/],
    [['shell', '--bogus'], /^atapi: unexpected "--bogus": atapi shell takes only global options/],
    [['--bogus'], /^atapi: unknown option --bogus \(atapi --help lists the global options\)$/],
    [['backtst'], /^atapi: unknown command "backtst"; did you mean "backtest"\? \(atapi --help lists them\)$/],
  ];
  for (const [args, expected] of cases) {
    const r = await atapi(['--data-dir', dir, ...args], '');
    assert.notEqual(r.code, 0, args.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err.trim(), expected, args.join(' '));
    assert.doesNotMatch(r.err, /internal error/);
  }
});

test('a one-shot start with no daemon says nothing runs the instance once the command ends, and how to run it; other commands do not repeat it', async () => {
  const dir = tmpDir();
  const r = await atapi(['--data-dir', dir, 'start', 'sma', 'BTC/USDT', '--size', '5%']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /started sma-BTCUSDT-1m-1/);
  assert.match(r.err, /sma-BTCUSDT-1m-1 is recorded running, but nothing runs it once this command ends: atapi daemon start --data-dir \S+ runs it in the background/);
  const b = await atapi(['--data-dir', dir, 'balance']);
  assert.equal(b.code, 0, b.err);
  assert.doesNotMatch(b.err, /recorded running/);
  // A funding carry is an instance too.
  const c = await atapi(['--data-dir', dir, '--futures', 'start', 'carry', 'BTC/USDT', '--size', '500USDT', '--min-apr', '10%']);
  assert.equal(c.code, 0, c.err);
  assert.match(c.err, /carry-\S+ is recorded running, but nothing runs it once this command ends/);
  // --no-persist records nothing, and a daemon on no ledger is nothing to suggest.
  const n = await atapi(['--data-dir', dir, '--no-persist', 'start', 'sma', 'BTC/USDT', '--size', '5%']);
  assert.equal(n.code, 0, n.err);
  assert.doesNotMatch(n.err, /recorded running|daemon start/);
  assert.match(n.err, /--no-persist records nothing: sma-BTCUSDT-1m-1 ended with this command/);
});

test('a one-shot start beside a daemon that trades another ledger of the directory is not told to start a daemon there (one a directory: refused), but how to run or stop it', async () => {
  const dir = tmpDir();
  const path = await import('node:path');
  const { createSession } = await import('../../source/app/session/session.js');
  const { startDaemonServer } = await import('../../source/app/daemon/daemon-server.js');
  const { socketPathFor } = await import('../../source/app/daemon/daemon-files.js');
  const { DEFAULT_LIMITS } = await import('../../source/engine/risk.js');
  // A daemon that says it holds the sandbox's ledger, as `daemon start --exchange binance --sandbox-url ...` does.
  const inner = await createSession({ persist: false, tickMs: 0, seed: 3 });
  const server = await startDaemonServer(inner, {
    socketPath: socketPathFor(dir),
    info: { pid: 4242, startedAt: 1, venue: 'binance-sandbox', label: 'BINANCE SANDBOX', mode: 'testnet', dataDir: dir, ledgerDir: path.join(dir, 'ledgers', 'binance-sandbox'), limits: DEFAULT_LIMITS, futures: false },
  });
  try {
    const r = await atapi(['--data-dir', dir, 'start', 'sma', 'BTC/USDT', '--size', '50USDT']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\[PAPER · SIM\] started sma-BTCUSDT-1m-1/);
    assert.doesNotMatch(r.err, /atapi daemon start --data-dir \S+ runs it/, 'a second daemon on the directory would be refused');
    assert.match(r.err, new RegExp(`nothing runs it once this command ends: the daemon on ${dir} \\(pid 4242\\) trades BINANCE SANDBOX TESTNET, another ledger, and a data directory has one daemon`));
    assert.ok(r.err.includes(`atapi --data-dir ${dir} stop sma-BTCUSDT-1m-1`), r.err);
  } finally {
    await server.close('test over');
    await inner.close();
  }
});

test('--json: a start refused for a bad input prints its code and field beside the error, one-shot and in the shell', async () => {
  const dir = tmpDir();
  const one = await atapi(['--data-dir', dir, '--json', 'start', 'sma', 'BTC/USDT', '--size', 'abc']);
  assert.equal(one.code, 1);
  assert.deepEqual(JSON.parse(one.out), { error: JSON.parse(one.out).error, code: 'strategy.size', field: 'size' });
  assert.match(JSON.parse(one.out).error, /^bad size "abc": /);
  const shell = await atapi(['--data-dir', dir, '--json', 'shell'], 'start sma BTC/USDT --fast 0\nbuy BTC/USDT abc\n');
  const lines = shell.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual({ ...lines[0], error: '' }, { error: '', code: 'strategy.params', field: 'params.fast' });
  // A line that does not parse is refused as bad input (was its words only): with the field when
  // the parser knows it (walk's finding: a parse-level start error carried no code).
  assert.deepEqual(Object.keys(lines[1]!), ['error', 'code']);
  assert.equal(lines[1]!.code, 'input.invalid');
  for (const [args, field] of [[['--size'], 'size'], [['--fast', 'abc'], 'params.fast'], [['--timeframe'], 'timeframe']] as const) {
    const r = await atapi(['--data-dir', dir, '--json', 'start', 'sma', 'BTC/USDT', ...args]);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    assert.deepEqual({ ...j, error: '' }, { error: '', code: 'input.invalid', field }, String(j.error));
  }
  const bare = JSON.parse((await atapi(['--data-dir', dir, '--json', 'start', 'sma'])).out) as Record<string, unknown>;
  assert.deepEqual({ ...bare, error: '' }, { error: '', code: 'input.invalid' });
});

test('the line a daemon prints to attach (--exchange, --sandbox-url, --seed) works for config, api, keys and notify, which belong to the data directory', async () => {
  const dir = tmpDir();
  const market = ['--data-dir', dir, '--exchange', 'binance', '--sandbox-url', 'http://127.0.0.1:9', '--seed', '3'];
  const set = await atapi([...market, 'config', 'set', 'risk.maxOrderNotional', '100']);
  assert.equal(set.code, 0, set.err);
  assert.equal(set.out, 'risk.maxOrderNotional = 100\n');
  const get = await atapi([...market, 'config', 'get', 'risk.maxOrderNotional']);
  assert.equal(get.out, '100\n', get.err);
  const token = await atapi([...market, 'api', 'token']);
  assert.equal(token.code, 0, token.err);
  assert.match(token.out, /^[A-Za-z0-9_-]{43}\n$/);
  const keys = await atapi([...market, 'keys', 'list']);
  assert.doesNotMatch(keys.err, /unknown option|too many arguments/, keys.err);
  const notify = await atapi([...market, 'notify', 'test']);
  assert.doesNotMatch(notify.err, /takes no arguments/, notify.err);
  // A command the flags do mean something to still gets them (and refuses one that does not fit).
  const cap = await atapi([...market, 'marketcap', '--days', '1']);
  assert.match(cap.err, /unknown option --sandbox-url/);
});
