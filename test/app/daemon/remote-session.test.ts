import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import type { Session } from '../../../source/app/session/session.js';
import { attachDaemon } from '../../../source/app/daemon/remote-session.js';
import type { StrategyInstanceView } from '../../../source/engine/strategy-figures.js';
import { inProcessDaemon, until } from '../../helpers/daemon.js';
import { RefusedError } from '../../../source/domain/index.js';
import type { StrategySpec } from '../../../source/app/strategy-runtime/strategy-manager.js';
import { runLine } from '../../../source/shell/run-line.js';

/**
 * A socket in front of the daemon's that counts the request lines clients send through it;
 * `hold` keeps them from the daemon (a request it never answers).
 */
async function countingProxy(dir: string, target: string, hold = false): Promise<{ path: string; requests: () => number; reset: () => void; close: () => void }> {
  const file = path.join(dir, 'proxy.sock');
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const daemon = net.createConnection(target);
    sockets.add(client).add(daemon);
    client.on('data', (chunk: Buffer) => {
      for (const b of chunk) if (b === 0x0a) count++;
      if (!hold) daemon.write(chunk);
    });
    daemon.pipe(client);
    const end = () => {
      client.destroy();
      daemon.destroy();
    };
    client.on('close', end).on('error', end);
    daemon.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(file, resolve));
  return {
    path: file,
    requests: () => count,
    reset: () => void (count = 0),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** A view without the time-derived field (the two sides read the clock at different moments). */
const timeless = ({ nextCandleAt: _, ...v }: StrategyInstanceView) => v;

async function daemonWithProxy(hold = false) {
  const { session, server, socketPath, dir } = await inProcessDaemon(11);
  const proxy = await countingProxy(dir, socketPath, hold);
  return { session, server, proxy, dir };
}

/** Ticks as the venue sends them: every market's last price moves, nothing else happens. */
function ticks(session: Session, rounds: number): void {
  const tickers = session.tickers();
  for (let i = 1; i <= rounds; i++) session.dispatch(tickers.map((t) => ({ type: 'market/ticker' as const, data: { ...t, last: t.last * (1 + i * 1e-5) } })));
}

test('attached: while only ticks flow the client asks the daemon nothing, and answers every read from its replica as the daemon would', async () => {
  const d = await daemonWithProxy();
  try {
    const ids: string[] = [];
    for (const symbol of ['BTC/USDT', 'ETH/USDT']) ids.push((await d.session.startStrategy({ strategy: 'sma', symbol, size: '100USDT' })).id);
    // A fill of one instance's order, so its status has a trade to show.
    const bought = await d.session.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001, strategyId: ids[0] });
    assert.ok(bought.ok);
    const a = await attachDaemon(d.proxy.path, { notifyIntervalMs: 0 });
    await until(() => a.state().lastSeq === d.session.state().lastSeq, 'the replica caught up');
    d.proxy.reset();

    ticks(d.session, 300);
    await until(() => a.state().lastSeq === d.session.state().lastSeq, 'the ticks reached the client');
    const reads = () => [a.strategies().map(timeless), ids.map((id) => ({ ...a.strategyStatus(id), strategy: timeless(a.strategyStatus(id).strategy) })), ids.map((id) => a.closePreview(id)), a.alerts(), a.watchlist()];
    const local = () => [d.session.strategies().map(timeless), ids.map((id) => ({ ...d.session.strategyStatus(id), strategy: timeless(d.session.strategyStatus(id).strategy) })), ids.map((id) => d.session.closePreview(id)), d.session.alerts(), d.session.watchlist()];
    assert.deepEqual(reads(), local());
    const status = a.strategyStatus(ids[0]);
    assert.equal(status.trades.length, 1, 'the instance\'s fill, from the fold');
    assert.ok(status.strategy.live && status.strategy.warmup.need > 0, 'live and warming up, as the daemon runs it');
    // Let a few turns of the event loop pass: nothing is asked later either.
    for (let i = 0; i < 200; i++) await new Promise((r) => setImmediate(r));
    assert.equal(d.proxy.requests(), 0, 'no request reached the daemon while only ticks flowed');
    // The counter counts: an order is one request.
    assert.ok((await a.buy('ETH/USDT', 0.01)).ok);
    assert.equal(d.proxy.requests(), 1);
    await a.close();
  } finally {
    d.proxy.close();
    await d.server.close('test over');
    await d.session.close();
  }
});

test('attached: a strategy started from the client is in its list, live, once the start resolves (the Strategy pane selects it)', async () => {
  const d = await daemonWithProxy();
  try {
    const a = await attachDaemon(d.proxy.path, { notifyIntervalMs: 0 });
    const v = await a.startStrategy({ strategy: 'rsi', symbol: 'ETH/USDT', size: '50USDT' });
    const row = a.strategies().findIndex((x) => x.id === v.id);
    assert.ok(row >= 0, 'the new instance is in the replica when its start resolves');
    assert.equal(a.strategies()[row].live, true);
    assert.equal(a.strategies()[row].nextCandleAt !== null, true);
    const stopped = await a.stopStrategy(v.id);
    assert.match(stopped.text, /^stopped /);
    await until(() => a.strategies()[row].status === 'stopped', 'the stop reached the replica');
    assert.equal(a.strategies()[row].live, false);
    assert.equal(a.strategies()[row].nextCandleAt, null);
    // A note recorded from the client is the daemon's, through the same notes port.
    assert.equal(a.alert('BTC/USDT', '>', 1e9).id, '1');
    await until(() => d.session.alerts().length === 1 && a.alerts().length === 1, 'the alert reached the daemon and came back');
    await a.close();
  } finally {
    d.proxy.close();
    await d.server.close('test over');
    await d.session.close();
  }
});

test('attached: a start the daemon refuses comes back as the same refusal, code and field included (the dialog marks the field, the shell\'s --json says them)', async () => {
  const d = await daemonWithProxy();
  try {
    const a = await attachDaemon(d.proxy.path, { notifyIntervalMs: 0 });
    const cases: [StrategySpec, string, string][] = [
      [{ strategy: 'sma', symbol: 'ETH/USDT', size: 'abc' }, 'strategy.size', 'size'],
      [{ strategy: 'sma', symbol: 'ETH/USDT', params: { fast: 0 } }, 'strategy.params', 'params.fast'],
      [{ strategy: 'sma', symbol: 'NOPE/USDT' }, 'market.unknown', 'symbol'],
      [{ strategy: 'no-such', symbol: 'ETH/USDT' }, 'strategy.unknown', 'strategy'],
      [{ strategy: 'sma', symbol: 'ETH/USDT', timeframe: '7m' }, 'strategy.timeframe', 'timeframe'],
    ];
    for (const [spec, code, field] of cases) {
      const here = await d.session.startStrategy(spec).then(() => undefined, (e: unknown) => e);
      await assert.rejects(a.startStrategy(spec), (e: unknown) => {
        assert.ok(e instanceof RefusedError, `${code}: ${String(e)}`);
        assert.deepEqual(e.refusal, { code, field, text: (here as Error).message }, code);
        assert.equal(e.message, (here as Error).message, 'the same words as the daemon\'s own session');
        return true;
      });
    }
    const out = await runLine(a, 'start sma ETH/USDT --size abc', { source: 'shell', color: false });
    assert.equal(out.ok, false);
    assert.deepEqual(out.json, { error: out.text, code: 'strategy.size', field: 'size' });
    assert.match(out.text, /^bad size "abc": /);
    assert.equal(d.session.strategies().length, 0);
    await a.close();
  } finally {
    d.proxy.close();
    await d.server.close('test over');
    await d.session.close();
  }
});

test('attached: two terminals setting an alert at once get two alerts, numbered by the daemon (neither replaces the other)', async () => {
  const { session, server, socketPath } = await inProcessDaemon(11);
  try {
    const a = await attachDaemon(socketPath, { notifyIntervalMs: 0 });
    const b = await attachDaemon(socketPath, { notifyIntervalMs: 0 });
    // Both replicas have seen no alert yet, so each numbers its own "1".
    a.alert('BTC/USDT', '>', 1e9);
    b.alert('ETH/USDT', '<', 1);
    await until(() => session.alerts().length === 2 && a.alerts().length === 2 && b.alerts().length === 2, 'both alerts recorded and back on both terminals');
    assert.deepEqual(session.alerts().map((x) => [x.id, 'symbol' in x ? x.symbol : 'pnl']), [['1', 'BTC/USDT'], ['2', 'ETH/USDT']]);
    assert.deepEqual(b.alerts().map((x) => x.id), ['1', '2']);
    await a.close();
    await b.close();
  } finally {
    await server.close('test over');
    await session.close();
  }
});

test('attached: what the terminal recorded is in its replica once whenDurable resolves (a shell script\'s next line reads its own alert)', async () => {
  const { session, server, socketPath } = await inProcessDaemon(11);
  try {
    const a = await attachDaemon(socketPath, { notifyIntervalMs: 0 });
    a.alert('BTC/USDT', '>', 1e9);
    await a.store.whenDurable();
    assert.deepEqual(a.alerts().map((x) => x.id), ['1'], 'no wait for a tick: the daemon answered after sending the alert back');
    await a.close();
  } finally {
    await server.close('test over');
    await session.close();
  }
});

test('a daemon that goes away without its goodbye (killed): the terminal is told in one line that nothing trades and how to start it again', async () => {
  const d = await daemonWithProxy();
  try {
    const a = await attachDaemon(d.proxy.path, { notifyIntervalMs: 0 });
    // The proxy cuts both sides at once, as the kernel does for a process killed with SIGKILL.
    d.proxy.close();
    assert.equal(await a.detached, 'the daemon went away without stopping (killed or crashed?): nothing trades until it runs again');
    await assert.rejects(a.buy('BTC/USDT', 0.001), /^UserError: not attached: the daemon went away without stopping/);
  } finally {
    await d.server.close('test over');
    await d.session.close();
  }
});

test('a request in flight when the daemon goes away says where to look, on this terminal\'s data directory with its ledger flags', async () => {
  const killed = 'the daemon went away without stopping (killed or crashed?): nothing trades until it runs again';
  const cases = [
    { flags: { exchange: 'sim', futures: true }, where: (dir: string) => `atapi daemon status --data-dir ${dir}; atapi --data-dir ${dir} --futures orders` },
    { flags: undefined, where: (dir: string) => `atapi daemon status --data-dir ${dir}, and its orders` },
  ];
  for (const c of cases) {
    const d = await daemonWithProxy(true);
    try {
      // Without the terminal's flags the directory is the one the daemon's hello names.
      const a = await attachDaemon(d.proxy.path, { notifyIntervalMs: 0, ...(c.flags ? { dataDir: d.dir, flags: c.flags } : {}) });
      const buy = a.buy('BTC/USDT', 0.001);
      await until(() => d.proxy.requests() === 1, 'the order left for the daemon');
      d.proxy.close();
      await assert.rejects(buy, (e: Error) => {
        assert.equal(e.message, `${killed}; the order's fate is in the daemon's ledger (${c.where(d.dir)})`);
        return true;
      });
    } finally {
      await d.server.close('test over');
      await d.session.close();
    }
  }
});
