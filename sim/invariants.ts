import { isOpenStatus, type Balance, type Envelope, type Fill, type Order } from '../source/domain/index.js';
import { parseSize } from '../source/engine/strategy-size.js';
import { applyEvents, initialState, type LedgerState, type State } from '../source/store/index.js';
import { prunedClaimNotHeld } from './held-invariants.js';

/**
 * The money-path invariants, as small pure functions over the ledger atapi holds and a model
 * of the outside world the simulator keeps. Each returns a one-line description of the
 * violation, or undefined when it holds. The simulator checks them after every step and after
 * every restart; `test/sim/invariants.test.ts` shows each one catching a violation.
 */
export type Check = string | undefined;

/** What the simulator knows that atapi may have lost: the truth to hold the ledger to. */
export interface WorldModel {
  /** Fills made durable (`whenDurable` resolved after them), by trade id. */
  readonly acknowledged: ReadonlyMap<string, Fill>;
  /** Total (free + locked) per asset at the start of the run, before any fill. */
  readonly startBalances: Readonly<Record<string, number>>;
}

/** Relative tolerance for sums of float money (the fold and the venue round with `clean`). */
const EPS = 1e-7;
const near = (a: number, b: number): boolean => Math.abs(a - b) <= EPS * Math.max(1, Math.abs(a), Math.abs(b));

/** An OCO's legs never both trade: a fill (even in part) of one cancels the other. */
export function ocoOneLegFills(ledger: LedgerState): Check {
  for (const o of Object.values(ledger.orders)) {
    if (o.ocoWith === undefined) continue;
    const other = ledger.orders[o.ocoWith];
    if (other && o.filledQty > 0 && other.filledQty > 0) return `OCO orders ${other.id} and ${o.id} both filled (${other.filledQty} and ${o.filledQty})`;
  }
  return undefined;
}

/** A stop is set off at most once, whatever restarts came between (the log says each time it was). */
export function stopTriggeredOnce(log: readonly Envelope[]): Check {
  const seen = new Set<string>();
  for (const e of log) {
    if (e.event.type !== 'order/triggered') continue;
    if (seen.has(e.event.data.id)) return `order ${e.event.data.id} was set off twice (again at log seq ${e.seq})`;
    seen.add(e.event.data.id);
  }
  return undefined;
}

/** Every acknowledged fill is in the ledger exactly once, and no trade id appears twice. */
export function acknowledgedFillsOnce(ledger: LedgerState, acknowledged: ReadonlyMap<string, Fill>): Check {
  const counts = new Map<string, number>();
  for (const f of ledger.fills) counts.set(f.tradeId, (counts.get(f.tradeId) ?? 0) + 1);
  for (const [id, n] of counts) if (n > 1) return `fill ${id} is in the ledger ${n} times`;
  // The ledger keeps only its newest fills; older acknowledged ones can only be missing by design.
  const kept = ledger.fills.length === ledger.fillCount;
  if (!kept) return undefined;
  for (const [id, f] of acknowledged) {
    if (!counts.has(id)) return `acknowledged fill ${id} (order ${f.orderId}, ${f.side} ${f.qty} ${f.symbol}) is missing from the ledger`;
  }
  return undefined;
}

/** An order never fills beyond its quantity (a quote-quantity buy: beyond its budget). */
export function filledWithinQuantity(ledger: LedgerState): Check {
  for (const o of Object.values(ledger.orders)) {
    if (o.quoteQty !== undefined) {
      const spent = o.filledQty * o.avgPrice + o.fee;
      if (spent > o.quoteQty * (1 + EPS) + EPS) return `order ${o.id} spent ${spent} of a quote budget of ${o.quoteQty}`;
    } else if (o.filledQty > o.qty * (1 + EPS)) return `order ${o.id} filled ${o.filledQty} of ${o.qty}`;
  }
  return undefined;
}

/** An order's filled quantity is the sum of its fills in the ledger (when all its fills are kept). */
export function fillsAddUp(ledger: LedgerState): Check {
  if (ledger.fills.length !== ledger.fillCount) return undefined;
  const sums = new Map<string, number>();
  for (const f of ledger.fills) sums.set(f.orderId, (sums.get(f.orderId) ?? 0) + f.qty);
  for (const o of Object.values(ledger.orders)) {
    const sum = sums.get(o.id) ?? 0;
    if (!near(sum, o.filledQty)) return `order ${o.id} shows ${o.filledQty} filled but its fills add up to ${sum}`;
  }
  return undefined;
}

/** No order is both filled and rejected: a rejected order has no fills, in the state or the log. */
export function notFilledAndRejected(ledger: LedgerState, log?: readonly Envelope[]): Check {
  const filled = new Set(ledger.fills.map((f) => f.orderId));
  for (const o of Object.values(ledger.orders)) {
    if (o.status === 'rejected' && (o.filledQty > 0 || filled.has(o.id))) return `order ${o.id} is rejected but has fills (${o.filledQty} filled)`;
  }
  if (!log) return undefined;
  // Either order: a fill after a rejection is as wrong as a rejection after a fill.
  const fillSeen = new Map<string, number>();
  const rejectSeen = new Map<string, number>();
  for (const env of log) {
    const e = env.event;
    if (e.type === 'order/filled' || e.type === 'order/partiallyFilled') {
      const id = e.data.fill.orderId;
      if (rejectSeen.has(id)) return `order ${id} filled (log seq ${env.seq}) after it was rejected (seq ${rejectSeen.get(id)})`;
      if (!fillSeen.has(id)) fillSeen.set(id, env.seq);
    } else if (e.type === 'order/rejected') {
      const id = e.data.id;
      if (fillSeen.has(id)) return `order ${id} was rejected (log seq ${env.seq}) after it filled (seq ${fillSeen.get(id)})`;
      if (!rejectSeen.has(id)) rejectSeen.set(id, env.seq);
    }
  }
  return undefined;
}

/** At most one exchange order per client order id (exchange venues: the exchange's own list). */
export function oneExchangeOrderPerClientId(exchangeOrders: readonly { readonly clientOrderId?: string; readonly id: string }[]): Check {
  const seen = new Map<string, string>();
  for (const x of exchangeOrders) {
    if (!x.clientOrderId) continue;
    const prev = seen.get(x.clientOrderId);
    if (prev !== undefined) return `client order id ${x.clientOrderId} placed twice at the exchange (orders ${prev} and ${x.id})`;
    seen.set(x.clientOrderId, x.id);
  }
  return undefined;
}

/**
 * Simulated venue: each asset's total (free + locked) is its start plus the fills minus their
 * fees. `fills` must be every fill of the venue (the simulator passes them from the log).
 */
export function balancesMatchFills(balances: Readonly<Record<string, Balance>>, start: Readonly<Record<string, number>>, fills: readonly Fill[]): Check {
  const want = new Map<string, number>(Object.entries(start));
  const add = (asset: string, x: number): void => void want.set(asset, (want.get(asset) ?? 0) + x);
  for (const f of fills) {
    const [base, quote] = f.symbol.split('/');
    const notional = f.qty * f.price;
    add(base, f.side === 'buy' ? f.qty : -f.qty);
    add(quote, f.side === 'buy' ? -notional : notional);
    add(f.feeAsset, -f.fee);
  }
  const assets = new Set([...want.keys(), ...Object.keys(balances)]);
  for (const a of [...assets].sort()) {
    const b = balances[a];
    const have = b ? b.free + b.locked : 0;
    const expect = want.get(a) ?? 0;
    if (!near(have, expect)) return `balance of ${a} is ${have} but the start plus fills minus fees is ${expect}`;
    if (b && (b.free < -EPS || b.locked < -EPS)) return `balance of ${a} is negative (free ${b.free}, locked ${b.locked})`;
  }
  return undefined;
}

/** Exchange venues, after a reconcile: the ledger's balances are the exchange's. */
export function balancesMatchExchange(balances: Readonly<Record<string, Balance>>, exchange: Readonly<Record<string, Balance>>): Check {
  const assets = new Set([...Object.keys(exchange), ...Object.keys(balances)]);
  for (const a of [...assets].sort()) {
    const mine = balances[a] ?? { free: 0, locked: 0 };
    const theirs = exchange[a] ?? { free: 0, locked: 0 };
    if (!near(mine.free, theirs.free) || !near(mine.locked, theirs.locked)) {
      return `balance of ${a} is ${mine.free} free / ${mine.locked} locked, the exchange says ${theirs.free} / ${theirs.locked}`;
    }
  }
  return undefined;
}

/**
 * After a reconcile no order is left pending (`submitted`) or `unknown`. Only orders whose
 * request can no longer reach the exchange count: a look-up that finds nothing right after
 * sending proves nothing. An exchange venue passes `sentBy`, the time before which a request
 * can no longer arrive (now minus its arrival window), and `processStart`: an order an earlier
 * process sent may have gone out just before that process died, so it counts only once
 * `processStart` itself is past the window. The simulated venue answers at once: Infinity.
 */
export function nothingPendingAfterReconcile(ledger: LedgerState, sentBy = Infinity, processStart = -Infinity): Check {
  for (const o of Object.values(ledger.orders)) {
    const status: string = o.status;
    if (status !== 'submitted' && status !== 'unknown') continue;
    const sent = o.createdAt < processStart ? processStart : o.createdAt;
    if (sent <= sentBy) return `order ${o.id} is still ${status} after a reconcile`;
  }
  return undefined;
}

/** The log replays to the ledger atapi holds (compared as canonical JSON). */
export function replaysToSameLedger(ledger: LedgerState, log: readonly Envelope[]): Check {
  return sameLedger(ledger, applyEvents(initialState(), log).ledger);
}

/** The ledger atapi holds equals the one its log replays to (`replayed`, folded elsewhere). */
export function sameLedger(ledger: LedgerState, replayed: LedgerState): Check {
  if (deepEqual(ledger, replayed)) return undefined;
  return `the log replays to a different ledger: ${firstDifference(ledger, replayed)}`;
}

/** Structural equality of plain data (objects compared by keys, not key order). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (x[k] === undefined) continue;
    n++;
    if (!deepEqual(x[k], y[k])) return false;
  }
  for (const k in y) if (y[k] !== undefined) n--;
  return n === 0;
}

/** JSON with sorted keys: two states equal as data print the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));
}

function firstDifference(a: unknown, b: unknown, at = 'ledger'): string {
  if (canonical(a) === canonical(b)) return `${at} equal`;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of [...keys].sort()) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (canonical(x) !== canonical(y)) return firstDifference(x, y, `${at}.${k}`);
    }
  }
  const show = (v: unknown): string => (JSON.stringify(v) ?? 'undefined').slice(0, 120);
  return `${at} is ${show(a)} live, ${show(b)} replayed`;
}

/** Every order the ledger knows, for reports. */
export function ordersOf(ledger: LedgerState): Order[] {
  return Object.values(ledger.orders);
}

/**
 * No strategy instance holds more than its size allows: its own position's cost (quantity at
 * its average entry) is at most its quote amount, its base quantity at most the size's, and
 * its share of equity at most the size's share of the largest equity it was ever sized
 * against (`maxEquity`, seen at each of its orders). Catches a second entry on top of the
 * first (a retry beside an open or unknown order, a resume that forgot its position) and a
 * size quietly turned into more than asked.
 */
export function strategyWithinSize(state: State, venue: string, maxEquity: number): Check {
  for (const s of Object.values(state.ledger.strategies)) {
    const a = state.ledger.strategyAccounts?.[s.strategyId];
    if (s.venue !== venue || s.size === undefined || !a || a.qty <= 0) continue;
    const inst = state.market.instruments[`${venue}:${s.symbol}`];
    if (!inst) continue;
    const p = parseSize(s.size, inst);
    if (!p.ok) return `strategy ${s.strategyId} has a size that does not parse: ${s.size}`;
    const cost = a.qty * a.avgPrice;
    // A grid holds at most one entry per order it rests (levels - 1: one level is always empty).
    const n = s.name === 'grid' ? Math.max(1, (s.params.levels ?? 2) - 1) : 1;
    const over = p.size.kind === 'base' ? a.qty > n * p.size.qty * (1 + EPS) : cost > n * (p.size.kind === 'quote' ? p.size.amount : (maxEquity * p.size.percent) / 100) * (1 + EPS) + 1e-9;
    if (over) return `strategy ${s.strategyId} holds ${a.qty} ${inst.base} (cost ${cost.toFixed(2)} ${inst.quote}), more than its size ${s.size} allows${p.size.kind === 'equity' ? ` (equity at most ${maxEquity.toFixed(2)})` : ''}`;
  }
  return undefined;
}

/**
 * A prune takes only stopped instances that hold nothing (flat, or their position gone from the
 * account) with no order open off the list, and keeps their money facts: each pruned instance's account, trades and orders are the same after as before.
 */
export function pruneKeepsMoneyFacts(before: LedgerState, after: LedgerState, ids: readonly string[]): Check {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const id of ids) {
    const s = before.strategies[id];
    if (!s || s.status !== 'stopped') return `pruned ${id}, which was ${s ? s.status : 'not listed'}`;
    // Its own position may be one the account no longer holds (closed outside it): held-invariants.ts.
    const claim = prunedClaimNotHeld(before, id);
    if (claim) return claim;
    const open = Object.values(before.orders).find((o) => o.strategyId === id && isOpenStatus(o.status));
    if (open) return `pruned ${id}, which had order ${open.id} ${open.status}`;
    if (after.strategies[id]) return `${id} is still listed after its prune`;
    if (!same(before.strategyAccounts?.[id], after.strategyAccounts?.[id])) return `${id}'s account changed by its prune`;
    if (!same(before.strategyTrades?.[id] ?? [], after.strategyTrades?.[id] ?? [])) return `${id}'s trades changed by its prune`;
    const orders = (l: LedgerState): Order[] => Object.values(l.orders).filter((o) => o.strategyId === id);
    if (!same(orders(before), orders(after))) return `${id}'s orders changed by its prune`;
  }
  return undefined;
}
