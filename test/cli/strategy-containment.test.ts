import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/tmp.js';
import { atapiInProcess } from '../helpers/atapi-in-process.js';

/** `atapi ARGS` as a user types it (the command line's dispatch, in-process), in a data directory whose strategy budget is 200 ms. */
function atapi(dataDir: string, args: readonly string[]) {
  return atapiInProcess(['--data-dir', dataDir, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' } });
}

async function dataDir(): Promise<string> {
  const dir = tmpDir('atapi-contain-');
  assert.equal((await atapi(dir, ['config', 'set', 'strategy.timeBudgetMs', '200'])).code, 0);
  return dir;
}

function strategy(name: string, body: string, shownName = name): string {
  const file = path.join(tmpDir('atapi-contain-strat-'), `${name}.mjs`);
  fs.writeFileSync(file, `export default { name: ${JSON.stringify(shownName)}, description: 'goes wrong', params: {}, ${body} };\n`);
  return file;
}

const CREATE_THROWS = `create() { throw new Error('create exploded'); }`;
const LOOPS_AT = (n: number) => `create() { return { onCandle(c, view) { if (view.index >= ${n}) for (;;) {} } }; }`;
const THROWS_AT = (n: number) => `create() { return { onCandle(c, view) { if (view.index >= ${n}) throw new Error('candle exploded'); } }; }`;

/** One line on stderr naming the reason, exit 2 (the user's to fix, as bad input; a shell command's refusal: 1), never an internal error. */
function refused(r: { code: number | null; out: string; err: string }, reason: RegExp, code = 2): void {
  assert.equal(r.code, code, r.out + r.err);
  assert.match(r.err, reason);
  assert.doesNotMatch(r.err, /internal error|at .*\.ts:\d+/);
}

test('backtest: a strategy that throws in create() or loops on a candle stops the backtest with the reason', async () => {
  const dir = await dataDir();
  refused(await atapi(dir, ['backtest', '--strategy', strategy('create-throws', CREATE_THROWS), '--candles', '500']), /^atapi: strategy "create-throws": create\(\) threw: create exploded$/m);
  refused(await atapi(dir, ['backtest', '--strategy', strategy('loops', LOOPS_AT(300)), '--candles', '500']), /^atapi: strategy "loops": did not return within 200 ms \(setting strategy\.timeBudgetMs\) at 2024-01-\d\d \d\d:\d\d$/m);
  refused(await atapi(dir, ['backtest', '--strategy', strategy('throws', THROWS_AT(300)), '--candles', '500']), /^atapi: strategy "throws": onCandle\(\) threw at 2024-01-\d\d \d\d:\d\d: candle exploded$/m);
});

test('run and run --once: a strategy that throws in create() or loops on its warm-up is one line with the reason', async () => {
  const dir = await dataDir();
  for (const once of [['--once'], []]) {
    refused(await atapi(dir, ['run', ...once, '--strategy', strategy('create-throws', CREATE_THROWS)]), /^atapi: strategy "create-throws": create\(\) threw: create exploded$/m);
    // --once warms up in one timed loop (no call is named); a continuous run's host names the instance.
    const who = once.length ? 'strategy "loops": ' : 'strategy loops-BTCUSDT-1m-\\d+ stopped: onCandle\\(\\) ';
    refused(await atapi(dir, ['run', ...once, '--strategy', strategy('loops', LOOPS_AT(0))]), new RegExp(`^atapi: ${who}did not return within 200 ms \\(setting strategy\\.timeBudgetMs\\) at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d$`, 'm'));
  }
});

test('a one-shot start of a strategy that loops on its warm-up is refused with the reason, and leaves nothing running', async () => {
  const dir = await dataDir();
  refused(await atapi(dir, ['start', strategy('loops', LOOPS_AT(0)), 'BTC/USDT']), /^atapi: strategy loops-BTCUSDT-1m-1 stopped: onCandle\(\) did not return within 200 ms \(setting strategy\.timeBudgetMs\) at \d{4}-\d\d-\d\d \d\d:\d\d$/m, 1);
  // Listed without --all since a failed instance is news, but not running.
  const listed = (await atapi(dir, ['strategies'])).out;
  assert.match(listed, /loops-BTCUSDT-1m-1 .* failed/);
  assert.doesNotMatch(listed, /running/);
  assert.match((await atapi(dir, ['strategies', '--all'])).out, /loops-BTCUSDT-1m-1 .* failed/);
});

test('a strategy name with terminal escapes is printed without them', async () => {
  const dir = await dataDir();
  const r = await atapi(dir, ['backtest', '--strategy', strategy('evil', `create() { return { onCandle() {} }; }`, 'ev\u001b]0;owned\u0007il\u001b[2J'), '--candles', '100']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /evil/);
  assert.doesNotMatch(r.out + r.err, /[\u001b\u0007]/);
});
