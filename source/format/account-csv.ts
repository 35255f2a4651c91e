import type { Fill, Order } from '../domain/index.js';
import { csvNumber, csvText, csvTime, type CsvCell } from './csv.js';

/** Who placed an order: a strategy's id, `manual`, or `unknown` when the record no longer says. */
export type OrderOwner = (orderId: string) => string;

const FILL_HEADER = ['time', 'venue', 'symbol', 'side', 'qty', 'price', 'fee', 'fee_asset', 'liquidity', 'order_id', 'trade_id', 'strategy'] as const;

/** Fills as CSV, one row each, in the order given (fill order): what a tax tool imports. */
export function fillsCsv(fills: readonly Fill[], owner: OrderOwner): string {
  return csvText(FILL_HEADER, fills.map((f) => [csvTime(f.ts), f.venue, f.symbol, f.side, f.qty, f.price, f.fee, f.feeAsset, f.liquidity, f.orderId, f.tradeId, owner(f.orderId)]));
}

const ORDER_HEADER = ['created', 'updated', 'venue', 'symbol', 'side', 'type', 'qty', 'price', 'stop_price', 'filled_qty', 'avg_price', 'status', 'fee', 'fee_asset', 'order_id', 'client_order_id', 'strategy'] as const;

/**
 * Orders as CSV, one row each. The fee and its asset are the order's fills' (an order filled
 * with fees in two assets lists both, `;`-separated, in the same order in both columns); an
 * order with a fee but no fill on record keeps its fee with the asset left empty, not guessed.
 */
export function ordersCsv(orders: readonly Order[], fills: readonly Fill[]): string {
  const fees = new Map<string, Map<string, number>>();
  for (const f of fills) {
    if (f.fee === 0) continue;
    const byAsset = fees.get(f.orderId) ?? new Map<string, number>();
    byAsset.set(f.feeAsset, (byAsset.get(f.feeAsset) ?? 0) + f.fee);
    fees.set(f.orderId, byAsset);
  }
  const feeCells = (o: Order): [CsvCell, CsvCell] => {
    const byAsset = fees.get(o.id);
    if (!byAsset) return [o.fee, ''];
    const entries = [...byAsset.entries()];
    return entries.length === 1 ? [entries[0][1], entries[0][0]] : [entries.map(([, v]) => csvNumber(v)).join(';'), entries.map(([a]) => a).join(';')];
  };
  return csvText(
    ORDER_HEADER,
    orders.map((o) => [csvTime(o.createdAt), csvTime(o.updatedAt), o.venue, o.symbol, o.side, o.type, o.qty, o.price, o.stopPrice, o.filledQty, o.filledQty > 0 ? o.avgPrice : undefined, o.status, ...feeCells(o), o.id, o.clientOrderId, o.strategyId ?? 'manual']),
  );
}
