import type { SpotAccount } from './account-events.js';
import { checkOcoPrices, listShape, listStatusEvent, readOco, type OrderList } from './order-lists.js';
import { readOrderParams } from './order-params.js';
import { integer, optional } from './params.js';
import type { SandboxExchange } from './sandbox-exchange.js';
import { BinanceError } from './signing.js';
import { isOpen, orderResponse, report, type WireOrder } from './wire-orders.js';
import { readOto, readOtoco } from './oto-params.js';
import type { OrderParams } from './order-params.js';
import { wireSymbol } from './binance-format.js';

/** An OTO's pending order, placed when the list's working order has filled. */
interface Pending {
  readonly apiKey: string;
  readonly symbol: string;
  readonly params: OrderParams;
  /** An OTOCO's stop-loss leg: the order id of the pending leg it is linked to. */
  readonly ocoWith?: number;
}

/**
 * Binance's order lists over the sandbox's accounts: placing an OCO (both legs through the
 * exchange's single-order path, the engine holding the funds once) or an OTO / OTOCO (the
 * working order placed, the pending ones recorded PENDING_NEW and placed when it fills),
 * cancelling one, and the list queries.
 */
export class OrderLists {
  private nextListId = 1;
  /** Pending orders by order id. */
  private readonly pending = new Map<number, Pending>();
  private placing = false;

  constructor(private readonly exchange: SandboxExchange) {
    exchange.events.onApplied((a) => this.placeDue(a));
  }

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
    const listClientOrderId = this.listClientId(a, req.listClientOrderId);
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
    const list: OrderList = { orderListId, contingencyType: 'OCO', listClientOrderId, symbol: wireSymbol(symbol), orderIds: [stopLeg.orderId, limitLeg.orderId], status: 'EXECUTING', transactionTime: this.exchange.now() };
    a.lists.set(orderListId, list);
    const wire = (id: number) => a.orders.get(id)!.wire;
    this.exchange.events.emit(a, listStatusEvent(list, wire, this.exchange.now()));
    return { ...listShape(list, wire), orderReports: list.orderIds.map((id) => orderResponse(wire(id), req.respType === 'ACK' ? 'RESULT' : req.respType)) };
  }

  /**
   * `POST /api/v3/orderList/oto` (`pair` false) or `/otoco` (true): the working order is placed,
   * the pending order or OCO pair recorded PENDING_NEW (holding nothing), every order checked
   * first as a single order would be; the list is placed whole or not at all.
   */
  placeOto(apiKey: string, p: URLSearchParams, pair: boolean): Record<string, unknown> {
    const symbol = this.exchange.symbolOf(p.get('symbol'));
    const req = pair ? readOtoco(p) : readOto(p);
    const a = this.exchange.account(apiKey);
    const listClientOrderId = this.listClientId(a, req.listClientOrderId);
    const inst = this.exchange.instrument(symbol);
    const book = this.exchange.market.book(symbol);
    const read = (q: URLSearchParams) => readOrderParams(q, inst, book);
    const working = read(req.working);
    const pending = req.pending instanceof URLSearchParams ? [read(req.pending)] : [read(req.pending.limitLeg), read(req.pending.stopLeg)];
    const orderListId = this.nextListId++;
    const first = this.exchange.place(apiKey, symbol, working, orderListId);
    const ids = [first.orderId];
    try {
      for (const params of pending) ids.push(this.exchange.placePending(apiKey, symbol, params, orderListId).orderId);
    } catch (e) {
      // The list is placed whole or not at all.
      for (const id of ids.slice(1)) {
        const w = Object.assign(a.orders.get(id)!.wire, { status: 'CANCELED', updateTime: this.exchange.now() });
        this.exchange.events.emit(a, { e: 'executionReport', ...report(w, 'CANCELED') });
      }
      const w = a.orders.get(first.orderId)!;
      if (isOpen(w.wire)) this.exchange.cancel(a, w, undefined);
      throw e;
    }
    ids.slice(1).forEach((id, i) => this.pending.set(id, { apiKey, symbol, params: pending[i], ...(i === 1 ? { ocoWith: ids[1] } : {}) }));
    const list: OrderList = { orderListId, contingencyType: 'OTO', listClientOrderId, symbol: wireSymbol(symbol), orderIds: ids, status: 'EXECUTING', transactionTime: this.exchange.now() };
    a.lists.set(orderListId, list);
    const wire = (id: number) => a.orders.get(id)!.wire;
    this.exchange.events.emit(a, listStatusEvent(list, wire, this.exchange.now()));
    // A working order that took liquidity at once has filled already: its pending orders go now.
    this.placeDue(a);
    return { ...listShape(list, wire), orderReports: list.orderIds.map((id) => orderResponse(wire(id), req.respType === 'ACK' ? 'RESULT' : req.respType)) };
  }

  /**
   * Places the pending orders of the account's OTO lists whose working order has filled (an
   * OTOCO's take-profit side first, then its stop-loss linked to it). One the exchange refuses
   * now (the market has moved through a stop) is EXPIRED with Binance's reason REJECTED.
   */
  private placeDue(a: SpotAccount): void {
    // Placing an order applies its events, which calls this again: the outer call places them all, in order.
    if (this.pending.size === 0 || this.placing) return;
    this.placing = true;
    let changed = false;
    try {
      changed = this.placeDueLists(a);
    } finally {
      this.placing = false;
    }
    // The list's end (ALL_DONE) is settled with the next batch of events; an expiry ends it now.
    if (changed) this.exchange.events.apply(a, []);
  }

  /** placeDue's work; true when an order expired. */
  private placeDueLists(a: SpotAccount): boolean {
    let changed = false;
    for (const list of a.lists.values()) {
      if (list.contingencyType !== 'OTO' || list.status !== 'EXECUTING' || a.orders.get(list.orderIds[0])!.wire.status !== 'FILLED') continue;
      for (const id of list.orderIds.slice(1)) {
        const due = this.pending.get(id);
        if (!due) continue;
        this.pending.delete(id);
        const w = a.orders.get(id)!.wire;
        if (w.status !== 'PENDING_NEW') continue;
        try {
          this.exchange.place(due.apiKey, due.symbol, due.params, list.orderListId, due.ocoWith, id);
        } catch (e) {
          if (!(e instanceof BinanceError)) throw e;
          Object.assign(w, { status: 'EXPIRED', expiryReason: 'REJECTED', updateTime: this.exchange.now() });
          this.exchange.events.emit(a, { e: 'executionReport', ...report(w, 'EXPIRED') });
          changed = true;
        }
      }
    }
    return changed;
  }

  /** `DELETE /api/v3/orderList`: every order of the list, CANCELED; -2011 for a list unknown or done. */
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

  /** The list's client id, Binance's -2010 when an executing list of the account has it. */
  private listClientId(a: SpotAccount, sent: string | undefined): string {
    const id = sent ?? `sbx-list-${this.nextListId}`;
    if ([...a.lists.values()].some((l) => l.status === 'EXECUTING' && l.listClientOrderId === id)) throw new BinanceError(400, -2010, 'Duplicate order sent.');
    return id;
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
