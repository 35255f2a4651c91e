import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session.js';
import { runLine } from '../../source/shell/run-line.js';

test('shell orders: a fat-finger price is not sent without --force; answers name PAPER and the venue; 1e99 says why', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const ask = s.book('BTC/USDT', 1).asks[0][0];
    const far = Math.round(ask * 2);
    let out = await runLine(s, `buy BTC/USDT 0.001 ${far}`, { source: 'shell', color: false });
    assert.equal(out.ok, false);
    assert.match(out.text, /^\[PAPER · SIM\] buy not sent: price [\d,.]+ is 100\.\d% above the market .*risk\.priceBandPercent.*add --force to send it anyway$/);
    assert.equal(s.orders({ all: true }).length, 0, 'nothing sent');
    out = await runLine(s, `buy BTC/USDT 0.001 ${far} --force`, { source: 'shell', color: false });
    assert.equal(out.ok, true, out.text);
    assert.match(out.text, /^\[PAPER · SIM\] order 1: buy 0\.001 BTC\/USDT limit \d+ filled/);
    out = await runLine(s, 'buy BTC/USDT 1e99', { source: 'shell', color: false });
    assert.match(out.text, /bad quantity "1e99": write it in plain digits \(1e99 is exponent notation\)/);
  } finally {
    await s.close();
  }
});
