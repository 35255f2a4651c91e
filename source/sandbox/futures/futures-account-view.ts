import type { FuturesPosition, Instrument, PositionMode, PositionSide, SymbolMarginSettings } from '../../domain/index.js';
import { DEFAULT_SYMBOL_SETTINGS } from '../../domain/index.js';
import { accountOf, liquidationPriceIn, type AccountView } from '../../engine/futures-account.js';
import { initialMargin, maintenanceMargin, unrealizedPnl } from '../../engine/futures-margin.js';
import { fixed } from '../binance-format.js';
import { futuresWireSymbol, priceOf, qtyOf } from './futures-format.js';

/**
 * One account's state as the wire answers need it: the futures engine's view (wallet,
 * positions, marks, tiers), the symbol settings and mode it was told, and what open orders hold.
 */
export interface AccountState {
  readonly view: AccountView;
  readonly mode: PositionMode;
  readonly settings: ReadonlyMap<string, SymbolMarginSettings>;
  /** Initial margin open (non reduce-only) orders hold, per symbol. */
  readonly openOrderMargin: ReadonlyMap<string, number>;
  /** When each position (`symbol:side`) last changed. */
  readonly updated: ReadonlyMap<string, number>;
  /** Realised PnL accumulated per position (`symbol:side`), fees not included: Binance's `cr`. */
  readonly realized: ReadonlyMap<string, number>;
  readonly instrument: (symbol: string) => Instrument;
}

export const ASSET = 'USDT';

export const settingsOf = (s: AccountState, symbol: string): SymbolMarginSettings => s.settings.get(symbol) ?? DEFAULT_SYMBOL_SETTINGS;

/** The account's position on one side, or a flat one with the symbol's settings. */
export function positionOf(s: AccountState, symbol: string, side: PositionSide): FuturesPosition {
  const p = s.view.positions.find((x) => x.symbol === symbol && x.side === side);
  if (p && p.qty !== 0) return p;
  const { leverage, marginMode } = settingsOf(s, symbol);
  return { venue: 'binanceusdm', symbol, side, qty: 0, entryPrice: 0, leverage, marginMode, isolatedMargin: 0 };
}

export const sidesOf = (mode: PositionMode): PositionSide[] => (mode === 'hedge' ? ['LONG', 'SHORT'] : ['BOTH']);

/** A position with the figures Binance reports beside it. */
export function positionFigures(s: AccountState, p: FuturesPosition) {
  const mark = s.view.mark(p.symbol) ?? p.entryPrice;
  const notional = p.qty * mark;
  const upnl = unrealizedPnl(p.qty, p.entryPrice, mark);
  const im = p.qty === 0 ? 0 : initialMargin(notional, p.leverage);
  const mm = maintenanceMargin(s.view.brackets(p.symbol), Math.abs(notional));
  const liq = liquidationPriceIn(s.view, p);
  return { mark, notional, upnl, im, mm, liq: liq !== undefined && liq > 0 ? liq : 0 };
}

/** `GET /fapi/v3/positionRisk` row (v3: no leverage or margin type; v2 adds them). */
export function positionRiskRow(s: AccountState, p: FuturesPosition, version: 2 | 3) {
  const i = s.instrument(p.symbol);
  const f = positionFigures(s, p);
  const key = `${p.symbol}:${p.side}`;
  const base = {
    symbol: futuresWireSymbol(p.symbol),
    positionSide: p.side,
    positionAmt: qtyOf(i, p.qty),
    entryPrice: p.qty === 0 ? '0.0' : fixed(p.entryPrice),
    breakEvenPrice: p.qty === 0 ? '0.0' : fixed(p.entryPrice),
    markPrice: fixed(f.mark),
    unRealizedProfit: fixed(f.upnl),
    liquidationPrice: f.liq === 0 ? '0' : priceOf(i, f.liq),
    isolatedMargin: fixed(p.marginMode === 'isolated' ? p.isolatedMargin + f.upnl : 0),
    notional: fixed(f.notional),
    isolatedWallet: fixed(p.marginMode === 'isolated' ? p.isolatedMargin : 0),
    updateTime: s.updated.get(key) ?? 0,
  };
  if (version === 2) {
    return { ...base, marginType: p.marginMode, isAutoAddMargin: 'false', leverage: String(p.leverage), maxNotionalValue: String(maxNotional(s, p.symbol, p.leverage) ?? 0) };
  }
  const orders = s.openOrderMargin.get(p.symbol) ?? 0;
  return { ...base, marginAsset: ASSET, initialMargin: fixed(f.im + orders), maintMargin: fixed(f.mm), positionInitialMargin: fixed(f.im), openOrderInitialMargin: fixed(orders), adl: 0, bidNotional: '0', askNotional: '0' };
}

/** The largest notional the symbol's tiers allow at this leverage (Binance's maxNotionalValue). */
export function maxNotional(s: AccountState, symbol: string, leverage: number): number | undefined {
  let cap: number | undefined;
  for (const b of s.view.brackets(symbol)) if (b.maxLeverage >= leverage) cap = b.cap;
  return cap;
}

/** Positions Binance lists: every symbol's (v2), or only those with a position or orders (v3). */
export function listedPositions(s: AccountState, symbols: readonly string[], version: 2 | 3): FuturesPosition[] {
  const out: FuturesPosition[] = [];
  for (const symbol of symbols) {
    for (const side of sidesOf(s.mode)) {
      const p = positionOf(s, symbol, side);
      if (version === 3 && p.qty === 0 && !s.openOrderMargin.has(symbol)) continue;
      out.push(p);
    }
  }
  return out;
}

export function totalOpenOrderMargin(s: AccountState): number {
  let sum = 0;
  for (const m of s.openOrderMargin.values()) sum += m;
  return sum;
}

/** Account totals in the margin asset, as `GET /fapi/v3/account` and `/fapi/v2/balance` give them. */
export function accountTotals(s: AccountState) {
  const a = accountOf(s.view, totalOpenOrderMargin(s));
  const positionIm = a.initialMargin - totalOpenOrderMargin(s);
  const crossUpnl = s.view.positions.filter((p) => p.qty !== 0 && p.marginMode === 'cross').reduce((sum, p) => sum + unrealizedPnl(p.qty, p.entryPrice, s.view.mark(p.symbol) ?? p.entryPrice), 0);
  return { ...a, positionIm, crossUpnl };
}

export function accountAnswer(s: AccountState, symbols: readonly string[], version: 2 | 3, now: number) {
  const t = accountTotals(s);
  const asset = {
    asset: ASSET,
    walletBalance: fixed(t.walletBalance),
    unrealizedProfit: fixed(t.unrealizedPnl),
    marginBalance: fixed(t.marginBalance),
    maintMargin: fixed(t.maintenanceMargin),
    initialMargin: fixed(t.initialMargin),
    positionInitialMargin: fixed(t.positionIm),
    openOrderInitialMargin: fixed(totalOpenOrderMargin(s)),
    crossWalletBalance: fixed(t.crossWalletBalance),
    crossUnPnl: fixed(t.crossUpnl),
    availableBalance: fixed(t.availableBalance),
    maxWithdrawAmount: fixed(t.availableBalance),
    updateTime: now,
  };
  const positions = listedPositions(s, symbols, version).map((p) => {
    const f = positionFigures(s, p);
    const row = {
      symbol: futuresWireSymbol(p.symbol), positionSide: p.side, positionAmt: qtyOf(s.instrument(p.symbol), p.qty), unrealizedProfit: fixed(f.upnl),
      isolatedMargin: fixed(p.marginMode === 'isolated' ? p.isolatedMargin + f.upnl : 0), notional: fixed(f.notional), isolatedWallet: fixed(p.marginMode === 'isolated' ? p.isolatedMargin : 0),
      initialMargin: fixed(f.im), maintMargin: fixed(f.mm), updateTime: s.updated.get(`${p.symbol}:${p.side}`) ?? 0,
    };
    if (version === 3) return row;
    return { ...row, leverage: String(p.leverage), entryPrice: fixed(p.entryPrice), maxNotional: String(maxNotional(s, p.symbol, p.leverage) ?? 0), isolated: p.marginMode === 'isolated', positionInitialMargin: fixed(f.im), openOrderInitialMargin: fixed(s.openOrderMargin.get(p.symbol) ?? 0), bidNotional: '0', askNotional: '0' };
  });
  const totals = {
    totalInitialMargin: asset.initialMargin, totalMaintMargin: asset.maintMargin, totalWalletBalance: asset.walletBalance, totalUnrealizedProfit: asset.unrealizedProfit,
    totalMarginBalance: asset.marginBalance, totalPositionInitialMargin: asset.positionInitialMargin, totalOpenOrderInitialMargin: asset.openOrderInitialMargin,
    totalCrossWalletBalance: asset.crossWalletBalance, totalCrossUnPnl: asset.crossUnPnl, availableBalance: asset.availableBalance, maxWithdrawAmount: asset.maxWithdrawAmount,
  };
  if (version === 3) return { ...totals, assets: [asset], positions };
  return { feeTier: 0, canTrade: true, canDeposit: true, canWithdraw: true, updateTime: 0, multiAssetsMargin: false, tradeGroupId: -1, ...totals, assets: [{ ...asset, marginAvailable: true }], positions };
}

export function balanceAnswer(s: AccountState, now: number) {
  const t = accountTotals(s);
  return [{ accountAlias: 'SgsR', asset: ASSET, balance: fixed(t.walletBalance), crossWalletBalance: fixed(t.crossWalletBalance), crossUnPnl: fixed(t.crossUpnl), availableBalance: fixed(t.availableBalance), maxWithdrawAmount: fixed(t.availableBalance), marginAvailable: true, updateTime: now }];
}

/** One position in an ACCOUNT_UPDATE event's `P`. */
export function accountUpdatePosition(s: AccountState, p: FuturesPosition) {
  const f = positionFigures(s, p);
  const key = `${p.symbol}:${p.side}`;
  return { s: futuresWireSymbol(p.symbol), pa: qtyOf(s.instrument(p.symbol), p.qty), ep: fixed(p.entryPrice), bep: fixed(p.entryPrice), cr: fixed(s.realized.get(key) ?? 0), up: fixed(f.upnl), mt: p.marginMode, iw: fixed(p.marginMode === 'isolated' ? p.isolatedMargin : 0), ps: p.side };
}

/** The `B` balance of an ACCOUNT_UPDATE event. */
export function accountUpdateBalance(s: AccountState, balanceChange = 0) {
  const t = accountTotals(s);
  return { a: ASSET, wb: fixed(t.walletBalance), cw: fixed(t.crossWalletBalance), bc: fixed(balanceChange) };
}
