import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { backtestCommand } from '../../source/cli/backtest-command.js';
import type { CliIO } from '../../source/cli/io.js';
import { tmpDir } from '../helpers/tmp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const H = 3_600_000;
const T0 = 1_704_067_200_000;

async function run(args: string[], dataDir = tmpDir()): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIO = { stdout, stderr, env: {}, dataDir, color: false, interactive: false };
  const code = await backtestCommand(args, io);
  return { code, out, err };
}

/** Hourly rows, µs times and a header like Binance's newer dumps; closes from `closes`. */
function csv(closes: number[]): string {
  const rows = closes.map((c, i) => {
    const o = i === 0 ? c : closes[i - 1];
    return `${(T0 + i * H) * 1000},${o},${Math.max(o, c)},${Math.min(o, c)},${c},1,${(T0 + (i + 1) * H) * 1000 - 1}`;
  });
  return `open_time,open,high,low,close,volume,close_time\n${rows.join('\n')}\n`;
}

test('--help states the execution model and the sma rule', async () => {
  const r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /long-only spot, no leverage, starting cash 10,000.00 USDT/);
  assert.match(r.out, /fills at the next candle's open/);
  assert.match(r.out, /B \/ \(1 \+ fee\) \/ price/);
  assert.match(r.out, /buys when fast > slow\s+while at t-1 fast <= slow/);
  assert.match(r.out, /--skip-bad-rows/);
});

test('--json on a CSV prints one object with every figure and the fills', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'c.csv');
  fs.writeFileSync(file, csv([10, 10, 10, 13, 16, 10, 4, 4]));
  const r = await run(['--strategy', 'sma', '--symbol', 'btcusdt', '--timeframe', '1h', '--data', file, '--fast', '2', '--slow=3', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as Record<string, unknown> & { fills: Record<string, unknown>[] };
  for (const k of ['finalEquity', 'totalReturn', 'maxDrawdown', 'sharpe', 'tradeCount', 'winRate', 'exposure', 'buyAndHoldReturn']) assert.equal(typeof j[k], 'number', k);
  assert.equal(j.symbol, 'BTC/USDT');
  assert.deepEqual(j.params, { fast: 2, slow: 3 });
  assert.equal(j.maxDrawdown, 0.75025);
  assert.equal(j.tradeCount, 1);
  assert.deepEqual(j.fills.map((f) => [f.side, f.time, f.price]), [['buy', T0 + 4 * H, 13], ['sell', T0 + 7 * H, 4]]);
  for (const f of j.fills) for (const k of ['side', 'time', 'price', 'quantity', 'fee']) assert.ok(k in f, k);
});

test('the human report has the figures and an equity chart', async () => {
  const r = await run(['--candles', '500', '--seed', '4']);
  assert.equal(r.code, 0);
  for (const label of ['Final equity', 'Total return', 'Buy and hold', 'Max drawdown', 'Sharpe', 'Trades', 'Exposure', 'Equity']) assert.match(r.out, new RegExp(label));
  assert.match(r.out, /SIMULATED/);
  assert.match(r.out, /┤/);
  assert.equal((await run(['--candles', '500', '--seed', '4'])).out, r.out, 'same seed, same report');
});

test('malformed rows stop the run with their line numbers unless --skip-bad-rows', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'bad.csv');
  const lines = csv([10, 11, 12, 13, 14, 15, 16]).split('\n');
  lines[3] = lines[3].split(',').map((f, i) => (i === 4 ? 'x' : f)).join(','); // line 4: close not a number
  lines.splice(6, 0, lines[5]); // line 7: duplicate of line 6
  fs.writeFileSync(file, lines.join('\n'));
  await assert.rejects(run(['--data', file, '--timeframe', '1h']), /stopped at 3 problem\(s\) in .*bad.csv: fix the rows above or pass --skip-bad-rows/);
  const skipped = await run(['--data', file, '--timeframe', '1h', '--skip-bad-rows', '--json']);
  assert.equal(skipped.code, 0);
  assert.match(skipped.err, /line 4: close is not a number \("x"\)/);
  assert.match(skipped.err, /line 5: gap: 1 candle\(s\) missing/, 'dropping line 4 leaves a gap, reported and kept');
  assert.match(skipped.err, /line 7: duplicate open_time/);
  assert.equal((JSON.parse(skipped.out) as { candles: number }).candles, 6);
});

test('clear one-line errors: wrong timeframe, missing file, bad parameters, unknown exchange data', async () => {
  const dir = tmpDir();
  const file = path.join(dir, 'c.csv');
  fs.writeFileSync(file, csv([1, 2, 3, 4, 5, 6]));
  await assert.rejects(run(['--data', file, '--timeframe', '1d']), /are 1h apart, not 1d: pass --timeframe 1h/);
  await assert.rejects(run(['--data', path.join(dir, 'none.csv')]), /cannot read --data .*none.csv: no such file/);
  await assert.rejects(run(['--fast', '40']), /sma needs --fast below --slow \(got fast 40, slow 30\)/);
  await assert.rejects(run(['--period', '5']), /sma has no parameter "period" \(it has: fast, slow\)/);
  await assert.rejects(run(['--fee', '2']), /--fee must be a number from 0 to 0.1 \(got "2"\)/);
  await assert.rejects(run(['--timeframe', '7m']), /bad --timeframe "7m"/);
  await assert.rejects(run(['--exchange', 'nosuchexchange']), /unknown exchange "nosuchexchange"/);
});

test('a user strategy loads from a .ts path', async () => {
  const r = await run(['--strategy', path.join(root, 'examples/strategy-template.ts'), '--period', '15', '--band', '0.05', '--candles', '2000', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { strategy: string; params: unknown; fills: unknown[] };
  assert.equal(j.strategy, 'ema-trend');
  assert.deepEqual(j.params, { period: 15, band: 0.05, stop: 0 });
  assert.ok(j.fills.length > 0);
});

test('backtest --stop-loss --take-profit --trailing: the exits fire with the live rule and name themselves in the fills; bad ones are one line', async () => {
  const plain = JSON.parse((await run(['--strategy', 'sma', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--candles', '2000', '--json'])).out) as { fills: { reason: string }[] };
  const r = await run(['--strategy', 'sma', '--symbol', 'BTC/USDT', '--timeframe', '1m', '--candles', '2000', '--stop-loss', '0.3%', '--trailing', '0.3', '--json']);
  assert.equal(r.code, 0, r.err);
  const fills = (JSON.parse(r.out) as { fills: { reason: string }[] }).fills;
  assert.ok(fills.some((f) => /^(stop-loss 0\.3%|trailing 0\.3%): close /.test(f.reason)), 'an exit fired');
  assert.ok(!plain.fills.some((f) => /^(stop-loss|trailing) /.test(f.reason)), 'none without the flags');
  await assert.rejects(run(['--stop-loss', '0%']), (err: Error) => err.name === 'UserError' && /^bad --stop-loss "0%": a percent of the entry price above 0 and below 100/.test(err.message));
  await assert.rejects(run(['--futures', '--trailing', '2%']), (err: Error) => /not in the futures backtest yet/.test(err.message));
});
