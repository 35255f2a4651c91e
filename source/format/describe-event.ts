import type { DomainEvent, Instrument, RefusedOrder, StrategyWriteOff } from '../domain/index.js';
import { alertText, askedBy, baseOf, isPerpetualSymbol, isPnlAlert } from '../domain/index.js';
import { amount, fee, priceText, qty } from './format.js';
import { signalLine } from '../app/signals/signal-line.js';
import { haltText } from '../engine/halt.js';

/** What a refused order asked for (`buy 0.5 BTC/USDT limit @ 60,000`): it has no id, it never was an order. */
export function refusedOrderText(o: RefusedOrder, instrument: (symbol: string) => Instrument | undefined = () => undefined): string {
  const px = (n: number): string => priceText(n, instrument(o.symbol));
  const what = [o.side ?? 'order', o.quoteQty !== undefined ? `${qty(o.quoteQty)} quote of` : o.qty !== undefined ? qty(o.qty) : '', o.symbol, o.stopPrice !== undefined ? `stop ${px(o.stopPrice)}` : '', o.type ?? '', o.price !== undefined ? `@ ${px(o.price)}` : ''];
  return what.filter((w) => w !== '').join(' ');
}

/**
 * A write-off as history, the Log and a notification say it: "sma-ls-BTCUSDTUSDT-1m-1 wrote off 0.01 BTC of
 * its own long 0.03 on BTC/USDT:USDT at its entry 65,000.0 (closed outside it; it holds 0.02 now) by shell".
 */
export function writeOffText(d: StrategyWriteOff, px: (n: number) => string): string {
  const perp = isPerpetualSymbol(d.symbol);
  const own = d.qty + d.held;
  return `${d.strategyId} wrote off ${qty(Math.abs(d.qty))} ${baseOf(d.symbol)} of its own ${perp ? `${own > 0 ? 'long' : 'short'} ` : ''}${qty(Math.abs(own))} on ${d.symbol} at its entry ${px(d.price)} (gone outside it; it holds ${qty(Math.abs(d.held))} now) by ${d.source}`;
}

/** One line per event for `history`; prices at their instrument's tick size when `instrument` knows it. */
export function describeEvent(e: DomainEvent, instrument: (symbol: string) => Instrument | undefined = () => undefined): string {
  const px = (n: number, symbol: string): string => priceText(n, instrument(symbol));
  switch (e.type) {
    case 'order/submitted': {
      const o = e.data.order;
      return `order ${o.id} ${o.side} ${qty(o.qty)} ${o.symbol} ${o.type}${o.price !== undefined ? ` @ ${px(o.price, o.symbol)}` : ''} (${o.clientOrderId})`;
    }
    case 'order/accepted':
      return `order ${e.data.id} accepted as ${e.data.exchangeOrderId}`;
    case 'order/partiallyFilled':
    case 'order/filled': {
      const f = e.data.fill;
      return `order ${f.orderId} ${f.side} ${qty(f.qty)} ${f.symbol} @ ${px(f.price, f.symbol)} fee ${fee(f.fee, f.feeAsset)} ${f.feeAsset} (${f.liquidity})`;
    }
    case 'order/cancel-asked':
      if (e.data.notSent) return `order ${e.data.id}: the cancel asked ${askedBy(e.data.by)} was not sent (the log could not be written)`;
      return `order ${e.data.id}: cancel asked ${askedBy(e.data.by)}${e.data.resent ? ', sent after the restart (the order was found still open)' : ''}`;
    case 'order/cancelled':
    case 'order/rejected':
      return `order ${e.data.id}: ${e.data.reason}`;
    case 'order/refused':
      return `refused: ${refusedOrderText(e.data.order, instrument)}: ${e.data.reason.text} [${e.data.reason.code}]`;
    case 'order/triggered':
      return `order ${e.data.id} triggered at last ${qty(e.data.last)}${e.data.firedOrderId === undefined ? '' : `; the exchange placed it as order ${e.data.firedOrderId}`}`;
    case 'order/unknown':
      return `order ${e.data.id} unknown: ${e.data.reason}`;
    case 'account/balances':
      return Object.entries(e.data.balances)
        .map(([a, b]) => `${a} ${qty(b.free)}${b.locked ? ` (+${qty(b.locked)} locked)` : ''}`)
        .join(', ');
    case 'strategy/status':
      return `${e.data.name} ${e.data.strategyId} ${e.data.once ? 'listed by run --once (stopped between its calls)' : e.data.status} on ${e.data.symbol}${e.data.timeframe ? ` ${e.data.timeframe}` : ''}${e.data.size ? `, size ${e.data.size}` : ''} (${e.data.mode})${e.data.reason ? `: ${e.data.reason.text}` : ''}`;
    case 'strategy/pruned':
      return `taken off the strategy list: ${e.data.ids.join(', ')} (their orders and fills stay in the ledger)`;
    case 'strategy/written-off':
      return writeOffText(e.data, (n) => px(n, e.data.symbol));
    case 'strategy/signal':
      return `${e.data.strategyId} ${e.data.target ? `target ${e.data.target} (${e.data.side})` : e.data.side} ${e.data.symbol}: ${e.data.reason}`;
    case 'strategy/held':
    case 'strategy/refused':
      return `${e.data.strategyId} ${e.data.target} ${e.type === 'strategy/held' ? 'held' : 'refused'} on ${e.data.symbol}: ${e.data.reason.text} [${e.data.reason.code}]`;
    case 'signal/received':
      return signalLine(e.data);
    case 'bracket/set': {
      const b = e.data.bracket;
      return `bracket on order ${b.entryId}: take-profit ${px(b.tp, b.symbol)}, stop-loss ${px(b.sl, b.symbol)}${b.slLimit === undefined ? '' : ` (limit ${px(b.slLimit, b.symbol)})`} once it fills`;
    }
    case 'bracket/ended': {
      const d = e.data;
      if (d.outcome === 'placed') return `bracket on order ${d.entryId}: exits ${d.orderIds.join(' and ')} placed for ${qty(d.qty)}`;
      if (d.outcome === 'refused') return `bracket on order ${d.entryId} REFUSED: ${d.reason.text} [${d.reason.code}]`;
      return `bracket on order ${d.entryId}: the entry ended unfilled, no exits`;
    }
    case 'alert/set': {
      const a = e.data.alert;
      return `alert ${a.id}: ${isPnlAlert(a) ? alertText(a) : `${a.symbol} ${a.op} ${px(a.price, a.symbol)}`}`;
    }
    case 'alert/triggered':
      return `alert ${e.data.id} went off at ${qty(e.data.last)}`;
    case 'alert/removed':
      return `alert ${e.data.id} removed`;
    case 'watchlist/set':
      return `watchlist: ${e.data.symbols.join(' ') || '(empty)'}`;
    case 'user/command':
      return `${e.data.source}> ${e.data.line}`;
    case 'system/notice':
      return `${e.data.level}: ${e.data.message}`;
    case 'trading/halted':
      return `HALTED: ${haltText({ ...e.data, since: e.data.ts })}`;
    case 'trading/resumed':
      return `trading resumed by ${e.data.source}`;
    case 'futures/wallet':
      return `futures wallet ${amount(e.data.balance, e.data.asset)} ${e.data.asset} (${e.data.reason})`;
    case 'futures/positionMode':
      return `position mode ${e.data.mode}`;
    case 'futures/leverage':
      return `${e.data.symbol} leverage ${e.data.leverage}x`;
    case 'futures/marginMode':
      return `${e.data.symbol} margin ${e.data.marginMode}`;
    case 'futures/position': {
      const p = e.data.position;
      const side = p.side === 'BOTH' ? '' : ` ${p.side}`;
      return `${p.symbol}${side} position ${qty(p.qty)} at ${px(p.entryPrice, p.symbol)} (${p.leverage}x ${p.marginMode})${e.data.realizedPnl ? `, realised ${amount(e.data.realizedPnl, e.data.asset)}` : ''}; wallet ${amount(e.data.wallet, e.data.asset)} ${e.data.asset}`;
    }
    case 'futures/funding':
      return `funding ${e.data.symbol} at ${new Date(e.data.fundingTime).toISOString()}: rate ${(e.data.rate * 100).toFixed(4)}% on ${qty(e.data.qty)}, ${e.data.amount >= 0 ? 'received' : 'paid'} ${fee(Math.abs(e.data.amount), e.data.asset)} ${e.data.asset}`;
    case 'futures/liquidation':
      return `LIQUIDATED ${e.data.symbol} ${qty(e.data.qty)} at ${px(e.data.price, e.data.symbol)} (mark ${px(e.data.markPrice, e.data.symbol)}), lost ${amount(e.data.loss, e.data.asset)} ${e.data.asset}`;
    default:
      return JSON.stringify(e.data).slice(0, 100);
  }
}
