import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { strategySharesWarning } from '../../source/engine/strategy-shares.js';

test("a trader's order on a perpetual that cuts into a running strategy's own short is warned of (the walk: a manual long under sma-ls's short); the strategy's own order is not", async () => {
  const NOON = Date.UTC(2026, 0, 1, 12);
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  try {
    const perp = 'BTC/USDT:USDT';
    const id = 'sma-ls-BTCUSDT:USDT-1m-4';
    s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: perp, venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.06BTC' } }]);
    assert.ok((await s.order({ symbol: perp, side: 'sell', type: 'market', qty: 0.06, strategyId: id })).ok);
    const req = (side: 'buy' | 'sell', qty: number, strategyId?: string) => ({ venue: s.venue, symbol: perp, side, type: 'market' as const, qty, ...(strategyId ? { strategyId } : {}) });
    assert.match(strategySharesWarning(s.state(), req('buy', 0.05))!, /^it leaves the BTC\/USDT:USDT position at -0\.01, while running strategies hold -0\.06 of it as their own \(sma-ls-BTCUSDT:USDT-1m-4\)/);
    assert.equal(strategySharesWarning(s.state(), req('sell', 0.05)), undefined, 'adding to the short takes nothing from it');
    assert.equal(strategySharesWarning(s.state(), req('buy', 0.06, id)), undefined, "the instance's own close");
    assert.deepEqual(s.preview({ symbol: perp, side: 'buy', type: 'market', qty: 0.05 }).warnings.filter((w) => w.includes('their share')).length, 1, 'asked twice wherever the preview is read: shell --force, the ticket, the API');
    // Once its share is gone (closed by hand, confirmed twice), there is nothing left to take: not asked again.
    assert.ok((await s.order({ symbol: perp, side: 'buy', type: 'market', qty: 0.06 })).ok);
    assert.equal(strategySharesWarning(s.state(), req('buy', 0.05)), undefined, 'its share is gone already');
    assert.ok((await s.order({ symbol: perp, side: 'sell', type: 'market', qty: 0.06 })).ok);
    s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: perp, venue: s.venue, mode: 'paper', status: 'stopped', params: {}, timeframe: '1m', size: '0.06BTC' } }]);
    assert.equal(strategySharesWarning(s.state(), req('buy', 0.05)), undefined, 'a stopped instance: the trader takes it over');
  } finally {
    await s.close();
  }
});
