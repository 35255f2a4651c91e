import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';
import { strategiesReply } from '../../source/app/notify/telegram-replies.js';

const NOON = Date.UTC(2026, 0, 1, 12);
type Row = { key: string; realised: number; fees: number; unrealised: number; pnl: number };

test('realised PnL is net of fees in every view: strategies NET REAL, pnl --by strategy, positions NET RPNL and pnl --by symbol agree', async () => {
  let now = NOON;
  const venue = new SimVenue({ seed: 5, clock: () => now, tickMs: 0 });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => now });
  const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
  try {
    s.dispatch([{ type: 'strategy/status', data: { strategyId: 'sma-1', name: 'sma', symbol: 'BTC/USDT', venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.01BTC' } }]);
    assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.01, strategyId: 'sma-1' })).ok);
    now += 60_000;
    assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01, strategyId: 'sma-1' })).ok);
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-9;
    const view = s.strategies().find((v) => v.id === 'sma-1')!;
    assert.ok(view.fees > 0);
    const byStrategy = ((await run('pnl --by strategy --json')).json as { rows: Row[] }).rows.find((r) => r.key === 'sma-1')!;
    assert.ok(near(byStrategy.realised, view.realizedPnl), `pnl --by strategy ${byStrategy.realised}, strategies ${view.realizedPnl}`);
    assert.ok(near(byStrategy.pnl, byStrategy.realised + byStrategy.unrealised), 'PnL is realised (net) + unrealised');
    // A position of the trader's, closed: the ledger's RPNL and pnl by market.
    assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.02 })).ok);
    assert.ok((await s.order({ symbol: 'BTC/USDT', side: 'sell', type: 'market', qty: 0.01 })).ok);
    const bySymbol = ((await run('pnl --by symbol --json')).json as { rows: Row[] }).rows.find((r) => r.key === 'BTC/USDT')!;
    const position = ((await run('positions')).json as { symbol: string; realizedPnl: number }[]).find((p) => p.symbol === 'BTC/USDT')!;
    assert.ok(near(position.realizedPnl, bySymbol.realised), `positions ${position.realizedPnl}, pnl --by symbol ${bySymbol.realised}`);
    // The words say so.
    assert.match((await run('pnl')).text, /NET REALISED/);
    assert.match((await run('pnl')).text, /realised within the period, net of fees \(FEES is in it\)/);
    assert.match((await run('strategies')).text, /NET REAL/);
    assert.match((await run('positions')).text, /NET RPNL/);
    assert.match(strategiesReply(s), /realised [-+][\d.]+ net of fees/);
  } finally {
    await s.close();
  }
});
