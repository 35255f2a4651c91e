import type { SpotAccount } from './account-events.js';
import { checkOcoPrices, listShape, listStatusEvent, readOco, type OrderList } from './order-lists.js';
import { readOrderParams } from './order-params.js';
import { integer, optional } from './params.js';
import type { SandboxExchange } from './sandbox-exchange.js';
import { BinanceError } from './signing.js';
import { isOpen, orderResponse, type WireOrder } from './wire-orders.js';
import { wireSymbol } from './binance-format.js';

/**
 * Binance's OCO order lists over the sandbox's accounts: placing one (both legs through the
 * exchange's single-order path, the engine holding the funds once), cancelling one, and the
 * list queries.
 */
export class OrderLists {
  private nextListId = 1;

  constructor(private readonly exchange: SandboxExchange) {}

  /**
   * `POST /api/v3/orderList/oco` (or the older `order/oco`): the take-profit side's leg (a
   * LIMIT_MAKER, or a TAKE_PROFIT(_LIMIT) stop) is placed, then the stop-loss leg linked to it,
   * so the matching engine's OCO holds the funds once and cancels one leg when the other fills
   * or triggers.
   */
  placeOco(apiKey: string, p: URLSearchParams, legacy: boolean): Record<string, unknown> {
    const symbol = this.exchange.symbolOf(p.get('symbol'));
    const req = readOco(p, legacy);
    const a = this.exchange.account(apiKey);
    const listClientOrderId = req.listClientOrderId ?? `sbx-list-${this.nextListId}`;
    if ([...a.lists.values()].some((l) => l.status === 'EXECUTING' && l.listClientOrderId === listClientOrderId)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    const inst = this.exchange.instrument(symbol);
    const book = this.exchange.market.book(symbol);
    const limitParams = readOrderParams(req.limitLeg, inst, book);
    const stopParams = readOrderParams(req.stopLeg, inst, book);
    checkOcoPrices(req, this.exchange.market.prices()[symbol]);
    const orderListId = this.nextListId++;
    const limitLeg = this.exchange.place(apiKey, symbol, limitParams, orderListId);
    let stopLeg: WireOrder;
    try {
      stopLeg = this.exchange.place(apiKey, symbol, stopParams, orderListId, limitLeg.orderId);
    } catch (e) {
      // The list is placed whole or not at all.
      this.exchange.cancel(a, a.orders.get(limitLeg.orderId)!, undefined);
      throw e;
    }
    const list: OrderList = { orderListId, listClientOrderId, symbol: wireSymbol(symbol), orderIds: [stopLeg.orderId, limitLeg.orderId], status: 'EXECUTING', transactionTime: this.exchange.now() };
    a.lists.set(orderListId, list);
    const wire = (id: number) => a.orders.get(id)!.wire;
    this.exchange.events.emit(a, listStatusEvent(list, wire, this.exchange.now()));
    return { ...listShape(list, wire), orderReports: list.orderIds.map((id) => orderResponse(wire(id), req.respType === 'ACK' ? 'RESULT' : req.respType)) };
  }

  /** `DELETE /api/v3/orderList`: both legs, CANCELED; -2011 for a list unknown or done. */
  cancelOrderList(apiKey: string, p: URLSearchParams): Record<string, unknown> {
    const a = this.exchange.account(apiKey);
    const list = this.findList(a, p);
    if (list.status !== 'EXECUTING') throw new BinanceError(400, -2011, 'Unknown order sent.');
    const cancelId = optional(p, 'newClientOrderId');
    const open = list.orderIds.map((id) => a.orders.get(id)!).find((o) => isOpen(o.wire))!;
    this.exchange.cancel(a, open, cancelId);
    const wire = (id: number) => a.orders.get(id)!.wire;
    return { ...listShape(list, wire), orderReports: list.orderIds.map((id) => this.exchange.cancelShape(a.orders.get(id)!)) };
  }

  /** `GET /api/v3/orderList` by `orderListId` or `origClientOrderId`. */
  orderList(apiKey: string, p: URLSearchParams): Record<string, unknown> {
    const a = this.exchange.account(apiKey);
    return listShape(this.findList(a, p, 'origClientOrderId'), (id) => a.orders.get(id)!.wire);
  }

  /** `GET /api/v3/allOrderList`: every list of the account, oldest first. */
  allOrderLists(apiKey: string): Record<string, unknown>[] {
    const a = this.exchange.account(apiKey);
    return [...a.lists.values()].map((l) => listShape(l, (id) => a.orders.get(id)!.wire));
  }

  /** `GET /api/v3/openOrderList`. */
  openOrderLists(apiKey: string): Record<string, unknown>[] {
    const a = this.exchange.account(apiKey);
    return [...a.lists.values()].filter((l) => l.status === 'EXECUTING').map((l) => listShape(l, (id) => a.orders.get(id)!.wire));
  }

  private findList(a: SpotAccount, p: URLSearchParams, clientName = 'listClientOrderId'): OrderList {
    const id = integer(p, 'orderListId');
    const client = optional(p, clientName);
    if (id === undefined && client === undefined) throw new BinanceError(400, -1102, `Param '${clientName}' or 'orderListId' must be sent, but both were empty/null!`);
    const list = id !== undefined ? a.lists.get(id) : [...a.lists.values()].reverse().find((l) => l.listClientOrderId === client);
    if (!list || (client !== undefined && list.listClientOrderId !== client)) throw new BinanceError(400, -2011, 'Order list does not exist.');
    return list;
  }
}
