import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backtestCommand } from '../../source/cli/backtest-command.js';
import { configCommand } from '../../source/cli/config-command.js';
import { runCommand } from '../../source/cli/run-command.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';

async function backtest(args: string[], dataDir = tmpDir()): Promise<{ code: number; out: string }> {
  const c = captureIO(dataDir);
  const code = await backtestCommand(args, c.io);
  return { code, out: c.out() };
}

const GRID = ['--strategy', 'grid', '--lower', '92000', '--upper', '98000', '--levels', '13', '--size', '500USDT', '--candles', '600', '--timeframe', '1m'];

test('atapi backtest --strategy grid --json: its fills (limit prices named), figures and size', async () => {
  const { code, out } = await backtest([...GRID, '--json']);
  assert.equal(code, 0);
  const r = JSON.parse(out);
  assert.equal(r.strategy, 'grid');
  assert.equal(r.size, '500USDT');
  assert.deepEqual(r.params, { lower: 92_000, upper: 98_000, levels: 13 });
  assert.ok(r.fills.length >= 3, `fills ${r.fills.length}`);
  assert.ok(r.fills.some((f: { limit?: number }) => f.limit !== undefined), 'limit fills name their price');
  for (const k of ['averageEntry', 'invested', 'position', 'restingAtEnd', 'refusedOrders', 'finalEquity']) assert.equal(typeof r[k], 'number', k);
  assert.ok(r.restingAtEnd <= 12, 'never more resting orders than levels - 1');
});

test('atapi backtest --strategy dca: --amount, units in parameters, take-profit, and the report names average entry and invested', async () => {
  const { code, out } = await backtest(['--strategy', 'dca', '--amount', '100USDT', '--every', '1h', '--on-drop', '1%', '--take-profit', '2%', '--candles', '3000', '--timeframe', '1m']);
  assert.equal(code, 0);
  assert.match(out, /Invested +[\d,.]+ USDT \(fees included\)/);
  assert.match(out, /Orders +size 100USDT each/);
  assert.match(out, /Exits +--take-profit 2%/);
  const json = JSON.parse((await backtest(['--strategy', 'dca', '--amount', '100USDT', '--every', '1h', '--candles', '300', '--timeframe', '1m', '--json'])).out);
  assert.equal(json.params.every, 3_600_000);
  assert.equal(json.fills.filter((f: { side: string }) => f.side === 'buy').length, 5, 'at the first close, then each hour of 300 minutes');
});

test('grid.outOfRange hold keeps the book in a backtest too', async () => {
  const dir = tmpDir();
  assert.equal(await configCommand(['set', 'grid.outOfRange', 'hold'], captureIO(dir).io), 0);
  const narrow = ['--strategy', 'grid', '--lower', '94000', '--upper', '96000', '--levels', '5', '--size', '100USDT', '--candles', '3000', '--timeframe', '1m', '--json'];
  const held = JSON.parse((await backtest(narrow, dir)).out);
  const stopped = JSON.parse((await backtest(narrow)).out);
  assert.equal(stopped.left?.action, 'stop');
  assert.equal(stopped.restingAtEnd, 0);
  assert.equal(held.left?.action, 'hold');
});

test('bad input for grid and dca is one clear line', async () => {
  await assert.rejects(backtest(['--strategy', 'grid', '--candles', '50']), /grid needs --lower and --upper with 0 < lower < upper/);
  await assert.rejects(backtest([...GRID, '--stop-loss', '3%']), /grid leaves by its range/);
  await assert.rejects(backtest(['--strategy', 'dca', '--every', 'soon']), /--every needs a number, a percent \(3%\) or a duration/);
  await assert.rejects(backtest(['--strategy', 'dca', '--every', '5']), /--every is a duration: give its unit, like 5m/, 'as start refuses it');
  await assert.rejects(backtest(['--strategy', 'dca', '--every', '1h', '--size', '100USDT', '--amount', '5USDT']), /--amount is another name for --size/);
  await assert.rejects(backtest(['--strategy', 'sma', '--size', '100USDT', '--futures']), /--size is not in the futures backtest/);
  await assert.rejects(backtest(['--strategy', 'sma', '--size', 'lots']), /bad size "lots"/);
  await assert.rejects(backtest(['--strategy', 'dca', '--every', '1h', '--futures']), /dca keeps resting orders: the futures backtest does not run it yet/);
});

test('atapi backtest --strategy sma --size 100USDT spends what start sma --size 100USDT spends, not the whole cash', async () => {
  const args = ['--strategy', 'sma', '--fast', '5', '--slow', '20', '--candles', '600', '--timeframe', '1m'];
  const sized = JSON.parse((await backtest([...args, '--size', '100USDT', '--json'])).out);
  const whole = JSON.parse((await backtest([...args, '--json'])).out);
  assert.equal(sized.size, '100USDT');
  const buy = sized.fills.find((f: { side: string }) => f.side === 'buy');
  assert.ok(Math.abs(buy.quantity * buy.price + buy.fee - 100) < 1e-6, `one entry spends 100 USDT, fee included (${buy.quantity * buy.price + buy.fee})`);
  assert.ok(Math.abs(sized.finalEquity - 10_000) < Math.abs(whole.finalEquity - 10_000), 'the rest of the cash stays out of the market');
  const { out } = await backtest([...args, '--size', '100USDT']);
  assert.match(out, /a buy spends B = 100USDT \(--size,/);
});

test('atapi backtest --help gives a duration or percent parameter in the units it is typed in', async () => {
  const { out } = await backtest(['--help']);
  assert.match(out.replace(/\s+/g, ' '), /--every DURATION \(default 0, 0\.\.366d\), --on-drop P% \(default 0%, 0%\.\.99%\)/);
});

test('atapi run --once refuses grid and dca with a line saying where they run', async () => {
  const c = captureIO(tmpDir());
  await assert.rejects(runCommand(['--strategy', 'grid', '--symbol', 'BTC/USDT', '--once'], c.io), /grid keeps resting orders and buys between candles, which atapi run cannot carry \(--once evaluates one candle/);
});
