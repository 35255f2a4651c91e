import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../source/app/session/session.js';
import { outputJson } from '../../source/shell/command-output.js';
import { runLine } from '../../source/shell/run-line.js';

/** What `--json` prints for one shell line. */
async function json(s: Awaited<ReturnType<typeof createSession>>, line: string): Promise<Record<string, unknown>> {
  return outputJson(await runLine(s, line, { source: 'shell', color: false })) as Record<string, unknown>;
}

// Walk (round 5): a script reading `atapi buy ... --json` got the order without its mode, and every
// refusal as {error} alone (a risk limit, an unknown symbol, the fat-finger guard), where the API
// answers the same refusals with their code and field.
test('--json orders carry the mode; order refusals carry their code and field as the API gives them', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const placed = await json(s, 'buy BTC/USDT 0.001');
    assert.equal(placed.status, 'filled');
    assert.equal(placed.mode, 'paper', 'an order says where the money is, as its line does ([PAPER · SIM])');
    const rest = await json(s, 'sell BTC/USDT 0.001 200000 --force');
    assert.equal(rest.mode, 'paper');
    const amended = await json(s, `amend ${String(rest.id)} --price 190000 --force`);
    assert.equal(amended.mode, 'paper');
    const cancelled = await json(s, `cancel ${String(amended.id)}`);
    assert.deepEqual([cancelled.status, cancelled.mode], ['cancelled', 'paper']);
    const codeOf = async (line: string): Promise<Record<string, unknown>> => {
      const j = await json(s, line);
      assert.equal(typeof j.error, 'string', line);
      return { ...j, error: '' };
    };
    assert.deepEqual(await codeOf('buy BTC/USDT 5'), { error: '', code: 'risk.notional' });
    assert.deepEqual(await codeOf('buy BTCX/USDT 0.001'), { error: '', code: 'market.unknown', field: 'symbol' });
    assert.deepEqual(await codeOf('buy BTC/USDT 0.001 200000'), { error: '', code: 'order.confirm' });
    assert.deepEqual(await codeOf('cancel 99'), { error: '', code: 'order.not-found' });
    assert.deepEqual(await codeOf('amend 99 --price 1'), { error: '', code: 'order.not-found' });
  } finally {
    await s.close();
  }
});

// Walk (round 5): what says what it would do and waits for --yes printed {error} alone under
// --json, so a script could not tell the preview from a refusal without reading its words.
test('--json: a preview that waits for --yes (flatten, cancel --all, stop --close, strategies prune) is confirm.yes, field yes, and nothing is done (stop --close goes by the same needsYes)', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    await json(s, 'buy BTC/USDT 0.001');
    await json(s, 'buy BTC/USDT 0.001 50000 --force');
    await json(s, 'start sma BTC/USDT --fast 2 --slow 3 --size 50USDT');
    // Stopped holding nothing (stop --close would have nothing to preview: the buys above are the trader's).
    await json(s, 'stop sma-BTCUSDT-1m-1');
    for (const line of ['flatten', 'cancel --all', 'strategies prune']) {
      const j = await json(s, line);
      assert.equal(typeof j.error, 'string', line);
      assert.deepEqual([j.code, j.field], ['confirm.yes', 'yes'], `${line}: ${String(j.error)}`);
    }
    assert.equal(s.orders().length, 1, 'the resting buy still rests');
    assert.equal(s.halted(), undefined, 'not halted');
  } finally {
    await s.close();
  }
});

// Walk (round 6): `atapi stop nope --json` answered {error} alone, where the API says strategy.not-found.
test('--json: a strategy id that is not there is strategy.not-found, field id, as the API answers it', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    for (const line of ['stop nope', 'stop nope --close --yes']) {
      const j = await json(s, line);
      assert.equal(j.code, 'strategy.not-found', `${line}: ${JSON.stringify(j)}`);
      assert.equal(j.field, 'id');
      assert.match(String(j.error), /^no strategy nope on SIM \(see: strategies\)$/);
    }
  } finally {
    await s.close();
  }
});

// Walk (round 6): `atapi resume --json` while not halted answered {error} alone.
test('--json: resume while not halted is trading.not-halted, and changes nothing', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const j = await json(s, 'resume');
    assert.equal(j.code, 'trading.not-halted', JSON.stringify(j));
    assert.equal(j.error, 'trading is not halted: nothing to resume (flatten halts it)');
    assert.equal(s.halted(), undefined);
  } finally {
    await s.close();
  }
});

// Walk (round 6): `stop grid-ETH` for grid-ETHUSDT-1m-1 was told only that there is no such strategy.
test('a strategy id that is a part of one names the instances it may have meant', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1 });
  try {
    const started = await s.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', timeframe: '1m' });
    const j = await json(s, 'stop sma-BTC');
    assert.equal(j.code, 'strategy.not-found');
    assert.equal(j.error, `no strategy sma-BTC on SIM (did you mean ${started.id}? see: strategies --all)`);
    assert.match(String((await json(s, 'stop zzz')).error), /^no strategy zzz on SIM \(see: strategies\)$/);
  } finally {
    await s.close();
  }
});
