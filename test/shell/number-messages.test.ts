import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { selectInstrument } from '../../source/store/index.js';
import { describeEvent } from '../../source/format/describe-event.js';
import { runLine } from '../../source/shell/run-line.js';

// Numbers in messages, logs and confirmations go through the one formatter: 104,902.70, never
// 104902.7, 1e-7 or 8,948.0147916.

test('an order\'s answer in the shell: prices at the tick size, with separators', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const bought = await runLine(s, 'buy BTC/USDT 0.01', { source: 'shell', color: false });
    assert.match(bought.text, /filled 0\.01 at avg \d{1,3}(,\d{3})*\.\d\d, fee/, bought.text);
    const limit = await runLine(s, 'buy BTC/USDT 0.01 50000.1', { source: 'shell', color: false });
    assert.match(limit.text, /limit 50,000\.10 open$/, limit.text);
    const doge = await runLine(s, 'buy DOGE/USDT 100 0.1', { source: 'shell', color: false });
    assert.match(doge.text, /limit 0\.10000 open$/, 'at the coin\'s own tick size, not rounded to cents');
    const history = await runLine(s, 'history order', { source: 'shell', color: false });
    assert.match(history.text, /@ 50,000\.10 \(/);
    // `\de-\d`: scientific notation (1e-7). The client order ids in brackets are taken out first:
    // random base-36 words, one may end in a digit and an e before its "-1" (atmxcb9e-1), which
    // made this test fail once in a while.
    const numbers = history.text.replace(/\([a-z0-9]+-\d+\)/g, '()');
    assert.match(history.text, /\([a-z0-9]+-\d+\)/, 'the history names client order ids (what is taken out)');
    assert.doesNotMatch(numbers, /\d{5}\.\d|\de-\d/, `no raw number in ${history.text}`);
  } finally {
    await s.close();
  }
});

test('history lines: a fill at its instrument\'s tick size; without the instrument, every decimal it has', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 5 });
  try {
    const fill = { tradeId: 't', orderId: '1', venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty: 0.0000001, price: 104902.7, fee: 0.0104902, feeAsset: 'USDT', liquidity: 'taker', ts: 1 } as const;
    const inst = (symbol: string) => selectInstrument(s.state(), s.venue, symbol);
    assert.equal(describeEvent({ type: 'order/filled', data: { fill } }, inst), 'order 1 buy 0.0000001 BTC/USDT @ 104,902.70 fee 0.0105 USDT (taker)');
    assert.equal(describeEvent({ type: 'order/filled', data: { fill: { ...fill, price: 8948.0147916 } } }), 'order 1 buy 0.0000001 BTC/USDT @ 8,948.0147916 fee 0.0105 USDT (taker)');
  } finally {
    await s.close();
  }
});
