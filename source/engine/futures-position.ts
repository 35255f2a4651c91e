import type { FuturesPosition, PositionMode, PositionSide, Refusal, Side, SymbolMarginSettings } from '../domain/index.js';
import { clean, orderPositionSide, refusal } from '../domain/index.js';

/** What a trade does to a position: the new signed size and entry, and what it realised. */
export interface TradeOutcome {
  readonly qty: number;
  readonly entryPrice: number;
  /** PnL realised by the closed part, fees not included. */
  readonly realizedPnl: number;
  /** Base quantity that closed existing exposure. */
  readonly closedQty: number;
  /** Base quantity that opened new exposure (needs initial margin). */
  readonly openedQty: number;
}

/**
 * Applies a signed trade (buy > 0) at `price` to a signed position: adding averages the
 * entry; reducing realises (price - entry) x closed; going through zero (one-way only) closes
 * the old position and opens the rest at the trade price.
 */
export function applyTrade(pos: { readonly qty: number; readonly entryPrice: number }, signedQty: number, price: number): TradeOutcome {
  const { qty, entryPrice } = pos;
  if (qty === 0 || Math.sign(qty) === Math.sign(signedQty)) {
    const next = clean(qty + signedQty);
    const entry = (Math.abs(qty) * entryPrice + Math.abs(signedQty) * price) / Math.abs(next);
    return { qty: next, entryPrice: entry, realizedPnl: 0, closedQty: 0, openedQty: Math.abs(signedQty) };
  }
  const closedQty = Math.min(Math.abs(qty), Math.abs(signedQty));
  const realizedPnl = closedQty * (price - entryPrice) * Math.sign(qty);
  const next = clean(qty + signedQty);
  if (next === 0) return { qty: 0, entryPrice: 0, realizedPnl, closedQty, openedQty: 0 };
  if (Math.sign(next) === Math.sign(qty)) return { qty: next, entryPrice, realizedPnl, closedQty, openedQty: 0 };
  return { qty: next, entryPrice: price, realizedPnl, closedQty, openedQty: Math.abs(next) };
}

/** An order's effect, worked out before anything is sent: which position, and a refusal if any. */
export type OrderIntent =
  | { readonly ok: true; readonly side: PositionSide; readonly signedQty: number }
  | { readonly ok: false; readonly refusal: Refusal };

/**
 * Which position an order acts on and whether it may: reduce-only never increases or flips a
 * position (Binance -2022), a hedge-mode order names its side, and in hedge mode a close (sell
 * LONG, buy SHORT) never goes past zero into the other side.
 * `positionQty(side)` gives the signed size of the account's position on that side.
 */
export function orderIntent(
  mode: PositionMode,
  order: { readonly symbol: string; readonly side: Side; readonly qty: number; readonly reduceOnly?: boolean; readonly positionSide?: PositionSide },
  positionQty: (side: PositionSide) => number,
): OrderIntent {
  const side = orderPositionSide(mode, order.positionSide);
  if (!side) {
    return mode === 'hedge'
      ? refused('futures.position-side', `${order.symbol}: the account is in hedge mode; say which position the order is for (--side long|short)`, 'positionSide')
      : refused('futures.position-side', `${order.symbol}: --side ${order.positionSide?.toLowerCase()} is for hedge mode; this account is in one-way mode (switch with: mode hedge)`, 'positionSide');
  }
  const signedQty = order.side === 'buy' ? order.qty : -order.qty;
  const held = positionQty(side);
  const what = side === 'BOTH' ? (held > 0 ? 'long' : 'short') : side;
  const reduces = held !== 0 && Math.sign(held) !== Math.sign(signedQty);
  if (side !== 'BOTH') {
    const opens = (side === 'LONG') === (order.side === 'buy');
    if (!opens && held === 0) return refused('futures.reduce-only', `${order.symbol}: no ${side} position to ${order.side === 'sell' ? 'sell' : 'buy back'}`);
    if (!opens && order.qty > Math.abs(held) + 1e-12) {
      return refused('futures.reduce-only', `${order.symbol}: ${order.side} ${order.qty} would close more than the ${side} position of ${Math.abs(held)}; at most ${Math.abs(held)}`);
    }
    if (opens && order.reduceOnly) return refused('futures.reduce-only', `${order.symbol}: a reduce-only ${order.side} would add to the ${side} position; to reduce it ${side === 'LONG' ? 'sell' : 'buy'} instead`);
    return { ok: true, side, signedQty };
  }
  if (order.reduceOnly) {
    if (held === 0) return refused('futures.reduce-only', `${order.symbol}: reduce-only, but there is no position to reduce`);
    if (!reduces) return refused('futures.reduce-only', `${order.symbol}: a reduce-only ${order.side} would add to the ${what} position of ${Math.abs(held)}; reduce it with a ${held > 0 ? 'sell' : 'buy'}`);
    if (order.qty > Math.abs(held) + 1e-12) {
      return refused('futures.reduce-only', `${order.symbol}: a reduce-only ${order.side} of ${order.qty} would flip the ${what} position of ${Math.abs(held)}; at most ${Math.abs(held)}`);
    }
  }
  return { ok: true, side, signedQty };
}

function refused(...args: Parameters<typeof refusal>): OrderIntent {
  return { ok: false, refusal: refusal(...args) };
}

/**
 * The position after a trade, with its margin: an isolated position keeps the share of its
 * margin that stays open and adds the initial margin of what opens (notional / leverage).
 */
export function positionAfterTrade(
  pos: FuturesPosition,
  signedQty: number,
  price: number,
  settings: SymbolMarginSettings,
): { readonly position: FuturesPosition; readonly outcome: TradeOutcome } {
  const outcome = applyTrade(pos, signedQty, price);
  const flat = pos.qty === 0;
  const marginMode = flat ? settings.marginMode : pos.marginMode;
  const leverage = flat ? settings.leverage : pos.leverage;
  let isolatedMargin = 0;
  if (marginMode === 'isolated') {
    const kept = pos.qty === 0 ? 0 : pos.isolatedMargin * (Math.max(0, Math.abs(pos.qty) - outcome.closedQty) / Math.abs(pos.qty));
    isolatedMargin = outcome.qty === 0 ? 0 : kept + (outcome.openedQty * price) / leverage;
  }
  return { position: { ...pos, qty: outcome.qty, entryPrice: outcome.entryPrice, leverage, marginMode, isolatedMargin }, outcome };
}
