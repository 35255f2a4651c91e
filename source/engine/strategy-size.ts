import type { Instrument } from '../domain/index.js';
import type { Refusal } from '../domain/index.js';
import { floorToStep, refusal } from '../domain/index.js';

/**
 * How much one strategy instance trades: a quote amount (`100USDT`), a share of equity
 * (`5%`) or a base quantity (`0.01BTC`). Kept as typed in the ledger (`strategy/status`),
 * parsed again on resume.
 */
export type StrategySize =
  | { readonly kind: 'quote'; readonly amount: number; readonly asset: string }
  | { readonly kind: 'equity'; readonly percent: number }
  | { readonly kind: 'base'; readonly qty: number; readonly asset: string };

/** The default: a small fixed quote amount, never all in. */
export const DEFAULT_QUOTE_SIZE = 100;
/** ...or this share of equity when the account is small. */
export const DEFAULT_EQUITY_SHARE = 10;

const USD_LIKE = new Set(['USDT', 'USDC', 'BUSD', 'FDUSD', 'TUSD', 'DAI', 'USD']);
const SIZE_HELP = 'use a quote amount like 100USDT, a share of equity like 5%, or a base quantity like 0.01BTC';

/** Parses `--size` for a market: the asset must be the market's quote or base. */
export function parseSize(text: string, inst: Pick<Instrument, 'base' | 'quote' | 'symbol'>): { ok: true; size: StrategySize } | { ok: false; error: string } {
  const m = /^(\d+(?:\.\d+)?)\s*(%|[A-Za-z][A-Za-z0-9]*)$/.exec(text.trim());
  if (!m) return { ok: false, error: `bad size "${text.slice(0, 40)}": ${SIZE_HELP.replace('USDT', inst.quote).replace('BTC', inst.base)}` };
  const n = Number(m[1]);
  if (!(n > 0) || !Number.isFinite(n)) return { ok: false, error: `bad size "${text}": it must be above zero` };
  if (m[2] === '%') {
    if (n > 100) return { ok: false, error: `bad size "${text}": a share of equity is at most 100%` };
    return { ok: true, size: { kind: 'equity', percent: n } };
  }
  const asset = m[2].toUpperCase();
  if (asset === inst.quote) return { ok: true, size: { kind: 'quote', amount: n, asset } };
  if (asset === inst.base) return { ok: true, size: { kind: 'base', qty: n, asset } };
  return { ok: false, error: `bad size "${text}": ${inst.symbol} trades ${inst.base} for ${inst.quote}; use ${inst.quote} (100${inst.quote}), ${inst.base} (0.01${inst.base}) or % of equity` };
}

export function formatSize(size: StrategySize): string {
  switch (size.kind) {
    case 'quote':
      return `${size.amount}${size.asset}`;
    case 'equity':
      return `${size.percent}%`;
    case 'base':
      return `${size.qty}${size.asset}`;
  }
}

/**
 * The size an instance gets when none is given: DEFAULT_QUOTE_SIZE of a dollar-like quote, or
 * DEFAULT_EQUITY_SHARE of equity when that is less (or the quote is not dollar-like).
 */
export function defaultSize(inst: Pick<Instrument, 'quote'>, equity: number): StrategySize {
  const share = Math.floor(equity * DEFAULT_EQUITY_SHARE) / 100;
  if (!USD_LIKE.has(inst.quote)) return { kind: 'equity', percent: DEFAULT_EQUITY_SHARE };
  return { kind: 'quote', amount: share > 0 && share < DEFAULT_QUOTE_SIZE ? share : DEFAULT_QUOTE_SIZE, asset: inst.quote };
}

export interface BuyContext {
  readonly inst: Pick<Instrument, 'lotSize' | 'minQty' | 'base' | 'quote'>;
  /** Account equity in the quote asset (for `%` sizes). */
  readonly equity: number;
  /** Free quote balance: a buy never spends more than there is. */
  readonly cash: number;
  /** Price the buy is sized at (the ask). */
  readonly price: number;
  /** Fee rate, to keep the fee inside a quote amount. */
  readonly fee: number;
}

/**
 * What one entry of `size` spends in the quote asset, fee included: the quote amount, the
 * share of `equity`, or the base quantity at `price` with its fee. The live runtime and the
 * backtest size entries by this one rule.
 */
export function entryBudget(size: StrategySize, equity: number, price: number, fee: number): number {
  return size.kind === 'base' ? size.qty * price * (1 + fee) : size.kind === 'quote' ? size.amount : (equity * size.percent) / 100;
}

/**
 * The market buy for one entry: exactly its size (quote amount or share of equity, fee
 * included; or the base quantity). A size the free cash cannot pay is held, never shrunk to
 * what is left: a strategy is never quietly all in. `quoteQty` is set for quote-sized buys so
 * the exchange spends exactly that; `qty` is the estimate the risk check uses.
 */
export function sizeBuy(size: StrategySize, c: BuyContext): { ok: true; qty: number; quoteQty?: number } | { ok: false; refusal: Refusal } {
  if (!(c.price > 0)) return { ok: false, refusal: refusal('strategy.hold.no-price', `no price for ${c.inst.base} yet`) };
  const budget = entryBudget(size, c.equity, c.price, c.fee);
  if (budget > c.cash + 1e-9) {
    return { ok: false, refusal: refusal('strategy.hold.funds', `size ${formatSize(size)} needs ${money(budget)} ${c.inst.quote}, only ${money(c.cash)} ${c.inst.quote} is free (a strategy never buys less than its size with what is left)`, 'size') };
  }
  const qty = floorToStep(size.kind === 'base' ? size.qty : budget / (1 + c.fee) / c.price, c.inst.lotSize);
  if (qty < c.inst.minQty || qty === 0) {
    return { ok: false, refusal: refusal('strategy.hold.size', `size ${formatSize(size)} buys ${qty} ${c.inst.base}, below the minimum ${c.inst.minQty} ${c.inst.base}`, 'size') };
  }
  return size.kind === 'base' ? { ok: true, qty } : { ok: true, qty, quoteQty: Math.floor(budget * 1e8) / 1e8 };
}

/**
 * The base quantity of one limit order of `size` at `price` (a grid's level, sized by the
 * instance): the base quantity, or the quote amount (or share of `equity`) with its fee kept
 * inside, as entryBudget. Floored to `lotSize` when one is given (the backtest has no lot).
 */
export function limitQty(size: StrategySize, price: number, equity: number, fee: number, lotSize?: number): number {
  const qty = size.kind === 'base' ? size.qty : entryBudget(size, equity, price, fee) / (1 + fee) / price;
  return lotSize === undefined ? qty : floorToStep(qty, lotSize);
}

/** Amounts in refusals read like the rest of the screen (as risk.ts writes them). */
const money = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** What an exit sells: the instance's own position, never more than the account's free base. */
export function sizeSell(own: number, free: number, inst: Pick<Instrument, 'lotSize' | 'minQty'>): number {
  const qty = floorToStep(Math.max(0, Math.min(own, free)), inst.lotSize);
  return qty >= inst.minQty ? qty : 0;
}
