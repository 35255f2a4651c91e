import { BinanceError } from './signing.js';

const MINUTE = 60_000;
/** Binance's REQUEST_WEIGHT limit per minute, as `exchangeInfo` announces it. */
export const WEIGHT_LIMIT = 6000;

/** Request weights of the routes the sandbox serves, from Binance's REST docs. */
export function weightOf(method: string, path: string, q: URLSearchParams): number {
  const many = !q.get('symbol');
  switch (path) {
    case '/api/v3/depth': {
      const n = Number(q.get('limit') ?? 100);
      return n <= 100 ? 5 : n <= 500 ? 25 : n <= 1000 ? 50 : 250;
    }
    case '/api/v3/exchangeInfo': return 20;
    case '/api/v3/trades': return 25;
    case '/api/v3/historicalTrades': return 25;
    case '/api/v3/aggTrades': return 4;
    case '/api/v3/klines': case '/api/v3/uiKlines': case '/api/v3/avgPrice': return 2;
    case '/api/v3/ticker/24hr': return many ? (q.get('symbols') ? 40 : 80) : 2;
    case '/api/v3/ticker/price': case '/api/v3/ticker/bookTicker': return many ? 4 : 2;
    case '/api/v3/account': return 20;
    case '/api/v3/openOrders': return method === 'DELETE' ? 1 : many ? 80 : 6;
    case '/api/v3/allOrders': return 20;
    case '/api/v3/myTrades': return q.get('orderId') ? 5 : 20;
    case '/api/v3/order': return method === 'GET' ? 4 : 1;
    case '/api/v3/order/test': return q.get('computeCommissionRates') === 'true' ? 20 : 1;
    default: return 1;
  }
}

/**
 * Used weight per one-minute window and orders per 10 s and per day, reported in Binance's
 * `X-MBX-USED-WEIGHT-1M` and `X-MBX-ORDER-COUNT-10S/-1D` headers. Over the weight limit a request is
 * refused with 429 and -1003, with `Retry-After`, as Binance does.
 */
export class RateLimiter {
  private minute = -1;
  private used = 0;
  private tenSeconds = -1;
  private orders10s = 0;
  private day = -1;
  private ordersDay = 0;

  /** `enforce`: refuse over the limit (off by default so long test runs are never throttled). */
  constructor(private readonly clock: () => number, private readonly enforce = false) {}

  /** Counts a request; returns the headers to send, or throws 429 when the limit is used up. */
  request(weight: number): Record<string, string> {
    const now = this.clock();
    const m = Math.floor(now / MINUTE);
    if (m !== this.minute) {
      this.minute = m;
      this.used = 0;
    }
    this.used += weight;
    const headers = { 'X-MBX-USED-WEIGHT-1M': String(this.used) };
    if (this.enforce && this.used > WEIGHT_LIMIT) {
      const retry = String(Math.ceil(((m + 1) * MINUTE - now) / 1000));
      throw Object.assign(new BinanceError(429, -1003, `Too much request weight used; current limit is ${WEIGHT_LIMIT} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`), { headers: { ...headers, 'Retry-After': retry } });
    }
    return headers;
  }

  /** Orders counted in the current 10 s and day windows (`GET /api/v3/rateLimit/order`). */
  orderCounts(): { tenSeconds: number; day: number } {
    const now = this.clock();
    return { tenSeconds: Math.floor(now / 10_000) === this.tenSeconds ? this.orders10s : 0, day: Math.floor(now / 86_400_000) === this.day ? this.ordersDay : 0 };
  }

  /** Counts an accepted order; returns the order-count headers. */
  order(): Record<string, string> {
    const now = this.clock();
    const t = Math.floor(now / 10_000);
    const d = Math.floor(now / 86_400_000);
    if (t !== this.tenSeconds) {
      this.tenSeconds = t;
      this.orders10s = 0;
    }
    if (d !== this.day) {
      this.day = d;
      this.ordersDay = 0;
    }
    this.orders10s++;
    this.ordersDay++;
    return { 'X-MBX-ORDER-COUNT-10S': String(this.orders10s), 'X-MBX-ORDER-COUNT-1D': String(this.ordersDay) };
  }
}
