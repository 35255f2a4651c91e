import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { backtestCommand } from '../../source/cli/backtest-command.js';
import { captureIO } from '../helpers/cli-io.js';
import { tmpDir } from '../helpers/tmp.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/carry');
const SPOT = path.join(FIX, 'BTCUSDT-1h-2024-01-01.csv');
const PERP = path.join(FIX, 'BTCUSDT-um-1h-2024-01-01.csv');
const FUNDING = path.join(FIX, 'BTCUSDT-fundingRate-2024-01.csv');
const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} against ${b}`);

async function backtest(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureIO(tmpDir());
  const code = await backtestCommand(['--strategy', 'carry', ...args], io);
  return { code, out: out(), err: err() };
}

test('backtest --strategy carry on Binance public-data files: entries, exits and figures worked by hand', async () => {
  const r = await backtest(['--data', SPOT, '--perp-data', PERP, '--funding', FUNDING, '--size', '1000USDT', '--min-apr', '5%', '--exit-apr', '2.5%', '--hold-days', '30', '--json']);
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as Record<string, number | string | boolean | unknown[]>;
  // Spot 40,000 and the perpetual 40,040 on the first day; 40,100 and 40,020 on the second.
  // Rates 0.01%, 0.01%, 0.02%, 0.003%, 0.01%, 0.01%: net APR 7.3% (in at 5%), ..., -0.365% (out below 2.5%), 7.3% (in again).
  assert.equal(j.entries, 2);
  assert.equal(j.exits, 1);
  assert.equal(j.openAtEnd, true);
  assert.equal(j.fundingMarks, 6);
  const q2 = 0.02493765; // 1000 / 40,100 to the 1e-8
  // Paid at 08:00 and 16:00 on 40,040; at 00:00 on the second day on 40,020; again at 16:00 on the second entry.
  const funding = 0.025 * 40_040 * 0.0001 + 0.025 * 40_040 * 0.0002 + 0.025 * 40_020 * 0.00003 + q2 * 40_020 * 0.0001;
  close(j.funding as number, funding, 'funding');
  // First round trip: 0.1% spot and 0.05% perpetual on each leg in and out; then the second entry.
  const fees = 1 + 0.5005 + 0.025 * 40_100 * 0.001 + 0.025 * 40_020 * 0.0005 + q2 * 40_100 * 0.001 + q2 * 40_020 * 0.0005;
  close(j.fees as number, fees, 'fees');
  // Spot +2.5 (40,000 to 40,100), the short +0.5 (40,040 to 40,020); the open legs at the last closes: 0.
  close(j.basisPnl as number, 3, 'basis');
  close(j.net as number, funding + 3 - fees, 'net');
  // In 00:00 day 1 to 00:00 day 2, and 08:00 to 23:00 (the last candle) of day 2: 39 of 47 hours.
  close(j.timeInPosition as number, 39 / 47, 'time in position');
  assert.equal((j.payments as unknown[]).length, 4);
  assert.equal((j.fills as unknown[]).length, 6);
  assert.equal(j.perpSymbol, 'BTC/USDT:USDT');

  const text = await backtest(['--data', SPOT, '--perp-data', PERP, '--funding', FUNDING, '--min-apr', '5%', '--exit-apr', '2.5%', '--hold-days', '30']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /Entries\/exits +2 \/ 1 \(open at the end/);
  assert.match(text.out, /Net +-?[\d.]+ USDT/);
});

test('bad input: each a one-line error saying what was wrong', async () => {
  const dir = tmpDir();
  const write = (name: string, text: string): string => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  // The spot candles ten days later: no hour in common with the perpetual's.
  const shift = (line: string): string => line.split(',').map((f, i) => (i === 0 || i === 6 ? String(Number(f) + 10 * 86_400_000) : f)).join(',');
  const later = write('later.csv', fs.readFileSync(SPOT, 'utf8').trim().split('\n').map(shift).join('\n'));
  const cases: [readonly string[], RegExp][] = [
    [['--data', SPOT, '--funding', FUNDING], /needs --perp-data PERP\.csv/],
    [['--data', SPOT, '--perp-data', path.join(dir, 'missing.csv'), '--funding', FUNDING], /cannot read --perp-data .*missing\.csv: no such file/],
    [['--data', SPOT, '--perp-data', PERP, '--funding', write('f.csv', 'calc_time,funding_interval_hours,last_funding_rate\n1704067200000,8,abc\n')], /last_funding_rate is not a number/],
    [['--data', SPOT, '--perp-data', write('p.csv', 'open_time,open,high\n1704067200000,1,2\n'), '--funding', FUNDING], /bad row|missing fields|problem/],
    [['--data', later, '--perp-data', PERP, '--funding', FUNDING], /do not overlap/],
    [['--data', SPOT, '--perp-data', PERP, '--funding', write('g.csv', '1706745600000,8,0.0001\n')], /do not cover a funding mark/],
    [['--data', SPOT, '--perp-data', PERP, '--funding', FUNDING, '--min-apr', '5%', '--exit-apr', '6%'], /must be below --min-apr/],
    [['--data', SPOT, '--perp-data', PERP, '--funding', FUNDING, '--leverage', '3'], /--leverage is not an option of the carry backtest/],
  ];
  for (const [args, why] of cases) {
    await assert.rejects(backtest(args), (err: Error) => {
      assert.match(err.message, why);
      assert.ok(!err.message.includes('\n'), `one line: ${err.message}`);
      return true;
    });
  }
  const { io } = captureIO(dir);
  await assert.rejects(backtestCommand(['--strategy', 'sma', '--perp-data', PERP], io), /--perp-data is for the funding carry: --strategy carry/);
});
