import type { Instrument, Order, Refusal } from '../../domain/index.js';
import { isOpenStatus, refusal, RefusedError, type RefusalCode } from '../../domain/index.js';
import type { EntryResult } from '../../engine/order-entry.js';
import { linkDown } from '../../engine/risk.js';
import { decide, HOLD, isNewHold, type InstanceView, type StrategyOrder } from '../../engine/strategy-decision.js';
import { selectClosableShare } from '../../engine/strategy-held.js';
import { heldTarget, planPerpClose, planPerpOpen } from '../../engine/strategy-perp.js';
import { formatSize, sizeBuy, type StrategySize } from '../../engine/strategy-size.js';
import type { PositionTarget } from '../../strategies/strategy.js';
import { selectBalance, selectEquity, selectPositionMode, selectStrategyAccount, selectStrategyHold, selectTicker } from '../../store/index.js';
import type { Session } from '../session/session.js';

/**
 * The one strategy runtime's effects: what an instance sees (read the same way by the
 * continuous host and `--once`), the decision (engine/strategy-decision.ts) carried out
 * through the session's order path, and its holds and refusals recorded as facts.
 */

export interface ActContext {
  readonly id: string;
  readonly inst: Instrument;
  readonly size: StrategySize;
  /** Fee rate kept inside a quote-sized buy. */
  readonly fee: number;
  /** Progress lines for people (`atapi run` prints them). */
  readonly say?: (text: string) => void;
}

/** How pursuing a target ended: nothing to do, held, refused, or orders placed (the last one's fate still to come). */
export interface Pursuit {
  readonly outcome: 'idle' | 'held' | 'refused' | 'placed';
  /** The orders placed, oldest first. */
  readonly orders: readonly Order[];
  /** The hold or refusal, when there was one. */
  readonly refusal?: Refusal;
  readonly message: string;
}

/**
 * What the strategy itself is shown of instance `id`: its own position (signed on a
 * perpetual) and the free cash (a perpetual's available balance). The same on every path.
 */
export function instanceAccount(session: Session, id: string, inst: Instrument): [position: number, cash: number] {
  const s = session.state();
  return [selectStrategyAccount(s, id).qty, inst.perpetual ? session.futures.account().availableBalance : selectBalance(s, session.venue, inst.quote).free];
}

/** What instance `id` sees now: its own position and the account, the link and its own unsettled orders. */
export function readInstanceView(session: Session, id: string, inst: Instrument, fallbackPrice: number, fee: number): InstanceView {
  const s = session.state();
  const venue = session.venue;
  const { own, held, nettedWith, netBlocked } = selectClosableShare(s, id);
  const unsettled = Object.values(s.ledger.orders).find((o) => o.strategyId === id && (o.status === 'unknown' || isOpenStatus(o.status)));
  const t = selectTicker(s, venue, inst.symbol);
  const down = linkDown(s, venue);
  const base = {
    inst,
    own,
    held,
    ...(nettedWith ? { nettedWith } : {}),
    ...(netBlocked ? { netBlocked } : {}),
    ask: t?.ask || fallbackPrice,
    bid: t?.bid || fallbackPrice,
    fee,
    ...(down ? { linkDown: down } : {}),
    ...(unsettled ? { unsettled: { id: unsettled.id, status: unsettled.status } } : {}),
  };
  if (inst.perpetual) {
    const a = session.futures.account();
    return { ...base, equity: a.marginBalance, cash: a.availableBalance, baseFree: 0, futures: { mode: selectPositionMode(s, venue) } };
  }
  return { ...base, equity: selectEquity(s, venue, inst.quote), cash: selectBalance(s, venue, inst.quote).free, baseFree: selectBalance(s, venue, inst.base).free };
}

/** How a target reads to people: a spot instance buys and sells; a perpetual one goes long, short or flat. */
/** The word for an order towards `target`: spot buys and sells; a perpetual goes long or short, or closes ("its flat order" read as nothing). */
export const targetVerb = (perpetual: boolean, target: PositionTarget): string => (perpetual ? (target === 'flat' ? 'close' : target) : target === 'long' ? 'buy' : target === 'flat' ? 'sell' : target);

/**
 * Records a hold or refusal of instance `id` as a fact, once per reason: the same reason on
 * the next candle is not news (see isNewHold). Returns the line for people.
 */
export function record(session: Session, c: ActContext, kind: 'held' | 'refused', target: PositionTarget, reason: Refusal, ts: number): string {
  if (isNewHold(selectStrategyHold(session.state(), c.id), kind, target, reason)) {
    session.dispatch([{ type: kind === 'held' ? 'strategy/held' : 'strategy/refused', data: { strategyId: c.id, symbol: c.inst.symbol, target, reason, ts } }]);
  }
  return `${targetVerb(c.inst.perpetual !== undefined, target)} ${kind}: ${reason.text}`;
}

/**
 * Places one order of a decision through the session, the path every order takes (link,
 * pre-trade checks, durable log). An order that adds exposure is also held to what a trader's
 * order would need a second confirmation for (a large share of equity, risk.maxEquitySharePercent):
 * a strategy cannot confirm, so it is refused. An order that only takes its own exposure off
 * is not, so an exit is never blocked by the size the position has grown to.
 */
async function placeOrder(session: Session, c: ActContext, o: StrategyOrder): Promise<EntryResult> {
  const req = { symbol: c.inst.symbol, type: 'market' as const, side: o.side, qty: o.qty, ...(o.quoteQty !== undefined ? { quoteQty: o.quoteQty } : {}), ...(o.reduceOnly ? { reduceOnly: o.reduceOnly } : {}), ...(o.positionSide ? { positionSide: o.positionSide } : {}), strategyId: c.id };
  return placeStrategyOrder(session, req, o.opens);
}

/** A strategy's order of any type (a grid's limit too) through the session, with the confirmation rule above. */
export async function placeStrategyOrder(session: Session, req: Parameters<Session['order']>[0], opens: boolean): Promise<EntryResult> {
  if (opens) {
    const p = session.preview(req);
    if (!p.problem && p.warnings.length > 0) {
      const text = `${p.warnings.join('; ')}: a trader's order this large needs a second confirmation, which a strategy cannot give (lower --size)`;
      return { ok: false, error: text, refusal: refusal(HOLD.unconfirmed, text, 'size') };
    }
  }
  return session.order(req);
}

/**
 * Pursues `target` for one instance: decide, place, and once an order filled decide again
 * (a perpetual's close, then its open), until the target is reached, a hold or refusal stops
 * it (recorded), or an order is left to settle.
 */
export async function pursue(session: Session, c: ActContext, target: PositionTarget, fallbackPrice: number, ts: number): Promise<Pursuit> {
  const orders: Order[] = [];
  const said: string[] = [];
  // Lines for people: `say` (atapi run) gets them with the instance's id, the result without.
  const say = (t: string): string => {
    said.push(t);
    c.say?.(`${c.id}: ${t}`);
    return said.join('; ');
  };
  for (let step = 0; step < 3; step++) {
    const d = decide(readInstanceView(session, c.id, c.inst, fallbackPrice, c.fee), c.size, target);
    if (d.kind === 'done') return { outcome: orders.length ? 'placed' : 'idle', orders, message: said.join('; ') || d.text };
    if (d.kind === 'hold') return { outcome: 'held', orders, refusal: d.refusal, message: say(record(session, c, 'held', target, d.refusal, ts)) };
    const r = await placeOrder(session, c, d.order);
    if (!r.ok) {
      const why = r.refusal ?? refusal(HOLD.refused, r.error);
      return { outcome: 'refused', orders, refusal: why, message: say(record(session, c, 'refused', target, why, ts)) };
    }
    orders.push(r.order);
    if (r.order.status === 'rejected') {
      const why = refusal(HOLD.rejected, `order ${r.order.id} was rejected: ${r.order.reason ?? 'no reason given'}; not retried until the next signal`);
      return { outcome: 'refused', orders, refusal: why, message: say(record(session, c, 'refused', target, why, ts)) };
    }
    say(`${d.order.what} ${r.order.filledQty} ${c.inst.symbol} ${r.order.status}`);
    // Not filled yet: the next step waits for its fate (a held open order, see decide).
    if (r.order.status !== 'filled') return { outcome: 'placed', orders, message: said.join('; ') };
  }
  return { outcome: 'placed', orders, message: said.join('; ') };
}

/**
 * At start, the size against every limit a trader's order of that size meets: the first
 * opening order at the full size (as if the cash were there) goes through the same preview as
 * the order form. A size over risk.maxOrderNotional, risk.maxPositionNotional, the balance, or
 * a share of equity that would need a confirmation (risk.maxEquitySharePercent) is refused
 * with the number and the setting. Skipped while the link is down or there is no price yet:
 * every order is checked again when it is placed.
 */
export function checkSizeAtStart(session: Session, inst: Instrument, size: StrategySize, fee: number): void {
  const s = session.state();
  if (linkDown(s, session.venue)) return;
  const t = selectTicker(s, session.venue, inst.symbol);
  const price = t?.ask || t?.last;
  if (!price) return;
  let order: { side: 'buy' | 'sell'; qty: number; quoteQty?: number; positionSide?: 'LONG' | 'SHORT' | 'BOTH' };
  if (inst.perpetual) {
    const plan = planPerpOpen('long', size, selectPositionMode(s, session.venue), { inst, equity: session.futures.account().marginBalance, price });
    if (!plan.ok) throw refusedSize('qty.min', `size ${formatSize(size)} refused: ${plan.error}`);
    order = plan.order;
  } else {
    const b = sizeBuy(size, { inst, equity: selectEquity(s, session.venue, inst.quote), cash: Number.POSITIVE_INFINITY, price, fee });
    if (!b.ok) throw refusedSize(b.refusal.code, `size ${formatSize(size)} refused: ${b.refusal.text}`);
    order = { side: 'buy', ...b };
  }
  const p = session.preview({ symbol: inst.symbol, type: 'market', side: order.side, qty: order.qty, ...(order.positionSide ? { positionSide: order.positionSide } : {}) });
  const why = p.problem?.text ?? p.warnings[0];
  if (why) throw refusedSize(p.problem?.code ?? 'strategy.refused.needs-confirmation', `size ${formatSize(size)} refused: its first order would be ${order.qty} ${inst.base}: ${why}${p.problem ? '' : ' (a strategy cannot confirm a large order; use a smaller --size)'}`);
}

/** A start's size refused by the check that said no (its code), about the start's `size`. */
const refusedSize = (code: RefusalCode, text: string): RefusedError => new RefusedError(refusal(code, text, 'size'));

/**
 * Closes what instance `id` holds on the perpetual (its own share only; reduce-only unless netted, planPerpClose).
 * Resolves to the close's result, undefined when there was nothing to close, or why not.
 */
export async function closePerpShare(session: Session, id: string, inst: Instrument): Promise<{ result?: EntryResult; error?: string }> {
  const s = session.state();
  const closable = selectClosableShare(s, id);
  const { own, held } = closable;
  if (heldTarget(own, inst) === 'flat') return {};
  const plan = planPerpClose(own, held, selectPositionMode(s, session.venue), inst, closable);
  if (!plan.ok) return { error: plan.error };
  return { result: await session.order({ symbol: inst.symbol, type: 'market', ...plan.order, strategyId: id }) };
}
