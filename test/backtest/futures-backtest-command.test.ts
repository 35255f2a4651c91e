import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { backtestCommand } from '../../source/cli/backtest-command.js';
import type { CliIO } from '../../source/cli/io.js';
import { tmpDir } from '../helpers/tmp.js';

const H = 3_600_000;
/** 2024-01-01 00:00 UTC. */
const T0 = 1_704_067_200_000;

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIO = { stdout, stderr, env: {}, dataDir: tmpDir(), color: false, interactive: false };
  return { code: await backtestCommand(args, io), out, err };
}

/** Hourly candle rows from closes, each opening at the previous close. */
function candles(closes: number[]): string {
  return closes.map((c, i) => {
    const o = i === 0 ? c : closes[i - 1];
    return `${T0 + i * H},${o},${Math.max(o, c)},${Math.min(o, c)},${c},1,${T0 + (i + 1) * H - 1}`;
  }).join('\n');
}

function files(closes: number[], funding?: string): { data: string; funding: string } {
  const dir = tmpDir();
  const data = path.join(dir, 'c.csv');
  fs.writeFileSync(data, candles(closes));
  const f = path.join(dir, 'BTCUSDT-fundingRate-2024-01.csv');
  fs.writeFileSync(f, funding ?? `calc_time,funding_interval_hours,last_funding_rate\n${T0},8,0.0001\n${T0 + 8 * H + 3},8,0.0004\n${T0 + 16 * H},8,-0.0002\n`);
  return { data, funding: f };
}

// sma-ls 2/3 on these closes: short at the open of t4 (7), still short at the 08:00 mark (t8, open 4).
const CLOSES = [10, 10, 10, 7, 4, 4, 4, 4, 4, 4, 4, 4];

test('--futures --json: funding paid and received, liquidations, leverage used, fills with their action', async () => {
  const f = files(CLOSES);
  const r = await run(['--futures', '--strategy', 'sma-ls', '--fast', '2', '--slow', '3', '--timeframe', '1h', '--data', f.data, '--leverage', '2', '--funding', f.funding, '--fee', '0', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as Record<string, unknown> & { fills: { action: string; position: string }[]; funding: { time: number; rate: number; amount: number }[]; liquidations: unknown[] };
  assert.equal(j.symbol, 'BTC/USDT:USDT');
  assert.equal(j.futures, true);
  assert.equal(j.leverage, 2);
  assert.deepEqual(j.fills.map((x) => `${x.action} ${x.position}`), ['open short']);
  // Short 2x of 10,000 at 7: qty 20,000 / 7; the 08:00 rate 0.04% is received on the notional at 4.
  assert.deepEqual(j.funding.map((x) => [x.time, x.rate]), [[T0 + 8 * H, 0.0004]]);
  assert.ok(Math.abs(j.funding[0].amount - (20_000 / 7) * 4 * 0.0004) < 1e-9);
  assert.equal(j.fundingPaid, 0);
  assert.ok(Math.abs((j.fundingReceived as number) - (20_000 / 7) * 4 * 0.0004) < 1e-9);
  assert.deepEqual(j.liquidations, []);
  assert.equal(typeof j.maxLeverageUsed, 'number');
  assert.ok((j.finalEquity as number) > 10_000, 'the short made money');
  assert.match(String(j.fundingSource), /BTCUSDT-fundingRate-2024-01.csv: 3 rates, 2024-01-01 00:00 .. 2024-01-01 16:00 UTC/);
});

test('the human report states the futures execution model and the futures figures', async () => {
  const f = files(CLOSES);
  const r = await run(['--futures', '--strategy', 'sma-ls', '--fast', '2', '--slow', '3', '--timeframe', '1h', '--data', f.data, '--funding', '0.01%']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /on BTC\/USDT:USDT 1h/);
  assert.match(r.out, /Execution model: USD-M perpetual, one-way, cross margin/);
  assert.match(r.out, /leverage 1x/);
  assert.match(r.out, /Funding 0\.0100% per 8 h \(constant\)/);
  assert.match(r.out, /checked against each candle's low\s+\(long\) or high \(short\) before its close/);
  for (const label of ['Leverage ', 'Fees ', 'Funding ', 'Liquidations   none']) assert.match(r.out, new RegExp(label));
  const help = await run(['--help']);
  assert.match(help.out, /--futures/);
  assert.match(help.out, /--funding RATE\|FILE/);
  assert.match(help.out, /With --futures:\nExecution model: USD-M perpetual/);
});

test('bad futures input: one-line errors naming what is wrong', async () => {
  const f = files(CLOSES, 'calc_time,funding_interval_hours,last_funding_rate\n1704067200000,8,0.0001\n1704096000000,8,0.0o01\n');
  const cases: [string[], RegExp][] = [
    [['--leverage', '3'], /--leverage is for a futures backtest: add --futures/],
    [['--funding', '0.0001'], /--funding is for a futures backtest: add --futures/],
    [['--futures', '--leverage', '200'], /--leverage must be a whole number from 1 to 125 for BTC \(got "200"\)/],
    [['--futures', '--leverage', '1.5'], /--leverage must be a whole number/],
    [['--futures', '--funding', '5%'], /--funding 5% is 5\.0000% per 8 h; a rate is at most 3%/],
    [['--futures', '--funding', '/nonexistent/rates.csv'], /--funding \/nonexistent\/rates.csv: not a rate \(like 0.0001 or 0.01%\) and no such file/],
    [['--futures', '--data', f.data, '--timeframe', '1h', '--funding', f.funding], /BTCUSDT-fundingRate-2024-01.csv line 3: last_funding_rate is not a number \("0.0o01"\)/],
    [['--symbol', 'BTC/USDT:USDT'], /BTC\/USDT:USDT is a perpetual: add --futures/],
  ];
  for (const [args, want] of cases) await assert.rejects(run(['--candles', '100', ...args]), (e: Error) => e.name === 'UserError' && want.test(e.message), want.source);
});

test('a funding file that stops before the position does is an error naming the missing mark', async () => {
  const f = files(CLOSES, `calc_time,funding_interval_hours,last_funding_rate\n${T0},8,0.0001\n`);
  await assert.rejects(
    run(['--futures', '--strategy', 'sma-ls', '--fast', '2', '--slow', '3', '--timeframe', '1h', '--data', f.data, '--funding', f.funding]),
    /no funding rate for 2024-01-01T08:00:00.000Z in .*BTCUSDT-fundingRate-2024-01.csv/,
  );
});
