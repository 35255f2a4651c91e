import assert from 'node:assert/strict';
import { SandboxExchange, type UserEvent } from '../../source/sandbox/sandbox-exchange.js';

/**
 * A sandbox exchange driven step by step for order tests: the market moves only when the test
 * calls `step`, and every step's last trade is read from the events it returns, so "not before"
 * and "exactly once" are checked against the very prices that decided them. Account 'k''s
 * user-data events land in `reports`.
 */
export function steppedExchange(seed = 3) {
  let now = 1_700_000_000_000;
  const ex = new SandboxExchange(seed, () => now);
  const reports: UserEvent[] = [];
  ex.subscribeUser('k', (e) => reports.push(e));
  /** One market step; returns the step's last trade price of `symbol`. */
  const step = (symbol: string): number => {
    now += 1000;
    const trade = ex.step(now).find((e) => e.type === 'market/trade' && e.data.symbol === symbol);
    assert.ok(trade && trade.type === 'market/trade');
    return trade.data.price;
  };
  return { ex, reports, step, now: () => now };
}

/** Request parameters from an object. */
export const params = (o: Record<string, string | number>) => new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, String(v)]));
