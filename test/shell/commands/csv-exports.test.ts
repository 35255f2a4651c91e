import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import { runLine } from '../../../source/shell/run-line.js';

const shell = { source: 'shell' as const, color: false };

test('trades --csv and orders --csv: a header row and one row per fill / order; bad words are usage errors', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    assert.ok((await s.sell('BTC/USDT', 0.005)).ok);
    const p = s.ticker('BTC/USDT').last;
    assert.ok((await s.buy('BTC/USDT', 0.01, Math.round(p * 0.5))).ok, 'a resting order');
    let out = await runLine(s, 'trades --csv', shell);
    assert.equal(out.ok, true, out.text);
    const fills = out.text.split('\r\n');
    assert.equal(fills[0], 'time,venue,symbol,side,qty,price,fee,fee_asset,liquidity,order_id,trade_id,strategy');
    assert.equal(fills.length, 3, out.text);
    assert.match(fills[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z,sim,BTC\/USDT,buy,0\.01,\d+(\.\d+)?,[\d.]+,USDT,taker,1,[^,]+,manual$/);
    out = await runLine(s, 'trades 1 --csv', shell);
    assert.equal(out.text.split('\r\n').length, 2, 'the last one');
    assert.match(out.text.split('\r\n')[1], /,sell,0\.005,/);
    out = await runLine(s, 'orders --csv', shell);
    const orders = out.text.split('\r\n');
    assert.equal(orders.length, 4, out.text);
    assert.match(orders[0], /^created,updated,venue,symbol,side,type,qty,price,stop_price,filled_qty,avg_price,status,fee,fee_asset,order_id/);
    assert.match(orders[3], /,limit,0\.01,\d+,,0,,open,0,,3,/);
    for (const bad of ['trades --cvs', 'trades 5 6', 'orders --csv x']) assert.match((await runLine(s, bad, shell)).text, /usage:/, bad);
  } finally {
    await s.close();
  }
});
