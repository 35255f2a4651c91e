import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

const run = (s: Awaited<ReturnType<typeof createSession>>, line: string) => runLine(s, line, { source: 'shell', color: false });

test('shell futures: leverage, long, positions with liquidation price, mode refused while open, close, hedge long and short', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 4, venueConfig: { perpetuals: true } });
  try {
    assert.match((await run(s, 'balance')).text, /\nfutures wallet 10,000\.00 USDT · margin balance 10,000\.00 · available 10,000\.00 \(see: positions\)$/);
    let out = await run(s, 'leverage BTC/USDT:USDT 3');
    assert.equal(out.ok, false);
    assert.match(out.text, /^leverage 3x is above atapi's limit of 2x \(risk\.maxLeverage\); to allow it: atapi config set risk\.maxLeverage 3$/);
    assert.equal(s.history({ type: 'futures/leverage' }).length, 0);
    out = await run(s, 'leverage btc/usdt:usdt 2x');
    assert.equal(out.text, 'BTC/USDT:USDT: 2x, cross');
    assert.match((await run(s, 'leverage BTC/USDT 2')).text, /BTC\/USDT is a spot market/);
    assert.match((await run(s, 'margin BTC/USDT:USDT both')).text, /bad margin mode "both": isolated or cross; usage: margin SYMBOL isolated\|cross/);

    out = await run(s, 'long BTC/USDT:USDT 0.02');
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /^\[PAPER · SIM\] order \d+: buy 0\.02 BTC\/USDT:USDT market filled 0\.02 at avg [\d,.]+, fee [\d.]+$/);
    out = await run(s, 'positions');
    assert.match(out.text, /PERPETUAL\s+SIDE\s+SIZE\s+ENTRY\s+MARK\s+LIQ\s+LEVERAGE\s+MARGIN\s+UPNL\s+ROE/);
    assert.match(out.text, /BTC\/USDT:USDT\s+long\s+0\.02000\s+[\d,.]+\s+[\d,.]+\s+(--|[\d,.]+)\s+2x cross/);
    assert.match(out.text, /futures USDT: wallet [\d,.]+ · margin balance [\d,.]+ · available [\d,.]+ · margin ratio [\d.]+% · one-way/);
    assert.equal((out.json as { kind?: string }[]).filter((r) => r.kind === 'perpetual').length, 1);

    out = await run(s, 'mode hedge');
    assert.equal(out.ok, false);
    assert.match(out.text, /position mode cannot change while positions are open \(BTC\/USDT:USDT\); close them first \(Binance -4068\)/);
    out = await run(s, 'sell BTC/USDT:USDT 0.03 --reduce-only');
    assert.match(out.text, /sell rejected: BTC\/USDT:USDT: a reduce-only sell of 0\.03 would flip the long position of 0\.02; at most 0\.02/);
    out = await run(s, 'close BTC/USDT:USDT');
    assert.match(out.text, /order \d+: sell 0\.02 BTC\/USDT:USDT market reduce-only filled 0\.02/);
    assert.equal((await run(s, 'positions')).text, 'no open positions');
    assert.match((await run(s, 'close BTC/USDT:USDT')).text, /close: no open position in BTC\/USDT:USDT/);

    assert.equal((await run(s, 'mode hedge')).text, 'position mode: hedge');
    assert.equal((await run(s, 'long ETH/USDT:USDT 0.1')).ok, true);
    assert.equal((await run(s, 'short ETH/USDT:USDT 0.05')).ok, true);
    assert.match((await run(s, 'buy ETH/USDT:USDT 0.1')).text, /hedge mode; say which position the order is for \(--side long\|short\)/);
    assert.match((await run(s, 'close ETH/USDT:USDT')).text, /both LONG and SHORT are open in ETH\/USDT:USDT; say which: --side long\|short/);
    assert.match((await run(s, 'close ETH/USDT:USDT --side short')).text, /buy 0\.05 ETH\/USDT:USDT market SHORT reduce-only filled/);
    assert.match((await run(s, 'sell ETH/USDT:USDT 0.1 --side long')).text, /sell 0\.1 ETH\/USDT:USDT market LONG filled/);
    assert.match((await run(s, 'buy ETH/USDT:USDT 0.1 --side sideways')).text, /--side takes long or short \(got "sideways"\)/);
    assert.match((await run(s, 'history futures')).text, /position mode hedge/);
  } finally {
    await s.close();
  }
});

test('shell futures without --futures: one clear line', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 4 });
  try {
    const out = await run(s, 'leverage BTC/USDT:USDT 2');
    assert.equal(out.ok, false);
    assert.match(out.text, /^SIM has no perpetual futures here \(the simulated exchange has them with --futures\)$/);
    assert.match((await run(s, 'buy BTC/USDT 0.001 --reduce-only')).text, /spot market; --reduce-only and --side are for perpetual futures/);
  } finally {
    await s.close();
  }
});
