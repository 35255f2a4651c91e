import assert from 'node:assert/strict';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { runLine } from '../../source/shell/run-line.js';

export const NOON = Date.UTC(2026, 0, 1, 12);
export const PERP = 'BTC/USDT:USDT';

/**
 * One-way USD-M: sma-ls instance A long 0.03 of its own, B short 0.02; the account nets them to
 * long 0.01. `account()` is the account's net position, to 8 decimals (0.03 - 0.02 reads 0.01).
 */
export async function nettedSession() {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  const status = (id: string) => s.dispatch([{ type: 'strategy/status', data: { strategyId: id, name: 'sma-ls', symbol: PERP, venue: s.venue, mode: 'paper', status: 'running', params: {}, timeframe: '1m', size: '0.03BTC' } }]);
  status('A');
  status('B');
  assert.ok((await s.order({ symbol: PERP, side: 'buy', type: 'market', qty: 0.03, strategyId: 'A' })).ok);
  assert.ok((await s.order({ symbol: PERP, side: 'sell', type: 'market', qty: 0.02, strategyId: 'B' })).ok);
  const run = (line: string) => runLine(s, line, { source: 'shell', color: false });
  const account = () => Number(s.futures.positions().reduce((sum, p) => sum + p.qty, 0).toFixed(8));
  const own = (id: string) => s.state().ledger.strategyAccounts?.[id]?.qty ?? 0;
  return { s, run, account, own };
}
