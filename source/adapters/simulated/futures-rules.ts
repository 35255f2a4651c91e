import type { Bracket, FuturesPosition, MarginMode, PositionMode, Refusal, SymbolMarginSettings } from '../../domain/index.js';
import { bracketFor, refusal } from '../../domain/index.js';
import { accountOf, liquidationPriceIn, type AccountView } from '../../engine/futures-account.js';
import { maxAddableIsolatedMargin, maxRemovableIsolatedMargin, type AccountFigures } from '../../engine/futures-margin.js';
import { positionAfterTrade } from '../../engine/futures-position.js';
import { isPastLiquidation } from '../../engine/liquidation.js';

/**
 * The simulated USD-M exchange's rules: each check a pure function of the account, and the
 * refusals they give. A refusal is a code (the sandbox answers with Binance's by a table),
 * and words for a trader naming the Binance code each stands for, so a reader of Binance's
 * documentation recognises it. Nothing reads the words back.
 */
export const FUTURES_ERRORS = {
  positionModeWithPosition: (symbols: readonly string[]): Refusal =>
    refusal('futures.position-mode-positions', `position mode cannot change while positions are open (${symbols.join(', ')}); close them first (Binance -4068)`),
  positionModeWithOrders: (symbols: readonly string[]): Refusal =>
    refusal('futures.position-mode-orders', `position mode cannot change while orders are open (${symbols.join(', ')}); cancel them first (Binance -4067)`),
  positionModeSame: (mode: PositionMode): Refusal => refusal('futures.position-mode-same', `the account is already in ${mode} mode (Binance -4059)`),
  marginModeWithPosition: (symbol: string): Refusal => refusal('futures.margin-mode-position', `${symbol}: margin mode cannot change while a position is open; close it first (Binance -4048)`),
  marginModeWithOrders: (symbol: string): Refusal => refusal('futures.margin-mode-orders', `${symbol}: margin mode cannot change while orders are open; cancel them first (Binance -4047)`),
  marginModeSame: (symbol: string, mode: MarginMode): Refusal => refusal('futures.margin-mode-same', `${symbol} is already ${mode} (Binance -4046)`),
  leverageInvalid: (symbol: string, leverage: number, max: number): Refusal =>
    refusal('futures.leverage', `${symbol}: leverage ${leverage} is not valid; a whole number from 1 to ${max} (Binance -4028)`, 'leverage'),
  leverageTooHighForPosition: (symbol: string, leverage: number, max: number): Refusal =>
    refusal('futures.leverage-tier', `${symbol}: the open position is too large for ${leverage}x (at most ${max}x at its size) (Binance -2027)`, 'leverage'),
  marginInsufficient: (need: number, available: number, asset: string): Refusal =>
    refusal('margin.insufficient', `margin is insufficient: need ${need.toFixed(2)} ${asset}, available ${available.toFixed(2)} ${asset} (Binance -2019)`),
  tierLeverage: (symbol: string, leverage: number, max: number): Refusal =>
    refusal('futures.leverage-tier', `${symbol}: a position this large allows at most ${max}x, the symbol is at ${leverage}x (Binance -2027)`),
  liquidatedAtOnce: (symbol: string): Refusal => refusal('futures.liquidation', `${symbol}: the order would be liquidated at once (Binance -2021 style); lower the leverage or the size`),
} as const;

/**
 * Why a new leverage is refused for `symbol`: not a whole number from 1 to the first tier's
 * maximum, or above what the tier of an open position's notional allows. `openNotionals`
 * are the symbol's open positions' notionals (at mark, else entry).
 */
export function leverageProblem(symbol: string, leverage: number, brackets: readonly Bracket[], openNotionals: readonly number[]): Refusal | undefined {
  const max = brackets[0].maxLeverage;
  if (!Number.isInteger(leverage) || leverage < 1 || leverage > max) return FUTURES_ERRORS.leverageInvalid(symbol, leverage, max);
  for (const notional of openNotionals) {
    const tier = bracketFor(brackets, notional);
    if (leverage > tier.maxLeverage) return FUTURES_ERRORS.leverageTooHighForPosition(symbol, leverage, tier.maxLeverage);
  }
  return undefined;
}

/** Why the symbol's margin mode cannot change to `wanted` now: the same, or a position or an order is open. */
export function marginModeProblem(symbol: string, current: MarginMode, wanted: MarginMode, positionOpen: boolean, ordersOpen: boolean): Refusal | undefined {
  if (current === wanted) return FUTURES_ERRORS.marginModeSame(symbol, wanted);
  if (positionOpen) return FUTURES_ERRORS.marginModeWithPosition(symbol);
  if (ordersOpen) return FUTURES_ERRORS.marginModeWithOrders(symbol);
  return undefined;
}

/** Why the account's position mode cannot change to `wanted` now: the same, or positions or orders are open (their symbols). */
export function positionModeProblem(current: PositionMode, wanted: PositionMode, positionSymbols: readonly string[], orderSymbols: readonly string[]): Refusal | undefined {
  if (current === wanted) return FUTURES_ERRORS.positionModeSame(wanted);
  if (positionSymbols.length > 0) return FUTURES_ERRORS.positionModeWithPosition(positionSymbols);
  if (orderSymbols.length > 0) return FUTURES_ERRORS.positionModeWithOrders(orderSymbols);
  return undefined;
}

/** What an order that opens (or adds to) a position is checked against. */
export interface OpeningCheck {
  /** The account before the order. */
  readonly view: AccountView;
  /** The initial margin resting orders hold. */
  readonly openOrderMargin: number;
  readonly before: FuturesPosition;
  /** Signed: a buy positive, a sell negative. */
  readonly signedQty: number;
  readonly price: number;
  readonly settings: SymbolMarginSettings;
  readonly brackets: readonly Bracket[];
  /** The fee rate the order is held at (the larger of maker and taker). */
  readonly feeRate: number;
  readonly asset: string;
}

/** What the exchange refuses before filling anything: tier leverage, margin, instant liquidation. */
export function openingProblem(c: OpeningCheck): Refusal | undefined {
  const symbol = c.before.symbol;
  const { position: after, outcome } = positionAfterTrade(c.before, c.signedQty, c.price, c.settings);
  if (outcome.openedQty === 0) return undefined;
  const tier = bracketFor(c.brackets, Math.abs(after.qty) * c.price);
  if (after.leverage > tier.maxLeverage) return FUTURES_ERRORS.tierLeverage(symbol, after.leverage, tier.maxLeverage);
  const fee = Math.abs(c.signedQty) * c.price * c.feeRate;
  const need = (outcome.openedQty * c.price) / after.leverage + fee;
  const available = accountOf(c.view, c.openOrderMargin).availableBalance;
  if (need > available + 1e-9) return FUTURES_ERRORS.marginInsufficient(need, available, c.asset);
  const next = { ...c.view, wallet: c.view.wallet - fee, positions: [...c.view.positions.filter((p) => !(p.symbol === symbol && p.side === after.side)), after] };
  const legs = next.positions.filter((p) => p.symbol === symbol && (after.marginMode === 'cross' ? p.marginMode === 'cross' : p.side === after.side));
  if (isPastLiquidation(legs, liquidationPriceIn(next, after), c.view.mark(symbol) ?? c.price)) return FUTURES_ERRORS.liquidatedAtOnce(symbol);
  return undefined;
}

/** A request to move margin into (`add`) or out of (`reduce`) an isolated position. */
export interface MarginChange {
  /** The position it names (qty 0 when there is none). */
  readonly position: FuturesPosition;
  readonly amount: number;
  readonly direction: 'add' | 'reduce';
  readonly account: AccountFigures;
  /** Initial margin held by open orders on isolated symbols. */
  readonly isolatedOpenOrderMargin: number;
  readonly markPrice: number;
  readonly brackets: readonly Bracket[];
  readonly asset: string;
}

/**
 * Why the margin change is refused, in Binance's order of checks: a positive amount (-4055),
 * an isolated symbol (-4049), a position (-4054), then what the cross wallet can spare (-4050)
 * or the position can give up (-4051), by Binance's formulas (engine/futures-margin.ts).
 */
export function marginChangeProblem(c: MarginChange): Refusal | undefined {
  const { symbol, side } = c.position;
  const which = side === 'BOTH' ? symbol : `${symbol} ${side}`;
  if (!(c.amount > 0)) return refusal('futures.margin-amount', `the amount must be a positive number, not ${c.amount} (Binance -4055)`, 'amount');
  if (c.position.marginMode !== 'isolated') return refusal('futures.margin-not-isolated', `${symbol} is in cross margin: margin is added to or removed from isolated positions only (Binance -4049)`);
  if (c.position.qty === 0) return refusal('futures.margin-no-position', `${which}: no position to ${c.direction === 'add' ? 'add margin to' : 'remove margin from'} (Binance -4054)`);
  if (c.direction === 'add') {
    const max = maxAddableIsolatedMargin(c.account, c.isolatedOpenOrderMargin);
    if (c.amount > max + 1e-9) return refusal('futures.margin-cross-insufficient', `${which}: at most ${floor8(max)} ${c.asset} can be added now (Binance -4050)`, 'amount');
  } else {
    const max = maxRemovableIsolatedMargin(c.position, c.markPrice, c.brackets);
    if (c.amount > max + 1e-9) return refusal('futures.margin-isolated-insufficient', `${which}: at most ${floor8(max)} ${c.asset} can be removed now (Binance -4051)`, 'amount');
  }
  return undefined;
}

/** Rounded down to 8 decimals: a maximum shown must itself be allowed. */
function floor8(n: number): string {
  return (Math.floor(n * 1e8) / 1e8).toFixed(8);
}
