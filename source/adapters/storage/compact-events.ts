import type { DomainEvent, Fill, Order } from '../../domain/index.js';

/**
 * A compact form for the events a ledger is mostly made of (orders, fills, balances,
 * commands): an array `[code, ...values]` instead of an object, so a replay parses about a
 * third fewer bytes and builds every object of a kind with the same shape.
 *
 * An event is written compact only when it has exactly the fields listed here (optional ones
 * may be absent) with plain values; anything else (a field added later, a null, a NaN) is
 * written as plain JSON, so nothing is ever lost to the table. Codes are never reused: a log
 * written today must read the same forever. Decoded objects list their keys in table order,
 * which may differ from the order they were built in (compare states by value, not as text).
 */

/** The first ORDER_REQUIRED must be present; the others are null when absent. */
const ORDER_KEYS = ['venue', 'symbol', 'side', 'type', 'qty', 'tif', 'id', 'clientOrderId', 'status', 'filledQty', 'avgPrice', 'fee', 'createdAt', 'updatedAt', 'price', 'quoteQty', 'strategyId', 'exchangeOrderId', 'reason'] as const;
const ORDER_REQUIRED = 14;
const FILL_KEYS = ['tradeId', 'orderId', 'venue', 'symbol', 'side', 'qty', 'price', 'fee', 'feeAsset', 'liquidity', 'ts'] as const;
const FILL_REQUIRED = FILL_KEYS.length;

const enum Code {
  Submitted = 1,
  Accepted = 2,
  PartiallyFilled = 3,
  Filled = 4,
  Cancelled = 5,
  Rejected = 6,
  Balances = 7,
  Command = 8,
}

type Plain = string | number | boolean;
type Row = (Plain | null)[];

function plain(v: unknown): v is Plain {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** `obj`'s values in `keys` order (null for absent), or undefined when it has any other key. */
function pack(obj: object, keys: readonly string[], required = 0): Row | undefined {
  let count = 0;
  const row: Row = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const v = (obj as Record<string, unknown>)[keys[i]];
    if (v === undefined) {
      if (i < required || Object.hasOwn(obj, keys[i])) return undefined;
      row[i] = null;
      continue;
    }
    if (!plain(v)) return undefined;
    row[i] = v;
    count++;
  }
  return Object.keys(obj).length === count ? row : undefined;
}

/**
 * Objects are built from literals, so every order (and every fill) gets the same shape with
 * its fields in the object itself: the fold reads them faster, and the garbage collector
 * copies one allocation instead of an object plus a grown property array.
 */
export function unpackOrder(r: readonly unknown[]): Order {
  return makeOrder(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15], r[16], r[17], r[18], r[19]);
}

/**
 * An order from its values in `ORDER_KEYS` order (null for an absent optional one): the one
 * place its shape is made, for the general decoder (`unpackOrder`) and the replay fast path.
 */
export function makeOrder(venue: unknown, symbol: unknown, side: unknown, type: unknown, qty: unknown, tif: unknown, id: unknown, clientOrderId: unknown, status: unknown, filledQty: unknown, avgPrice: unknown, fee: unknown, createdAt: unknown, updatedAt: unknown, price: unknown, quoteQty: unknown, strategyId: unknown, exchangeOrderId: unknown, reason: unknown): Order {
  type W = { -readonly [K in keyof Order]: Order[K] };
  const o: W = price === null
    ? { venue, symbol, side, type, qty, tif, id, clientOrderId, status, filledQty, avgPrice, fee, createdAt, updatedAt } as W
    : { venue, symbol, side, type, qty, price, tif, id, clientOrderId, status, filledQty, avgPrice, fee, createdAt, updatedAt } as W;
  if (quoteQty !== null) o.quoteQty = quoteQty as number;
  if (strategyId !== null) o.strategyId = strategyId as string;
  if (exchangeOrderId !== null) o.exchangeOrderId = exchangeOrderId as string;
  if (reason !== null) o.reason = reason as string;
  return o;
}

/** A fill from its compact row (`r[0]` is the code). */
export function unpackFill(r: readonly unknown[]): Fill {
  return makeFill(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]);
}

/** A fill from its values in `FILL_KEYS` order: the one place its shape is made. */
export function makeFill(tradeId: unknown, orderId: unknown, venue: unknown, symbol: unknown, side: unknown, qty: unknown, price: unknown, fee: unknown, feeAsset: unknown, liquidity: unknown, ts: unknown): Fill {
  return { tradeId, orderId, venue, symbol, side, qty, price, fee, feeAsset, liquidity, ts } as Fill;
}

function onlyKeys(obj: object, ...keys: string[]): boolean {
  const own = Object.keys(obj);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(obj, k));
}

/** The compact form of `e`, or `e` itself when it has no compact form. */
export function compactEvent(e: DomainEvent): unknown {
  switch (e.type) {
    case 'order/submitted': {
      if (!onlyKeys(e.data, 'order')) return e;
      const row = pack(e.data.order, ORDER_KEYS, ORDER_REQUIRED);
      return row ? [Code.Submitted, ...row] : e;
    }
    case 'order/accepted': {
      const d = e.data;
      return onlyKeys(d, 'id', 'exchangeOrderId', 'ts') && plain(d.id) && plain(d.exchangeOrderId) && plain(d.ts) ? [Code.Accepted, d.id, d.exchangeOrderId, d.ts] : e;
    }
    case 'order/partiallyFilled':
    case 'order/filled': {
      if (!onlyKeys(e.data, 'fill')) return e;
      const row = pack(e.data.fill, FILL_KEYS, FILL_REQUIRED);
      return row ? [e.type === 'order/filled' ? Code.Filled : Code.PartiallyFilled, ...row] : e;
    }
    case 'order/cancelled':
    case 'order/rejected': {
      const d = e.data;
      return onlyKeys(d, 'id', 'reason', 'ts') && plain(d.id) && plain(d.reason) && plain(d.ts) ? [e.type === 'order/cancelled' ? Code.Cancelled : Code.Rejected, d.id, d.reason, d.ts] : e;
    }
    case 'account/balances': {
      const d = e.data;
      if (!onlyKeys(d, 'venue', 'balances', 'full') || !plain(d.venue) || typeof d.full !== 'boolean') return e;
      const flat: Plain[] = [];
      for (const [asset, b] of Object.entries(d.balances)) {
        // An own `__proto__` key would become the prototype when rebuilt: keep it plain JSON.
        if (asset === '__proto__' || !onlyKeys(b, 'free', 'locked') || typeof b.free !== 'number' || typeof b.locked !== 'number' || !Number.isFinite(b.free) || !Number.isFinite(b.locked)) return e;
        flat.push(asset, b.free, b.locked);
      }
      return [Code.Balances, d.venue, d.full ? 1 : 0, flat];
    }
    case 'user/command': {
      const d = e.data;
      return onlyKeys(d, 'line', 'source') && plain(d.line) && plain(d.source) ? [Code.Command, d.line, d.source] : e;
    }
    default:
      return e;
  }
}

/** The event a compact form (or a plain event object) stands for. */
export function expandEvent(v: unknown): DomainEvent {
  if (!Array.isArray(v)) {
    if (typeof v !== 'object' || v === null || typeof (v as { type?: unknown }).type !== 'string') throw new Error('not an event');
    return v as DomainEvent;
  }
  const r = v as unknown[];
  switch (r[0] as Code) {
    case Code.Submitted:
      return { type: 'order/submitted', data: { order: unpackOrder(r) } } as DomainEvent;
    case Code.Accepted:
      return { type: 'order/accepted', data: { id: r[1], exchangeOrderId: r[2], ts: r[3] } } as DomainEvent;
    case Code.PartiallyFilled:
      return { type: 'order/partiallyFilled', data: { fill: unpackFill(r) } } as DomainEvent;
    case Code.Filled:
      return { type: 'order/filled', data: { fill: unpackFill(r) } } as DomainEvent;
    case Code.Cancelled:
      return { type: 'order/cancelled', data: { id: r[1], reason: r[2], ts: r[3] } } as DomainEvent;
    case Code.Rejected:
      return { type: 'order/rejected', data: { id: r[1], reason: r[2], ts: r[3] } } as DomainEvent;
    case Code.Balances: {
      const flat = r[3] as unknown[];
      const balances: Record<string, { free: number; locked: number }> = {};
      for (let i = 0; i < flat.length; i += 3) balances[flat[i] as string] = { free: flat[i + 1] as number, locked: flat[i + 2] as number };
      return { type: 'account/balances', data: { venue: r[1], balances, full: r[2] === 1 } } as DomainEvent;
    }
    case Code.Command:
      return { type: 'user/command', data: { line: r[1], source: r[2] } } as DomainEvent;
    default:
      throw new Error(`unknown compact event code ${String(r[0])}`);
  }
}
