import type { Instrument, Refusal } from '../domain/index.js';
import type { EntryResult } from '../engine/order-entry.js';
import { heldTarget, planPerpClose, planPerpOpen } from '../engine/strategy-perp.js';
import type { StrategySize } from '../engine/strategy-size.js';
import type { PositionTarget } from '../strategies/strategy.js';
import { selectFuturesPosition, selectPositionMode, selectStrategyAccount, selectTicker } from '../store/index.js';
import type { Session } from './session.js';

export interface PerpAct {
  readonly id: string;
  readonly inst: Instrument;
  readonly size: StrategySize;
  readonly target: PositionTarget;
  /** The price to size at when the book has none (the candle's close). */
  readonly fallbackPrice: number;
  /** Each step's line, with what it was as data: a hold, a refusal (its code), or done. */
  readonly say: (text: string, said: PerpSaid) => void;
}

/** What a step of `actOnPerp` came to, for callers that act on it (`run --once`'s exit status): never read from the words. */
export type PerpSaid = { readonly kind: 'done' } | { readonly kind: 'held' } | { readonly kind: 'refused'; readonly refusal: Refusal };

const DONE: PerpSaid = { kind: 'done' };
const HELD: PerpSaid = { kind: 'held' };

/**
 * Closes what instance `id` holds on the perpetual (reduce-only, its own share only).
 * Resolves to the close's result, undefined when there was nothing to close, or a refusal.
 */
export async function closePerpShare(session: Session, id: string, inst: Instrument): Promise<{ result?: EntryResult; error?: string }> {
  const s = session.state();
  const own = selectStrategyAccount(s, id).qty;
  if (heldTarget(own, inst) === 'flat') return {};
  const mode = selectPositionMode(s, session.venue);
  const side = mode === 'hedge' ? (own > 0 ? 'LONG' : 'SHORT') : 'BOTH';
  const plan = planPerpClose(own, selectFuturesPosition(s, session.venue, inst.symbol, side).qty, mode, inst);
  if (!plan.ok) return { error: plan.error };
  return { result: await session.order({ symbol: inst.symbol, type: 'market', ...plan.order, strategyId: id }) };
}

/**
 * Moves instance `id` to its target position on a perpetual: nothing if it holds it already;
 * else the reduce-only close of its own position, and (once that filled) the opening order of
 * the other side. Each order goes through `session.order`: risk limits (risk.maxLeverage,
 * notional per order and per position, margin, liquidation at once) apply as to a trader's.
 */
export async function actOnPerp(session: Session, a: PerpAct): Promise<void> {
  const { id, inst, target } = a;
  const had = heldTarget(selectStrategyAccount(session.state(), id).qty, inst);
  if (had === target) return;
  if (had !== 'flat') {
    const c = await closePerpShare(session, id, inst);
    if (c.error) return a.say(`${id}: close ${had} held: ${c.error}`, HELD);
    const r = c.result!;
    if (!r.ok) return a.say(`${id}: close ${had} refused: ${r.error}`, { kind: 'refused', refusal: r.refusal });
    a.say(`${id}: close ${had} ${r.order.filledQty} ${inst.symbol} ${r.order.status}`, DONE);
    if (r.order.status !== 'filled') return target === 'flat' ? undefined : a.say(`${id}: ${target} not opened: the close of ${had} is ${r.order.status}, not filled`, DONE);
  }
  if (target === 'flat') return;
  const s = session.state();
  const t = selectTicker(s, session.venue, inst.symbol);
  const price = (target === 'long' ? t?.ask : t?.bid) || a.fallbackPrice;
  const plan = planPerpOpen(target, a.size, selectPositionMode(s, session.venue), { inst, equity: session.futures.account().marginBalance, price });
  if (!plan.ok) return a.say(`${id}: ${target} held: ${plan.error}`, HELD);
  const r = await session.order({ symbol: inst.symbol, type: 'market', ...plan.order, strategyId: id });
  if (r.ok) a.say(`${id}: open ${target} ${r.order.filledQty} ${inst.symbol} ${r.order.status}`, DONE);
  else a.say(`${id}: open ${target} refused: ${r.error}`, { kind: 'refused', refusal: r.refusal });
}
