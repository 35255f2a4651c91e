import type { Bracket, FuturesPosition, Instrument, MarginMode, MarkPrice, PositionSide, SymbolMarginSettings, VenueId } from '../../domain/index.js';
import type { CcxtFundingRate, CcxtLeverageTier, CcxtMarkTicker, CcxtPosition, CcxtSwapMarket } from './ccxt-futures-client.js';

/**
 * binanceusdm's answers and frames as atapi's futures facts: pure conversions, each refusing
 * what does not parse (a garbled figure must never become a position or a wallet).
 */

const num = (x: unknown): number | undefined => {
  const n = typeof x === 'string' && x.trim() !== '' ? Number(x) : typeof x === 'number' ? x : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const SIDES: readonly PositionSide[] = ['BOTH', 'LONG', 'SHORT'];
const sideOf = (x: unknown): PositionSide | undefined => (SIDES.includes(x as PositionSide) ? (x as PositionSide) : undefined);

/** Binance's `marginType` (`isolated`, `cross`, `crossed`) as atapi's margin mode. */
export function marginModeOf(x: unknown): MarginMode | undefined {
  const s = typeof x === 'string' ? x.toLowerCase() : '';
  return s === 'isolated' ? 'isolated' : s === 'cross' || s === 'crossed' ? 'cross' : undefined;
}

/**
 * Binance's leverage brackets (ccxt's leverage tiers, raw bracket in `info`) as atapi's tiers.
 * Undefined when a tier does not parse: a market without its tiers is not traded (its margin
 * and liquidation price would be guesses).
 */
export function bracketsOf(tiers: readonly CcxtLeverageTier[] | undefined): Bracket[] | undefined {
  if (!tiers || tiers.length === 0) return undefined;
  const out: Bracket[] = [];
  for (const [i, t] of tiers.entries()) {
    const floor = num(t.info?.notionalFloor) ?? t.minNotional;
    const cap = num(t.info?.notionalCap) ?? t.maxNotional;
    const maxLeverage = num(t.info?.initialLeverage) ?? t.maxLeverage;
    const mmr = num(t.info?.maintMarginRatio) ?? t.maintenanceMarginRate;
    const cum = num(t.info?.cum);
    if (floor === undefined || cap === undefined || maxLeverage === undefined || mmr === undefined || cum === undefined) return undefined;
    out.push({ bracket: num(t.info?.bracket) ?? t.tier ?? i + 1, floor, cap, maxLeverage, mmr, cum });
  }
  return out.sort((a, b) => a.floor - b.floor);
}

/** A USDT-margined perpetual as an instrument, or undefined for anything else (delivery contracts). */
export function perpetualInstrumentOf(venue: VenueId, m: CcxtSwapMarket, brackets: readonly Bracket[]): Instrument | undefined {
  if (!m.swap || m.linear === false || !m.settle || m.active === false) return undefined;
  return {
    venue,
    symbol: m.symbol,
    base: m.base,
    quote: m.quote,
    kind: 'perpetual',
    tickSize: m.precision.price ?? 1e-8,
    lotSize: m.precision.amount ?? 1e-8,
    minQty: m.limits.amount?.min ?? m.precision.amount ?? 1e-8,
    minNotional: m.limits.cost?.min ?? 0,
    perpetual: { contractType: 'perpetual', marginAsset: m.settle, brackets },
  };
}

/**
 * A mark price from the `markPriceUpdate` stream (ccxt ticker: `markPrice`, `indexPrice`, raw
 * `r` funding rate and `T` next funding time) or from premiumIndex (ccxt funding rate).
 */
export function markOf(venue: VenueId, x: CcxtMarkTicker | CcxtFundingRate, openInterest: number, now: number): MarkPrice | undefined {
  const info = x?.info ?? {};
  const markPrice = num(x?.markPrice) ?? num(info.p) ?? num(info.markPrice);
  const indexPrice = num(x?.indexPrice) ?? num(info.i) ?? num(info.indexPrice);
  const fundingRate = num((x as CcxtFundingRate).fundingRate) ?? num(info.r) ?? num(info.lastFundingRate);
  const nextFundingTime = num((x as CcxtFundingRate).fundingTimestamp) ?? num(info.T) ?? num(info.nextFundingTime);
  if (!x?.symbol || markPrice === undefined || markPrice <= 0 || fundingRate === undefined || nextFundingTime === undefined) return undefined;
  return { venue, symbol: x.symbol, markPrice, indexPrice: indexPrice ?? markPrice, fundingRate, nextFundingTime, openInterest, ts: num(x.timestamp) ?? num(info.E) ?? now };
}

/**
 * One row of Binance's position risk as a position. Leverage and margin mode come from the
 * row when it has them (v2), else from the symbol's settings (v3 rows carry neither).
 */
export function positionOf(venue: VenueId, row: CcxtPosition, settings: SymbolMarginSettings): FuturesPosition | undefined {
  const info = row?.info ?? {};
  const side = sideOf(info.positionSide);
  const qty = num(info.positionAmt);
  const entryPrice = num(info.entryPrice);
  if (!row?.symbol || !side || qty === undefined || entryPrice === undefined) return undefined;
  const marginMode = marginModeOf(info.marginType) ?? marginModeOf(row.marginMode) ?? settings.marginMode;
  const isolated = num(info.isolatedWallet) ?? num(info.isolatedMargin) ?? 0;
  return { venue, symbol: row.symbol, side, qty, entryPrice: qty === 0 ? 0 : entryPrice, leverage: num(info.leverage) ?? settings.leverage, marginMode, isolatedMargin: marginMode === 'isolated' ? isolated : 0 };
}

/** What one ACCOUNT_UPDATE says: why, wallets after, and the positions it touched (raw symbol ids). */
export interface AccountUpdate {
  readonly reason: string;
  readonly ts: number;
  readonly wallets: readonly { readonly asset: string; readonly wallet: number; readonly change?: number }[];
  readonly positions: readonly { readonly id: string; readonly side: PositionSide; readonly qty: number; readonly entryPrice: number; readonly marginMode?: MarginMode; readonly isolatedWallet: number }[];
}

/** Binance's ACCOUNT_UPDATE (`{e, E, T, a: {m, B, P}}`), or undefined when it is not one or does not parse. */
export function accountUpdateOf(raw: unknown): AccountUpdate | undefined {
  const m = raw as { e?: unknown; E?: unknown; T?: unknown; a?: { m?: unknown; B?: unknown; P?: unknown } };
  if (m?.e !== 'ACCOUNT_UPDATE' || !m.a) return undefined;
  const wallets: { asset: string; wallet: number; change?: number }[] = [];
  for (const b of Array.isArray(m.a.B) ? (m.a.B as Record<string, unknown>[]) : []) {
    const wallet = num(b?.wb);
    if (typeof b?.a !== 'string' || wallet === undefined) return undefined;
    wallets.push({ asset: b.a, wallet, change: num(b.bc) });
  }
  const positions: AccountUpdate['positions'][number][] = [];
  for (const p of Array.isArray(m.a.P) ? (m.a.P as Record<string, unknown>[]) : []) {
    const side = sideOf(p?.ps);
    const qty = num(p?.pa);
    const entryPrice = num(p?.ep);
    if (typeof p?.s !== 'string' || !side || qty === undefined || entryPrice === undefined) return undefined;
    positions.push({ id: p.s, side, qty, entryPrice: qty === 0 ? 0 : entryPrice, marginMode: marginModeOf(p.mt), isolatedWallet: num(p.iw) ?? 0 });
  }
  return { reason: typeof m.a.m === 'string' ? m.a.m : 'UNKNOWN', ts: num(m.T) ?? num(m.E) ?? 0, wallets, positions };
}

/** The wallet balance of `asset` in a futures `fetchBalance` answer (`info.assets[].walletBalance`). */
export function walletOf(balance: Record<string, unknown> | undefined, asset: string): number | undefined {
  const assets = (balance?.info as { assets?: unknown } | undefined)?.assets;
  if (Array.isArray(assets)) {
    const a = (assets as Record<string, unknown>[]).find((x) => x?.asset === asset);
    return a ? num(a.walletBalance) : undefined;
  }
  // /fapi/v2/balance: an array of { asset, balance }.
  if (Array.isArray(balance?.info)) {
    const a = (balance.info as Record<string, unknown>[]).find((x) => x?.asset === asset);
    return a ? num(a.balance) : undefined;
  }
  return undefined;
}

/** Whether two positions say the same (what the ledger holds against what the exchange says). */
export function samePosition(a: FuturesPosition | undefined, b: FuturesPosition): boolean {
  if (!a) return b.qty === 0;
  if (a.qty === 0 && b.qty === 0) return true;
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return close(a.qty, b.qty) && close(a.entryPrice, b.entryPrice) && a.marginMode === b.marginMode && a.leverage === b.leverage && close(a.isolatedMargin, b.isolatedMargin);
}
