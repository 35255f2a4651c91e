import type { Instrument, PositionMode, PositionSide, Refusal, RefusalCode } from '../domain/index.js';
import { refusal } from '../domain/index.js';
import type { StrategyHold } from '../store/index.js';
import type { PositionTarget } from '../strategies/strategy.js';
import { heldTarget, planPerpClose, planPerpOpen } from './strategy-perp.js';
import { sizeBuy, sizeSell, type StrategySize } from './strategy-size.js';

/**
 * The one strategy runtime's decision, pure: given what one instance sees of its own account
 * and the venue, and the target it pursues, the next order to place, a hold with its reason,
 * or nothing to do. The continuous host and `--once` both read the view the same way
 * (app/strategy-runtime/strategy-act.ts) and call this, so a cron run and a continuous run of one strategy
 * decide alike. An order it returns still goes through every pre-trade check a trader's
 * order does; this only decides what to ask for.
 */

/** Refusal codes of the decision's own holds (the order path's refusals keep their codes). */
export const HOLD = {
  linkDown: 'strategy.hold.link-down',
  unsettled: 'strategy.hold.unsettled',
  /** A grid out of its range, holding its book (grid.outOfRange hold). */
  outOfRange: 'strategy.hold.out-of-range',
  spotShort: 'strategy.hold.spot-short',
  size: 'strategy.hold.size',
  close: 'strategy.hold.close',
  notFree: 'strategy.hold.not-free',
  /** An order of the instance the exchange rejected: not retried until the next signal. */
  rejected: 'strategy.rejected',
  /** A confirmation a trader's order of that size would need, which a strategy cannot give. */
  unconfirmed: 'strategy.refused.needs-confirmation',
  /** The order path refused without a code of its own. */
  refused: 'strategy.refused',
} as const satisfies Readonly<Record<string, RefusalCode>>;

/** What one instance sees: its own position, never the trader's or another instance's. */
export interface InstanceView {
  readonly inst: Pick<Instrument, 'symbol' | 'base' | 'quote' | 'lotSize' | 'minQty'>;
  /** Why no order can go out now (the link check's reason), if none can. */
  readonly linkDown?: string;
  /** An order of this instance whose fate is not settled yet (open, or unknown). */
  readonly unsettled?: { readonly id: string; readonly status: string };
  /** The instance's own position (signed on a perpetual), from its own fills. */
  readonly own: number;
  /**
   * The part of `own` the account still holds (engine/strategy-held.ts): the most a close or a
   * sell may take, so it never takes the trader's or another instance's share, nor sizes an
   * order on a position closed outside it (a close of a position the account does not hold
   * would open the opposite one).
   */
  readonly held: number;
  /** On a one-way perpetual, the instances whose opposite claims net its share out of the account's position: its close is then a plain order (strategy-held.ts). */
  readonly nettedWith?: readonly string[];
  /** Its close is blocked by netting with a claim partly gone (strategy-held.ts). */
  readonly netBlocked?: true;
  /** Prices to size at (the book's, else the last candle's close). */
  readonly ask: number;
  readonly bid: number;
  /** Spot: the account's equity in the quote asset; a perpetual: the futures margin balance. */
  readonly equity: number;
  /** Spot: free quote balance; a perpetual: the available balance. */
  readonly cash: number;
  /** Spot: free base balance (a sell never sells more than there is). */
  readonly baseFree: number;
  /** On a perpetual: the position mode. */
  readonly futures?: { readonly mode: PositionMode };
  /** Fee rate kept inside a quote-sized buy. */
  readonly fee: number;
}

/** One market order of a decision. `opens`: it adds exposure (a buy, a perpetual's open), rather than taking it off. */
export interface StrategyOrder {
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly quoteQty?: number;
  readonly reduceOnly?: true;
  readonly positionSide?: PositionSide;
  readonly opens: boolean;
  /** `buy`, `sell`, `close long`, `open short`: for messages. */
  readonly what: string;
}

export type Decision =
  | { readonly kind: 'place'; readonly order: StrategyOrder }
  | { readonly kind: 'hold'; readonly refusal: Refusal }
  | { readonly kind: 'done'; readonly text: string };

const hold = (code: RefusalCode, text: string, field?: string): Decision => ({ kind: 'hold', refusal: refusal(code, text, field) });

/**
 * The next step toward `target`. A spot instance is long (it holds at least the minimum of its
 * own) or flat; a perpetual one closes what it holds (reduce-only, its own share) before it
 * opens the other side, one order per call: the caller calls again once an order filled.
 */
export function decide(v: InstanceView, size: StrategySize, target: PositionTarget): Decision {
  const { inst } = v;
  const had = heldTarget(v.own, inst);
  if (had === target) return { kind: 'done', text: target === 'flat' ? `nothing to do: it holds no ${inst.base}` : `nothing to do: already ${target} ${Math.abs(v.own)} ${inst.base}` };
  if (!v.futures && target === 'short') return hold(HOLD.spotShort, `${inst.symbol} is a spot market: a strategy cannot go short on it (a perpetual can: --futures)`);
  // No order goes out on a dead link (stale prices, an unknown fate), nor beside an order of its own still in doubt.
  if (v.linkDown) return hold(HOLD.linkDown, v.linkDown);
  if (v.unsettled) return hold(HOLD.unsettled, `order ${v.unsettled.id} is ${v.unsettled.status.replace('_', ' ')} until the exchange settles it`);
  if (v.futures) {
    if (had !== 'flat') {
      const plan = planPerpClose(v.own, v.held, v.futures.mode, inst, v);
      // Its own position is gone (liquidated, closed by hand): nothing it can close, on every
      // signal that asks to, until a trader acts. Say what to do, or the hold only repeats.
      if (!plan.ok) return hold(HOLD.close, `${plan.error}; it opens nothing until it has closed that: strategies write-off settles what is gone (or stop it and start a new instance to trade from flat)`);
      return { kind: 'place', order: { ...plan.order, opens: false, what: `close ${had}` } };
    }
    const plan = planPerpOpen(target as 'long' | 'short', size, v.futures.mode, { inst, equity: v.equity, price: target === 'long' ? v.ask : v.bid });
    if (!plan.ok) return hold(HOLD.size, plan.error, 'size');
    return { kind: 'place', order: { ...plan.order, opens: true, what: `open ${target}` } };
  }
  if (target === 'long') {
    const b = sizeBuy(size, { inst, equity: v.equity, cash: v.cash, price: v.ask, fee: v.fee });
    if (!b.ok) return { kind: 'hold', refusal: b.refusal };
    return { kind: 'place', order: { side: 'buy', qty: b.qty, ...(b.quoteQty !== undefined ? { quoteQty: b.quoteQty } : {}), opens: true, what: 'buy' } };
  }
  const qty = sizeSell(v.held, v.baseFree, inst);
  if (qty === 0 && v.held < inst.minQty) return hold(HOLD.notFree, `it holds ${v.own} ${inst.base}, but the account holds ${v.held > 0 ? `only ${v.held} ${inst.base}` : 'none'} of it now (sold or moved outside the strategy; strategies write-off settles it)`);
  if (qty === 0) return hold(HOLD.notFree, `it holds ${v.own} ${inst.base}, but only ${v.baseFree} ${inst.base} is free in the account (sold or locked by hand?)`);
  return { kind: 'place', order: { side: 'sell', qty, opens: false, what: 'sell' } };
}

/**
 * The target to pursue at a closed candle: the strategy's new one; else the last one a hold
 * or refusal kept it from, retried once a candle until it is reached; a rejection by the
 * exchange is not retried (the same order would be rejected again) until the next signal.
 */
export function targetToPursue(signal: PositionTarget | undefined, standing: StrategyHold | undefined, own: number, inst: Pick<Instrument, 'minQty'>): PositionTarget | undefined {
  if (signal !== undefined) return signal;
  if (!standing || standing.reason.code === HOLD.rejected) return undefined;
  return heldTarget(own, inst) === standing.target ? undefined : standing.target;
}

/**
 * Whether a hold is news: recorded when its kind, target or reason's code (or field) differ
 * from the standing one, so a hold that lasts many candles is one fact, not one per candle.
 */
export function isNewHold(standing: StrategyHold | undefined, kind: StrategyHold['kind'], target: PositionTarget, reason: Refusal): boolean {
  return !standing || standing.kind !== kind || standing.target !== target || standing.reason.code !== reason.code || standing.reason.field !== reason.field;
}
