import { baseOf, isPerpetualSymbol } from '../source/domain/index.js';
import { strategyViews } from '../source/engine/strategy-figures.js';
import { strategyFigures } from '../source/engine/fill-figures.js';
import type { LedgerState, State } from '../source/store/index.js';
import type { Check } from './invariants.js';

/*
 * What the views say strategy instances hold, against the account (see sim/invariants.ts for
 * the shape). The account is the truth and an instance's own position a claim on it
 * (engine/strategy-held.ts): whatever the trader's orders, restarts and faults did between, no
 * view shows instances holding more than the account has, and a prune takes an instance that
 * still claims a position only when the account could not have held it. Written from the
 * ledger's own numbers, not by calling the rule: which instance loses a shortfall is the
 * rule's choice; that nothing is invented is the invariant.
 */

const EPS = 1e-7;

/** The account's side of one instance's market: spot, the base asset's total; a perpetual, the one-way position. */
function accountOf(ledger: LedgerState, venue: string, symbol: string): number | undefined {
  if (isPerpetualSymbol(symbol)) {
    if (ledger.futures.wallets[venue] === undefined) return undefined;
    return Object.values(ledger.futures.positions).filter((p) => p.venue === venue && p.symbol === symbol).reduce((sum, p) => sum + p.qty, 0);
  }
  const b = ledger.balances[venue]?.[baseOf(symbol)];
  return ledger.balances[venue] === undefined ? undefined : (b?.free ?? 0) + (b?.locked ?? 0);
}

/** The market an instance claims on: the base asset on spot, the symbol on a perpetual. */
const marketOf = (symbol: string): string => (isPerpetualSymbol(symbol) ? symbol : baseOf(symbol));

/**
 * Each view's position is its own (same sign, never more), and on each market the instances'
 * positions together are no more than the account holds in their direction.
 */
export function viewsWithinAccount(state: State, venue: string, now: number): Check {
  const sums = new Map<string, { symbol: string; held: number }>();
  for (const v of strategyViews(state, venue, now)) {
    const own = state.ledger.strategyAccounts?.[v.id]?.qty ?? 0;
    if (v.position !== 0 && (Math.sign(v.position) !== Math.sign(own) || Math.abs(v.position) > Math.abs(own) + EPS)) return `${v.id} is shown holding ${v.position}, its own position is ${own}`;
    const m = marketOf(v.symbol);
    sums.set(m, { symbol: v.symbol, held: (sums.get(m)?.held ?? 0) + v.position });
  }
  for (const [market, { symbol, held }] of sums) {
    const account = accountOf(state.ledger, venue, symbol);
    if (account === undefined || Math.abs(held) <= EPS) continue;
    const covered = Math.sign(account) === Math.sign(held) ? Math.abs(account) : 0;
    if (Math.abs(held) > covered * (1 + EPS) + EPS) return `the strategy views show ${held} ${market} held, the account holds ${account}`;
  }
  return undefined;
}

/**
 * A pruned instance that still claimed a position of its own: only when the account (before
 * the prune) held at least that much less than all listed instances claimed on its market.
 */
export function prunedClaimNotHeld(before: LedgerState, id: string): Check {
  const own = before.strategyAccounts?.[id]?.qty ?? 0;
  const s = before.strategies[id];
  if (own === 0 || !s) return undefined;
  const account = accountOf(before, s.venue, s.symbol);
  const claims = Object.values(before.strategies)
    .filter((o) => o.venue === s.venue && marketOf(o.symbol) === marketOf(s.symbol))
    .reduce((sum, o) => sum + (before.strategyAccounts?.[o.strategyId]?.qty ?? 0), 0);
  const short = account === undefined ? 0 : Math.sign(own) * (claims - account);
  return short >= Math.abs(own) * (1 - EPS) - EPS ? undefined : `pruned ${id}, which held ${own} of its own (the account held ${account ?? 'an unknown amount'} of the ${claims} its instances claimed)`;
}

/**
 * Realised PnL has one definition, net of fees (domain/fill-fee.ts): an instance's realised and
 * fees as the ledger folds them (strategies' NET REAL, status ID) are those pnl figures from
 * its own fills (engine/fill-figures.ts), whatever restarts and repeated fills came between.
 * Judged where the state still keeps every trade of the instance (its list is capped).
 */
export function realisedOneDefinition(state: State): Check {
  for (const [id, a] of Object.entries(state.ledger.strategyAccounts ?? {})) {
    const trades = state.ledger.strategyTrades?.[id] ?? [];
    if (trades.length !== a.fills) continue;
    const f = strategyFigures(trades, undefined);
    const scale = 1 + trades.reduce((sum, t) => sum + t.qty * t.price, 0);
    if (Math.abs(f.realised - a.realizedPnl) > EPS * scale || Math.abs(f.fees - a.fees) > EPS * scale) return `${id}: the ledger's realised ${a.realizedPnl} (fees ${a.fees}), its fills' ${f.realised} (fees ${f.fees})`;
  }
  return undefined;
}
