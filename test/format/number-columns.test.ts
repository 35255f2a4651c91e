import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';
import { tmpDir } from '../helpers/tmp.js';

// Issue 13 item 7 in the shell (and so in one-shot output, which runs the same commands):
// fixed decimals per market, trailing zeros kept, and columns that line up.

const session = await createSession({ persist: false, tickMs: 0, seed: 4, dataDir: tmpDir() });
after(() => session.close());
const run = async (line: string) => {
  const out = await runLine(session, line, { source: 'shell', color: false });
  assert.equal(out.ok, true, out.text);
  return out.text.split('\n');
};
const sameColumn = (lines: readonly string[], at: (l: string) => number): void => {
  const edges = lines.map(at);
  assert.ok(edges.every((e) => e === edges[0]), lines.join('\n'));
};

test('balance: dollars to the cent and coins to 8 decimals, never raw; the value column lines up', async () => {
  await run('buy BTC/USDT 0.01');
  await run('buy XRP/USDT 10.5');
  const lines = await run('balance');
  const rows = lines.filter((l) => /^(USDT|BTC|XRP)\s/.test(l));
  assert.equal(rows.length, 3, lines.join('\n'));
  assert.match(rows.find((l) => l.startsWith('USDT'))!, /^USDT\s+[\d,]+\.\d\d\s+0\.00\s+[\d,]+\.\d\d$/);
  assert.match(rows.find((l) => l.startsWith('BTC'))!, /^BTC\s+0\.01000000\s+0\.00000000\s/);
  assert.match(rows.find((l) => l.startsWith('XRP'))!, /^XRP\s+10\.50000000\s/);
  sameColumn(rows, (l) => l.length);
  sameColumn(rows, (l) => l.lastIndexOf('.'));
  assert.match(lines[lines.length - 1], /^total [\d,]+\.\d\d USDT$/);
});

test('orders, trades and positions: quantity at the lot size, price at the tick size, fee at the asset\'s precision', async () => {
  await run('buy TRX/USDT 100 0.1');
  const orders = await run('orders --all');
  assert.match(orders.find((l) => /TRX\/USDT/.test(l))!, /TRX\/USDT\s+buy\s+limit\s+100\.0\s+0\.10000\s+0\.0\s+open/);
  assert.match(orders.find((l) => /BTC\/USDT/.test(l))!, /BTC\/USDT\s+buy\s+market\s+0\.01000\s+market\s+0\.01000\s+filled/);
  const trades = await run('trades');
  const btc = trades.find((l) => /BTC\/USDT/.test(l))!;
  assert.match(btc, /\s0\.01000\s+[\d,]+\.\d\d\s+\d+\.\d{4} USDT\s/, btc);
  const positions = await run('positions');
  assert.match(positions.find((l) => l.startsWith('BTC/USDT'))!, /^BTC\/USDT\s+0\.01000\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d\s/);
  assert.match(positions.find((l) => l.startsWith('XRP/USDT'))!, /^XRP\/USDT\s+10\.5\s+\d\.\d{4}\s+\d\.\d{4}\s/);
});

test('tickers and book: every price of a market with its tick\'s decimals; the change is a signed percent', async () => {
  const tickers = await run('tickers');
  const trx = tickers.find((l) => l.startsWith('TRX/USDT'))!;
  assert.match(trx, /^TRX\/USDT\s+0\.\d{5}\s+0\.\d{5}\s+0\.\d{5}\s+(?:[+-]\d+\.\d\d|0\.00)%\s/);
  for (const l of tickers.slice(1)) assert.doesNotMatch(l, /[▲▼]|-0\.00%/);
  sameColumn(tickers.slice(1), (l) => /^\S+\s+\S+/.exec(l)![0].length);
  const book = await run('book BTC/USDT 3');
  for (const l of book.slice(2)) assert.match(l, /^\s*\d\.\d{5}\s+[\d,]+\.\d\d\s+[\d,]+\.\d\d\s+\d\.\d{5}$/, l);
});
