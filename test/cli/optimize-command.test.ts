import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { backtestCommand } from '../../source/cli/backtest-command.js';
import { optimizeCommand } from '../../source/cli/optimize-command.js';
import { UserError } from '../../source/domain/index.js';
import { dcaStrategy } from '../../source/strategies/dca.js';
import { paramValueText } from '../../source/strategies/strategy.js';
import { atapiBin } from '../helpers/atapi-bin.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';
import { generatedCsv, knownOptimumData } from '../app/optimize/fixtures.js';

type Trial = Record<string, unknown> & { params: Record<string, number>; id: string };
interface Out {
  best: Trial & { metric: number };
  trials: Trial[];
  refused: number;
  ran: number;
  fromStudy: number;
}

async function optimize(args: string[]): Promise<Out> {
  const { io, out, err } = captureIO(tmpDir());
  const code = await optimizeCommand(args, io);
  assert.equal(code, 0, err());
  assert.equal(err(), '', 'no progress on stderr when it is not a terminal');
  return JSON.parse(out()) as Out;
}

async function refusal(args: string[]): Promise<string> {
  const { io } = captureIO(tmpDir());
  try {
    await optimizeCommand(args, io);
  } catch (err) {
    assert.ok(err instanceof UserError, String(err));
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.message;
  }
  return assert.fail(`accepted: ${args.join(' ')}`);
}

const dir = tmpDir();
const known = knownOptimumData(dir);
const cosine = ['--strategy', known.strategy, '--data', known.data, '--timeframe', '1h', '--metric', 'return', '--json'];

test('grid finds the known optimum of the cosine series (a user strategy, on worker threads)', async () => {
  const r = await optimize([...cosine, '--param', 'enter=0:120:10', '--param', 'exit=40:230:10', '--workers', '2']);
  assert.deepEqual(r.best.params, { enter: 80, exit: 160 });
  assert.equal(r.trials.length, 13 * 20);
  assert.equal(r.refused, r.trials.filter((t) => 'error' in t).length);
  assert.ok(r.refused > 0, 'exit not after enter is refused, not fatal');
  assert.equal(r.best.metric, r.best.totalReturn, 'the metric is the report figure');
});

test('random and tpe find it too, seeded (tpe with fewer trials than random)', async () => {
  const space = ['--param', 'enter=0:120:10', '--param', 'exit=40:230:10', '--workers', '1'];
  const random = await optimize([...cosine, ...space, '--method', 'random', '--trials', '160', '--seed', '1']);
  assert.equal(random.trials.length, 160);
  assert.deepEqual(random.best.params, { enter: 80, exit: 160 });
  const tpe = await optimize([...cosine, ...space, '--method', 'tpe', '--trials', '80', '--seed', '1']);
  assert.equal(tpe.trials.length, 80);
  assert.equal(new Set(tpe.trials.map((t) => t.id)).size, 80, 'no point twice');
  assert.deepEqual(tpe.best.params, { enter: 80, exit: 160 });
});

test('the best parameters run through atapi backtest give exactly the reported figures', async () => {
  const data = generatedCsv(dir, 3000);
  const r = await optimize(['--strategy', 'sma', '--data', data, '--timeframe', '1h', '--param', 'fast=4:20:4', '--param', 'slow=20:60:10', '--workers', '2', '--json']);
  const { io, out, err } = captureIO(tmpDir());
  assert.equal(await backtestCommand(['--strategy', 'sma', '--data', data, '--timeframe', '1h', '--fast', String(r.best.params.fast), '--slow', String(r.best.params.slow), '--json'], io), 0, err());
  const bt = JSON.parse(out()) as Record<string, unknown>;
  for (const k of ['finalEquity', 'totalReturn', 'maxDrawdown', 'sharpe', 'calmar', 'profitFactor', 'tradeCount', 'winRate', 'exposure', 'buyAndHoldReturn', 'candles']) assert.deepEqual(r.best[k], bt[k], k);
  // Futures too: the perpetual backtest, the same figures.
  const f = await optimize(['--strategy', 'sma-ls', '--futures', '--leverage', '2', '--data', data, '--timeframe', '1h', '--param', 'fast=5:15:5', '--param', 'slow=30:50:10', '--workers', '1', '--json']);
  const fio = captureIO(tmpDir());
  assert.equal(await backtestCommand(['--strategy', 'sma-ls', '--futures', '--leverage', '2', '--data', data, '--timeframe', '1h', '--fast', String(f.best.params.fast), '--slow', String(f.best.params.slow), '--json'], fio.io), 0, fio.err());
  const fbt = JSON.parse(fio.out()) as Record<string, unknown>;
  for (const k of ['finalEquity', 'totalReturn', 'maxDrawdown', 'sharpe', 'tradeCount']) assert.deepEqual(f.best[k], fbt[k], `futures ${k}`);
  // And a Monte Carlo of the best perpetual result's round trips, as spot has.
  const mc = (f as Out & { monteCarlo?: { trades: number; runs: number; median: number; p95: number; worst: number } }).monteCarlo;
  assert.ok(mc !== undefined, 'futures has a Monte Carlo');
  assert.equal(mc.runs, 1000);
  assert.equal(mc.trades, f.best.tradeCount);
  assert.ok(mc.median <= mc.p95 && mc.p95 <= mc.worst);
});

test('the table, the heatmap and --csv', async () => {
  const data = generatedCsv(dir, 1500);
  const { io, out, err } = captureIO(tmpDir());
  assert.equal(await optimizeCommand(['--data', data, '--param', 'fast=2:10:2', '--param', 'slow=12:30:6', '--workers', '1', '--top', '3'], io), 0, err());
  assert.match(out(), /Optimize sma on BTC\/USDT 1h: 20 trials by grid, ranked by sharpe/);
  assert.match(out(), /#\s+sharpe\s+return\s+drawdown\s+trades\s+win rate\s+fast\s+slow\n\s*1 /);
  assert.equal(out().split('\n').filter((l) => /^\s*\d+\s+-?\d/.test(l)).length, 3, '--top 3 rows');
  assert.match(out(), /Best: sharpe .*Check it: atapi backtest --strategy sma .* --fast \d+ --slow \d+/);
  assert.match(out(), /Heatmap of sharpe/);
  assert.match(out(), /rows: slow 12 \.\. 30; columns: fast 2 \.\. 10/);
  const csv = captureIO(tmpDir());
  assert.equal(await optimizeCommand(['--data', data, '--param', 'fast=2:10:2', '--param', 'slow=12:30:6', '--workers', '1', '--csv'], csv.io), 0);
  const lines = csv.out().trim().split('\n');
  assert.equal(lines[0], 'id,fast,slow,totalReturn,maxDrawdown,sharpe,calmar,profitFactor,tradeCount,winRate,exposure,finalEquity,buyAndHoldReturn,candles,initialCash,openTrade,error');
  assert.equal(lines.length, 21);
});

test('bad input: one clear line each, nothing run', async () => {
  const data = generatedCsv(dir, 200);
  const base = ['--data', data, '--workers', '1'];
  assert.match(await refusal([...base, '--param', 'speed=1:5']), /sma has no parameter "speed"/);
  assert.match(await refusal([...base, '--param', 'fast=9:3']), /empty range/);
  assert.match(await refusal([...base, '--param', 'fast=1:1000000000']), /1,000,000,000 points; at most 100,000/);
  assert.match(await refusal([...base, '--param', 'fast=1:2000', '--param', 'slow=2:2000']), /the grid has 3,998,000 points; at most 1,000,000/);
  assert.match(await refusal([...base, '--param', 'fast=1:5', '--metric', 'fun']), /--metric must be one of sharpe, return, calmar, profit-factor/);
  assert.match(await refusal([...base, '--param', 'fast=1:5', '--method', 'annealing']), /--method must be one of grid, random, tpe/);
  assert.match(await refusal([...base, '--param', 'fast=1:5', '--trials', '10']), /--trials is for --method random or tpe/);
  assert.match(await refusal([...base, '--param', 'fast=1:5', '--workers', '0']), /--workers must be a whole number from 1 to 256/);
  assert.match(await refusal([...base, '--param', 'fast=1:5', '--fast', '3']), /unknown option --fast/);
  assert.match(await refusal([...base, '--strategy', 'grid', '--param', 'levels=3:5', '--stop-loss', '3%']), /grid leaves by its range/);
  assert.match(await refusal(['--param', 'fast=1:5']), /--data FILE\[,FILE\.\.\.\] is required/);
  assert.match(await refusal([...base, '--param', 'fast=1:5', '--json', '--csv']), /pick one/);
  assert.match(await refusal(['--data', `${data},${data}`, '--param', 'fast=1:5']), /not after the end of/);
  assert.match(await refusal([...base, '--strategy', 'dca', '--param', 'every=1h:1x']), /^--param every: the high end "1x" is not a number, a percent \(3%\) or a duration \(15m, 1h, 1d\)/);
});

test('--help names every option', async () => {
  const { io, out } = captureIO(tmpDir());
  assert.equal(await optimizeCommand(['--help'], io), 0);
  for (const o of ['--param', '--method', '--trials', '--metric', '--seed', '--workers', '--study', '--json', '--csv', '--futures', '--heatmap']) assert.ok(out().includes(o), o);
});

test('the bundled command line runs the sweep on its own worker entry, with the same results', async () => {
  const data = generatedCsv(dir, 800);
  const args = ['optimize', '--data', data, '--param', 'fast=2:8:2', '--param', 'slow=10:20:5', '--json'];
  const { stdout } = await promisify(execFile)(process.execPath, [atapiBin(), ...args, '--workers', '2'], { env: { ...process.env, ATAPI_DATA_DIR: tmpDir() } });
  const bundled = JSON.parse(stdout) as Out;
  const local = await optimize([...args.slice(1), '--workers', '1']);
  assert.deepEqual(bundled.trials, local.trials);
});

test('a sweep killed half way resumes where it stopped: no trial runs twice, the same results', async () => {
  const data = generatedCsv(dir, 100_000, 3);
  const study = path.join(tmpDir(), 'study.jsonl');
  const args = ['--data', data, '--param', 'fast=2:40:2', '--param', 'slow=45:100:5', '--workers', '1', '--json'];
  const child = spawn(process.execPath, [atapiBin(), 'optimize', ...args, '--study', study], { env: { ...process.env, ATAPI_DATA_DIR: tmpDir() }, stdio: 'ignore' });
  const lines = (): number => (fs.existsSync(study) ? fs.readFileSync(study, 'utf8').split('\n').length - 2 : 0);
  // Killed once some trials are written and before the last (240 in all): no timing assumed.
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  while (lines() < 40) await new Promise((r) => setTimeout(r, 50));
  child.kill('SIGKILL');
  await exited;
  const before = lines();
  assert.ok(before >= 40 && before < 240, `killed mid-way (${before} trials written)`);
  const resumed = await optimize([...args, '--study', study]);
  assert.equal(resumed.fromStudy, before, 'every written trial came from the study');
  assert.equal(resumed.ran, 240 - before, 'only the missing ones ran');
  const ids = fs.readFileSync(study, 'utf8').trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { id: string }).id);
  assert.equal(ids.length, 240);
  assert.equal(new Set(ids).size, 240, 'no trial twice in the study');
  const fresh = await optimize(args);
  assert.deepEqual(resumed.trials, fresh.trials, 'the same results as a sweep never stopped');
});

test('--walk-forward K: each fold chooses in sample and is scored on the next window; a Monte Carlo of the best', async () => {
  const data = generatedCsv(dir, 3000, 11);
  const r = (await optimize(['--data', data, '--param', 'fast=3:12:3', '--param', 'slow=20:50:10', '--workers', '1', '--walk-forward', '3', '--metric', 'return', '--json'])) as Out & {
    walkForward: { fold: number; inSample: { firstTime: number; lastTime: number; candles: number }; outOfSample: { firstTime: number; lastTime: number; candles: number }; params: Record<string, number>; inSampleMetric: number; outOfSampleMetric: number; outOfSampleFigures: Record<string, unknown> }[];
    monteCarlo: { trades: number; runs: number; median: number; p95: number };
  };
  assert.equal(r.walkForward.length, 3);
  for (const f of r.walkForward) {
    assert.equal(f.inSample.candles, 750);
    assert.ok(f.outOfSample.firstTime > f.inSample.lastTime, 'out of sample comes after');
    assert.equal(f.outOfSampleMetric, f.outOfSampleFigures.totalReturn);
  }
  // Fold 1's choice is the best of the same grid run on its window alone.
  const { io, out } = captureIO(tmpDir());
  const firstWindow = path.join(tmpDir(), 'w1.csv');
  fs.writeFileSync(firstWindow, fs.readFileSync(data, 'utf8').trim().split('\n').slice(0, 750).join('\n'));
  assert.equal(await optimizeCommand(['--data', firstWindow, '--param', 'fast=3:12:3', '--param', 'slow=20:50:10', '--workers', '1', '--metric', 'return', '--json'], io), 0);
  const alone = JSON.parse(out()) as Out;
  assert.deepEqual(r.walkForward[0].params, alone.best.params);
  assert.equal(r.walkForward[0].inSampleMetric, alone.best.totalReturn);
  assert.equal(r.monteCarlo.runs, 1000);
  assert.equal(r.monteCarlo.trades, r.best.tradeCount);
  assert.ok(r.monteCarlo.median <= r.monteCarlo.p95);
});

test('grid and dca sweeps: their parameters and --size, each trial exactly atapi backtest; no Monte Carlo of partial fills', async () => {
  const data = generatedCsv(dir, 3000, 4);
  const first = Number(fs.readFileSync(data, 'utf8').split('\n')[0].split(',')[4]);
  const lowers = [0.8, 0.9].map((k) => Math.round(first * k));
  const uppers = [1.1, 1.3].map((k) => Math.round(first * k));
  const g = (await optimize(['--strategy', 'grid', '--data', data, '--timeframe', '1h', '--param', `lower=${lowers.join(',')}`, '--param', `upper=${uppers.join(',')}`, '--param', 'levels=5:20:5', '--size', '300USDT', '--metric', 'return', '--workers', '2', '--json'])) as Out & { monteCarlo?: unknown };
  assert.equal(g.trials.length, 16);
  assert.equal(g.refused, 0);
  assert.equal(g.monteCarlo, undefined);
  const gio = captureIO(tmpDir());
  assert.equal(await backtestCommand(['--strategy', 'grid', '--data', data, '--timeframe', '1h', '--size', '300USDT', ...Object.entries(g.best.params).flatMap(([k, v]) => [`--${k}`, String(v)]), '--json'], gio.io), 0, gio.err());
  const gbt = JSON.parse(gio.out()) as Record<string, unknown>;
  for (const k of ['finalEquity', 'totalReturn', 'maxDrawdown', 'sharpe', 'calmar', 'exposure']) assert.deepEqual(g.best[k], gbt[k], `grid ${k}`);
  // dca on its default size, with an exit: the same run as the backtest's.
  const d = await optimize(['--strategy', 'dca', '--data', data, '--timeframe', '1h', '--param', 'every=3600000,86400000', '--param', 'on-drop=0:4:2', '--take-profit', '5%', '--workers', '1', '--json']);
  assert.equal(d.trials.length, 6);
  // The same sweep with units, as backtest's --every 1h takes them: the same trials.
  const du = await optimize(['--strategy', 'dca', '--data', data, '--timeframe', '1h', '--param', 'every=1h,1d', '--param', 'on-drop=0%:4%:2%', '--take-profit', '5%', '--workers', '1', '--json']);
  assert.deepEqual(du.trials, d.trials);
  const dio = captureIO(tmpDir());
  // Typed as the trader types them (--every 1h: a bare number of milliseconds is refused), as the sweep's "Check it" line prints them.
  assert.equal(await backtestCommand(['--strategy', 'dca', '--data', data, '--timeframe', '1h', '--take-profit', '5%', ...Object.entries(d.best.params).flatMap(([k, v]) => [`--${k}`, paramValueText(dcaStrategy.params[k], v)]), '--json'], dio.io), 0, dio.err());
  const dbt = JSON.parse(dio.out()) as Record<string, unknown>;
  for (const k of ['finalEquity', 'totalReturn', 'maxDrawdown', 'sharpe', 'tradeCount']) assert.deepEqual(d.best[k], dbt[k], `dca ${k}`);
  // What the backtest refuses, the sweep refuses in the same line.
  assert.match(await refusal(['--strategy', 'sma', '--data', data, '--param', 'fast=5:10:5', '--size', '100USDT']), /--size is for grid and dca/);
  assert.match(await refusal(['--strategy', 'grid', '--data', data, '--param', 'levels=5:10:5', '--futures']), /futures backtest does not run it yet/);
  assert.match(await refusal(['--strategy', 'grid', '--data', data, '--param', 'levels=5:10:5', '--size', 'lots']), /size/i);
});
