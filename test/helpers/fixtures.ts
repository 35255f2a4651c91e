import type { DomainEvent, Envelope, Fill, Instrument, Order } from '../../source/domain/index.js';

export const BTC: Instrument = { venue: 'sim', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', kind: 'spot', tickSize: 0.01, lotSize: 0.00001, minQty: 0.00001, minNotional: 5 };

export function order(id: string, over: Partial<Order> = {}): Order {
  return {
    venue: 'sim', symbol: 'BTC/USDT', side: 'buy', type: 'limit', qty: 1, price: 100, tif: 'GTC',
    id, clientOrderId: `t-${id}`, status: 'submitted', filledQty: 0, avgPrice: 0, fee: 0, createdAt: 1, updatedAt: 1, ...over,
  };
}

export function fill(orderId: string, qty: number, price: number, over: Partial<Fill> = {}): Fill {
  return { tradeId: `${orderId}-${qty}-${price}`, orderId, venue: 'sim', symbol: 'BTC/USDT', side: 'buy', qty, price, fee: qty * price * 0.001, feeAsset: 'USDT', liquidity: 'taker', ts: 2, ...over };
}

export function envelopes(events: readonly DomainEvent[], startSeq = 1, ts = 1000): Envelope[] {
  return events.map((event, i) => ({ seq: startSeq + i, ts: ts + i, event }));
}

export function ticker(symbol: string, last: number): DomainEvent {
  return { type: 'market/ticker', data: { venue: 'sim', symbol, bid: last - 1, ask: last + 1, last, open24h: last, high24h: last, low24h: last, volume24h: 1, ts: 1 } };
}

/** A mixed stream of ledger and market events, deterministic for a given n. */
export function mixedStream(n: number): DomainEvent[] {
  const out: DomainEvent[] = [{ type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000, locked: 0 } }, full: true } }];
  let id = 0;
  for (let i = 0; out.length < n; i++) {
    out.push(ticker('BTC/USDT', 100 + (i % 17)));
    if (i % 3 === 0) {
      id++;
      const o = order(String(id), { qty: 0.5, price: 100 + (i % 7), side: id % 2 ? 'buy' : 'sell' });
      out.push({ type: 'order/submitted', data: { order: o } });
      out.push({ type: 'order/accepted', data: { id: o.id, exchangeOrderId: `x${id}`, ts: i } });
      if (id % 4 === 0) out.push({ type: 'order/cancelled', data: { id: o.id, reason: 'user', ts: i } });
      else out.push({ type: 'order/filled', data: { fill: fill(o.id, 0.5, o.price!, { side: o.side, tradeId: `f${id}` }) } });
      out.push({ type: 'account/balances', data: { venue: 'sim', balances: { USDT: { free: 10_000 - id, locked: 0 }, BTC: { free: id % 2 ? 0.5 : 0, locked: 0 } }, full: false } });
    }
    if (i % 11 === 0) out.push({ type: 'user/command', data: { line: `balance ${i}`, source: 'shell' } });
  }
  return out.slice(0, n);
}
