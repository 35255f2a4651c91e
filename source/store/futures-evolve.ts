import type { DomainEvent, FuturesEvent } from '../domain/index.js';
import { DEFAULT_SYMBOL_SETTINGS, marketKey, positionKey } from '../domain/index.js';
import { MAX_FUTURES_HISTORY, type FuturesLedger } from './futures-state.js';

export type LedgerFuturesEvent = Exclude<FuturesEvent, { type: 'market/mark' }>;

export function isLedgerFuturesEvent(e: DomainEvent): e is LedgerFuturesEvent {
  return e.type.startsWith('futures/');
}

/**
 * The futures fold: pure, returns a new slice (futures events are few, so plain copies
 * cost nothing next to the order and market paths). Wallets are set to the absolute amount an
 * event carries; a funding payment already applied (same position, same or older time) is
 * ignored whole, so a payment counts once however often it is reported.
 */
export function evolveFutures(f: FuturesLedger, e: LedgerFuturesEvent): FuturesLedger {
  switch (e.type) {
    case 'futures/wallet':
      return { ...f, wallets: setWallet(f, e.data.venue, e.data.asset, e.data.balance) };
    case 'futures/positionMode':
      return { ...f, positionModes: { ...f.positionModes, [e.data.venue]: e.data.mode } };
    case 'futures/leverage': {
      const key = marketKey(e.data.venue, e.data.symbol);
      const prev = f.symbols[key] ?? DEFAULT_SYMBOL_SETTINGS;
      // The exchange applies a new leverage to the symbol's open positions as well.
      let positions = f.positions;
      for (const side of ['BOTH', 'LONG', 'SHORT'] as const) {
        const pk = positionKey(e.data.venue, e.data.symbol, side);
        const p = positions[pk];
        if (p && p.qty !== 0) positions = { ...positions, [pk]: { ...p, leverage: e.data.leverage } };
      }
      return { ...f, positions, symbols: { ...f.symbols, [key]: { ...prev, leverage: e.data.leverage } } };
    }
    case 'futures/marginMode': {
      const key = marketKey(e.data.venue, e.data.symbol);
      const prev = f.symbols[key] ?? DEFAULT_SYMBOL_SETTINGS;
      return { ...f, symbols: { ...f.symbols, [key]: { ...prev, marginMode: e.data.marginMode } } };
    }
    case 'futures/position': {
      const p = e.data.position;
      const key = positionKey(p.venue, p.symbol, p.side);
      const prev = f.positions[key];
      const opened = !prev || prev.qty === 0;
      const realizedPnl = (opened ? 0 : prev.realizedPnl) + e.data.realizedPnl;
      return {
        ...f,
        positions: { ...f.positions, [key]: { ...p, realizedPnl, openedAt: opened ? e.data.ts : prev.openedAt, updatedAt: e.data.ts } },
        wallets: setWallet(f, p.venue, e.data.asset, e.data.wallet),
      };
    }
    case 'futures/funding': {
      const { wallet, ...payment } = e.data;
      const key = positionKey(payment.venue, payment.symbol, payment.side);
      if ((f.fundingPaid[key] ?? -Infinity) >= payment.fundingTime) return f;
      return {
        ...f,
        fundingPaid: { ...f.fundingPaid, [key]: payment.fundingTime },
        wallets: setWallet(f, payment.venue, payment.asset, wallet),
        funding: capped(f.funding, payment),
        fundingCount: f.fundingCount + 1,
      };
    }
    case 'futures/liquidation': {
      const { wallet, ...liq } = e.data;
      const key = positionKey(liq.venue, liq.symbol, liq.side);
      const prev = f.positions[key];
      const positions = prev ? { ...f.positions, [key]: { ...prev, qty: 0, isolatedMargin: 0, realizedPnl: prev.realizedPnl - liq.loss, updatedAt: liq.ts } } : f.positions;
      return { ...f, positions, wallets: setWallet(f, liq.venue, liq.asset, wallet), liquidations: capped(f.liquidations, liq) };
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

function setWallet(f: FuturesLedger, venue: string, asset: string, balance: number): FuturesLedger['wallets'] {
  return { ...f.wallets, [venue]: { ...f.wallets[venue], [asset]: balance } };
}

function capped<T>(list: readonly T[], item: T): T[] {
  const next = [...list, item];
  return next.length > MAX_FUTURES_HISTORY ? next.slice(-MAX_FUTURES_HISTORY) : next;
}
