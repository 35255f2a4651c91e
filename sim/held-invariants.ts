import { baseOf, isPerpetualSymbol, type Fill } from '../source/domain/index.js';
import { strategyViews } from '../source/engine/strategy-figures.js';
import { strategyFigures } from '../source/engine/fill-figures.js';
import type { LedgerState, State, WrittenOff } from '../source/store/index.js';
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
    const f = strategyFigures(withWriteOffs(trades, state.ledger.strategyWriteOffs?.[id] ?? []), undefined);
    const scale = 1 + trades.reduce((sum, t) => sum + t.qty * t.price, 0);
    if (Math.abs(f.realised - a.realizedPnl) > EPS * scale || Math.abs(f.fees - a.fees) > EPS * scale) return `${id}: the ledger's realised ${a.realizedPnl} (fees ${a.fees}), its fills' ${f.realised} (fees ${f.fees})`;
  }
  return undefined;
}

/**
 * An instance's fills with its write-offs among them, each after the fills it came after: a
 * sale of the part at its price for no fee, as the fold takes it (store/strategy-account.ts).
 */
function withWriteOffs(trades: readonly Fill[], offs: readonly WrittenOff[]): Fill[] {
  if (offs.length === 0 || trades.length === 0) return [...trades];
  const out: Fill[] = [];
  let k = 0;
  for (let i = 0; i <= trades.length; i++) {
    for (; k < offs.length && offs[k].fills <= i; k++) out.push({ ...trades[0], tradeId: `writeoff:${k}`, side: offs[k].qty > 0 ? 'sell' : 'buy', qty: Math.abs(offs[k].qty), price: offs[k].price, fee: 0 });
    if (i < trades.length) out.push(trades[i]);
  }
  return out;
}

/**
 * After a write-off the claims are settled: on each market where an instance was written off, the
 * listed instances' own positions (their whole claims, not the views' held parts) are no more than
 * the account holds in their direction, while no later fill or balance moved the account (the
 * trader's close, a reset): checked right after the write-off, before anything else happens.
 */
export function writtenOffWithinAccount(state: State, ids: readonly string[]): Check {
  for (const id of ids) {
    const s = state.ledger.strategies[id];
    if (!s) continue;
    const account = accountOf(state.ledger, s.venue, s.symbol);
    if (account === undefined) return `${id} was written off while the account was not known`;
    const claims = Object.values(state.ledger.strategies)
      .filter((o) => o.venue === s.venue && marketOf(o.symbol) === marketOf(s.symbol))
      .map((o) => state.ledger.strategyAccounts?.[o.strategyId]?.qty ?? 0);
    const net = claims.reduce((sum, q) => sum + q, 0);
    const covered = Math.sign(account) === Math.sign(net) ? Math.abs(account) : 0;
    if (Math.abs(net) > covered * (1 + EPS) + EPS) return `after writing off ${id}, the instances on ${marketOf(s.symbol)} claim ${net} of their own, the account holds ${account}`;
  }
  return undefined;
}
