import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import readline from 'node:readline';
import { PassThrough } from 'node:stream';
import { shellCompleter } from '../../source/shell/repl.js';
import { completeLine } from '../../source/shell/run-line.js';

test('tab completion: command names, then symbols where a command takes one', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    assert.deepEqual(completeLine(s, 'tic'), ['tickers', 'ticker']);
    assert.deepEqual(completeLine(s, 'b'), ['book', 'buy', 'balance']);
    assert.deepEqual(completeLine(s, 'buy bt'), ['BTC/USDT'], 'symbols keep their case: never bTC/USDT');
    assert.deepEqual(completeLine(s, 'chart ETH'), ['ETH/USDT']);
    assert.ok(completeLine(s, 'ticker ').length >= 6);
    assert.deepEqual(completeLine(s, 'buy BTC/USDT 0.1 '), [], 'no symbol expected in the quantity');
    assert.deepEqual(completeLine(s, 'orders '), []);
  } finally {
    await s.close();
  }
});

test('Tab in the shell turns a lower-case start into the symbol as spelled (b<Tab> -> BTC/USDT)', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  const input = new PassThrough();
  const output = new PassThrough();
  output.resume();
  const rl = readline.createInterface({ input, output, terminal: true, completer: shellCompleter(s) });
  try {
    const line = (rl as unknown as { line: string });
    const typed = new Promise<void>((resolve) => input.once('data', () => setImmediate(resolve)));
    input.write('chart bt\t');
    await typed;
    assert.equal(line.line, 'chart BTC/USDT');
  } finally {
    rl.close();
    await s.close();
  }
});
