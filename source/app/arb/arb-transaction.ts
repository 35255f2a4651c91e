import type { ArbInstance, ArbLegRole, ArbOutcome, ArbOutcomeKind, ArbTx, Order, Refusal, Side } from '../../domain/index.js';
import { clean, isOpenStatus } from '../../domain/index.js';
import type { EntryResult } from '../../engine/order-entry.js';
import type { CrossEdge } from '../../engine/arb/cross-edge.js';
import { fixOrder, realisedNet, txFigures, type TxFigures } from '../../engine/arb/arb-decide.js';
import { selectInstrument, type Store } from '../../store/index.js';

/** What a transaction needs from its session: the ledger, the time, and the one order path. */
export interface TxContext {
  readonly store: Store;
  readonly clock: () => number;
  /** Places an IOC limit through the session's order path, its `arb/leg` recorded with its `order/submitted`. */
  readonly placeLeg: (leg: { readonly venue: string; readonly symbol: string; readonly side: Side; readonly qty: number; readonly price: number }, txId: string, role: ArbLegRole) => Promise<EntryResult>;
  readonly cancel: (orderId: string) => Promise<EntryResult>;
  /** Resolves when `cond` holds or the clock passes `deadline` (re-checked as the market moves). */
  readonly until: (cond: () => boolean, deadline: number) => Promise<void>;
}

/** The plan of a transaction taking `edge`: what goes to the ledger before any leg leaves. */
export function planTx(id: string, instance: Pick<ArbInstance, 'id' | 'symbol' | 'policy'>, edge: CrossEdge, now: number): ArbTx {
  return {
    id,
    instanceId: instance.id,
    symbol: instance.symbol,
    qty: edge.qty,
    buy: { venue: edge.buyVenue, price: edge.buyLimit, avg: edge.buyAvg },
    sell: { venue: edge.sellVenue, price: edge.sellLimit, avg: edge.sellAvg },
    expectedNet: edge.net,
    expectedNetPercent: edge.netPercent,
    policy: instance.policy,
    plannedAt: now,
  };
}

/**
 * Runs one transaction: the plan made durable, both legs sent at once as IOC limits at the
 * prices the edge was computed from, then `finishTx`. A leg the order path refuses is simply
 * not sent: the other leg's fill is then a single leg, handled by the policy.
 */
export async function runTx(ctx: TxContext, tx: ArbTx): Promise<ArbOutcome | undefined> {
  ctx.store.dispatch({ type: 'arb/planned', data: { tx } });
  await ctx.store.whenDurable();
  const legs = await Promise.all([
    ctx.placeLeg({ venue: tx.buy.venue, symbol: tx.buy.symbol ?? tx.symbol, side: 'buy', qty: tx.qty, price: tx.buy.price }, tx.id, 'buy'),
    ctx.placeLeg({ venue: tx.sell.venue, symbol: tx.sell.symbol ?? tx.symbol, side: 'sell', qty: tx.qty, price: tx.sell.price }, tx.id, 'sell'),
  ]);
  const refused = legs.flatMap((r, i) => (r.ok ? [] : [`${i === 0 ? 'buy' : 'sell'} leg refused: ${r.error}`]));
  return finishTx(ctx, tx.id, refused);
}

/**
 * Brings a transaction to its outcome, whatever state it is in: just sent, or found without an
 * outcome after a restart. Waits for the legs until the time limit (cancelling any still open
 * then), applies the single-leg policy to an imbalance until the time limit again, and records
 * how it ended with expected against realised. Never leaves it without an outcome unless an
 * order's fate is unknown (the venue did not answer a cancel): then the next start finishes it.
 */
export async function finishTx(ctx: TxContext, txId: string, notes: readonly string[] = []): Promise<ArbOutcome | undefined> {
  const tx = (): ArbTx | undefined => ctx.store.getState().ledger.arbTxs?.[txId];
  const first = tx();
  if (!first || first.outcome) return first?.outcome;
  const text = [...notes];
  const orders = (): Order[] => (tx()?.orders ?? []).flatMap((o) => ctx.store.getState().ledger.orders[o.orderId] ?? []);
  const settled = (): boolean => orders().every((o) => !isOpenStatus(o.status));
  const legDeadline = Math.max(ctx.clock(), first.plannedAt) + first.policy.timeLimitMs;
  if (!(await settle(ctx, settled, orders, legDeadline, text))) return undefined;

  let f = txFigures(orders());
  const single = Math.abs(clean(f.bought - f.sold)) > 0;
  const inst = selectInstrument(ctx.store.getState(), first.buy.venue, first.symbol);
  const lot = inst?.lotSize ?? 1e-8;
  const tick = inst?.tickSize ?? 1e-8;
  let kind: ArbOutcomeKind = f.bought === 0 && f.sold === 0 ? 'none' : single ? 'cancelled' : 'both';
  let policyCost = 0;
  if (single) {
    text.push(`single leg: bought ${f.bought}, sold ${f.sold}`);
    const policyDeadline = ctx.clock() + first.policy.timeLimitMs;
    const before = f;
    for (let attempt = 0; attempt < MAX_FIX_ATTEMPTS; attempt++) {
      const fix = fixOrder(first, f, lot, tick);
      if (!fix || ctx.clock() >= policyDeadline) break;
      const r = await ctx.placeLeg(fix, txId, 'fix');
      if (!r.ok) text.push(`${first.policy.onSingleLeg}: ${fix.side} ${fix.qty} on ${fix.venue} refused: ${r.error}`);
      if (!(await settle(ctx, settled, orders, policyDeadline, text))) return undefined;
      f = txFigures(orders());
      if (!r.ok) break;
    }
    const left = clean(f.bought - f.sold);
    const balanced = Math.abs(left) < lot;
    kind = first.policy.onSingleLeg === 'cancel' ? 'cancelled' : balanced ? (first.policy.onSingleLeg === 'reverse' ? 'reversed' : 'proceeded') : 'unhedged';
    // What the policy's own orders did against the plan: the realised edge with them less without them.
    policyCost = realisedNet(first, before) - realisedNet(first, f);
    text.push(kind === 'cancelled' ? `cancel: kept the imbalance of ${left}` : kind === 'unhedged' ? `${first.policy.onSingleLeg} did not finish within the price limit ${first.policy.priceLimitPercent}% and time limit ${first.policy.timeLimitMs / 1000}s: ${left} left unhedged` : `${first.policy.onSingleLeg}: balanced, at a cost of ${round(policyCost)}`);
  }
  const outcome: ArbOutcome = { kind, text: text.join('; ') || (kind === 'both' ? 'both legs filled' : 'neither leg filled'), bought: f.bought, sold: f.sold, realisedNet: realisedNet(first, f), policyCost, ts: ctx.clock() };
  ctx.store.dispatch({ type: 'arb/settled', data: { txId, outcome } });
  await ctx.store.whenDurable();
  return outcome;
}

/** A policy retries its order at most this many times (each an IOC at its limit price). */
const MAX_FIX_ATTEMPTS = 5;

/**
 * Waits for every order of the transaction to settle until `deadline`; then cancels those
 * still open and waits for the cancels' answers (a little longer). False when an order is
 * still open after that: its fate is unknown, so the transaction is left for the next start.
 */
async function settle(ctx: TxContext, settled: () => boolean, orders: () => Order[], deadline: number, text: string[]): Promise<boolean> {
  await ctx.until(settled, deadline);
  if (settled()) return true;
  const open = orders().filter((o) => isOpenStatus(o.status));
  text.push(`timed out: cancelled ${open.map((o) => o.id).join(', ')}`);
  const answers = await Promise.all(open.map((o) => ctx.cancel(o.id)));
  const problems: Refusal[] = answers.flatMap((a) => (a.ok ? [] : [a.refusal]));
  if (problems.length) text.push(problems.map((p) => p.text).join('; '));
  await ctx.until(settled, ctx.clock() + CANCEL_GRACE_MS);
  return settled();
}

/** How long the answers to a timed-out leg's cancel are waited for. */
const CANCEL_GRACE_MS = 5_000;

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
