import type { CcxtMarket, CcxtOrder, CcxtTrade } from '../../source/adapters/ccxt/ccxt-client.js';
import type { CcxtFundingRate, CcxtFuturesExchange, CcxtIncome, CcxtLeverageTier, CcxtMarkTicker, CcxtPosition } from '../../source/adapters/ccxt/ccxt-futures-client.js';

/**
 * A small stand-in for ccxt's binanceusdm: the calls atapi's futures venue makes, answering
 * the way ccxt parses Binance's USD-M answers (raw rows in `info`), with the user-data stream
 * as queues the test delivers when it says. One BTC perpetual, market orders fill at `price`.
 */
export class FakeUsdm implements CcxtFuturesExchange {
  id = 'binanceusdm';
  urls: Record<string, unknown> = {};
  options: Record<string, unknown> = {};
  price = 50_000;
  wallet = 10_000;
  hedged = false;
  leverage = 20;
  marginType: 'cross' | 'isolated' = 'cross';
  /** Binance's positions by side: signed amount and entry price. */
  readonly positions = new Map<string, { amt: number; entry: number }>();
  readonly orders = new Map<string, CcxtOrder & { info: Record<string, unknown> }>();
  readonly trades: (CcxtTrade & { orderId: string })[] = [];
  readonly income: CcxtIncome[] = [];
  /** What createOrder was asked (the params atapi sends). */
  readonly sent: { symbol: string; side: string; amount: number; params: Record<string, unknown> }[] = [];
  readonly calls: string[] = [];
  private seq = 1;
  private tradeSeq = 100;
  private readonly orderFrames: CcxtOrder[][] = [];
  private readonly accountFrames: Record<string, unknown>[] = [];
  private readonly waiters: { orders: ((x: CcxtOrder[]) => void)[]; account: ((x: Record<string, unknown>) => void)[] } = { orders: [], account: [] };
  now = 1_700_000_000_000;

  async loadMarkets(): Promise<Record<string, CcxtMarket>> {
    const m = { id: 'BTCUSDT', symbol: 'BTC/USDT:USDT', base: 'BTC', quote: 'USDT', settle: 'USDT', spot: false, swap: true, linear: true, active: true, contractSize: 1, precision: { amount: 0.001, price: 0.1 }, limits: { amount: { min: 0.001 }, cost: { min: 5 } } };
    const q = { id: 'BTCUSD_PERP', symbol: 'BTC/USD:BTC', base: 'BTC', quote: 'USD', settle: 'BTC', spot: false, swap: true, linear: false, active: true, precision: { amount: 1, price: 0.1 }, limits: {} };
    return { [m.symbol]: m, [q.symbol]: q } as Record<string, CcxtMarket>;
  }
  async fetchLeverageTiers(): Promise<Record<string, CcxtLeverageTier[]>> {
    const raw = [
      { bracket: 1, initialLeverage: 125, notionalCap: 50_000, notionalFloor: 0, maintMarginRatio: 0.004, cum: 0 },
      { bracket: 2, initialLeverage: 100, notionalCap: 250_000, notionalFloor: 50_000, maintMarginRatio: 0.005, cum: 50 },
    ];
    return { 'BTC/USDT:USDT': raw.map((info) => ({ tier: info.bracket, minNotional: info.notionalFloor, maxNotional: info.notionalCap, maintenanceMarginRate: info.maintMarginRatio, maxLeverage: info.initialLeverage, info })) };
  }
  async fetchTicker(): Promise<never> {
    throw new Error('not used');
  }
  async fetchTickers(): Promise<Record<string, { symbol: string; bid: number; ask: number; last: number }>> {
    return { 'BTC/USDT:USDT': { symbol: 'BTC/USDT:USDT', bid: this.price - 0.1, ask: this.price + 0.1, last: this.price } };
  }
  async fetchOrderBook(): Promise<{ bids: [number, number][]; asks: [number, number][] }> {
    return { bids: [[this.price - 0.1, 5]], asks: [[this.price + 0.1, 5]] };
  }
  async fetchOHLCV(): Promise<[number, number, number, number, number, number][]> {
    return [[this.now - 60_000, this.price, this.price, this.price, this.price, 1]];
  }
  async fetchFundingRates(): Promise<Record<string, CcxtFundingRate>> {
    return { 'BTC/USDT:USDT': { symbol: 'BTC/USDT:USDT', markPrice: this.price, indexPrice: this.price - 5, fundingRate: 0.0001, fundingTimestamp: 1_700_006_400_000, timestamp: this.now } };
  }
  async fetchBalance(): Promise<Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> }> {
    this.calls.push('fetchBalance');
    return { info: { assets: [{ asset: 'USDT', walletBalance: String(this.wallet), availableBalance: String(this.wallet) }] }, free: { USDT: this.wallet }, used: { USDT: 0 } };
  }
  async fetchPositionMode(): Promise<{ hedged: boolean }> {
    return { hedged: this.hedged };
  }
  async fetchPositions(): Promise<CcxtPosition[]> {
    this.calls.push('fetchPositions');
    return [...this.positions].filter(([, p]) => p.amt !== 0).map(([side, p]) => ({ symbol: 'BTC/USDT:USDT', info: { symbol: 'BTCUSDT', positionSide: side, positionAmt: String(p.amt), entryPrice: String(p.entry), isolatedWallet: '0' } }));
  }
  async fetchFundingHistory(_s?: string, since?: number): Promise<CcxtIncome[]> {
    this.calls.push(`income since ${since}`);
    return this.income.filter((r) => since === undefined || r.timestamp! >= since);
  }
  async fetchFundingRateHistory(): Promise<CcxtFundingRate[]> {
    return this.income.map((r) => ({ symbol: r.symbol!, fundingRate: 0.0001, timestamp: r.timestamp! + 3, info: { markPrice: String(this.price) } }));
  }
  async setLeverage(leverage: number): Promise<unknown> {
    if (!Number.isInteger(leverage) || leverage > 125) throw new Error(`binanceusdm {"code":-4028,"msg":"Leverage ${leverage} is not valid"}`);
    this.leverage = leverage;
    return { leverage };
  }
  async setMarginMode(mode: string): Promise<unknown> {
    // ccxt answers -4046 ("no need to change") quietly, as this does.
    if (mode === this.marginType) return { code: -4046, msg: 'No need to change margin type.' };
    this.marginType = mode as 'cross' | 'isolated';
    return { code: 200 };
  }
  async setPositionMode(hedged: boolean): Promise<unknown> {
    if (hedged === this.hedged) throw new Error('binanceusdm {"code":-4059,"msg":"No need to change position side."}');
    if ([...this.positions.values()].some((p) => p.amt !== 0)) throw new Error('binanceusdm {"code":-4068,"msg":"Position side cannot be changed if there exists position."}');
    this.hedged = hedged;
    return {};
  }
  async createOrder(symbol: string, type: string, side: string, amount: number, price?: number, params: Record<string, unknown> = {}): Promise<CcxtOrder> {
    this.sent.push({ symbol, side, amount, params });
    const id = String(this.seq++);
    const clientOrderId = String(params.newClientOrderId);
    const ps = (params.positionSide as string) ?? 'BOTH';
    const signed = side === 'buy' ? amount : -amount;
    const p = this.positions.get(ps) ?? { amt: 0, entry: 0 };
    let rp = 0;
    if (p.amt !== 0 && Math.sign(signed) !== Math.sign(p.amt)) rp = Math.min(Math.abs(signed), Math.abs(p.amt)) * (this.price - p.entry) * Math.sign(p.amt);
    const amt = Math.round((p.amt + signed) * 1e9) / 1e9;
    this.positions.set(ps, { amt, entry: amt === 0 ? 0 : Math.sign(amt) === Math.sign(p.amt) && p.amt !== 0 && Math.abs(amt) < Math.abs(p.amt) ? p.entry : this.price });
    const fee = amount * this.price * 0.0004;
    this.wallet = Math.round((this.wallet + rp - fee) * 1e8) / 1e8;
    const t = String(this.tradeSeq++);
    const info = { s: 'BTCUSDT', c: clientOrderId, x: 'TRADE', X: 'FILLED', t, l: String(amount), L: String(this.price), n: String(fee), N: 'USDT', m: false, T: this.now, rp: String(rp), ps };
    const order = { id, clientOrderId, symbol, side, type, status: 'closed', amount, filled: amount, remaining: 0, price: this.price, average: this.price, timestamp: this.now, info };
    this.orders.set(clientOrderId, order);
    this.trades.push({ id: t, order: id, orderId: id, symbol, side, price: this.price, amount, fee: { cost: fee, currency: 'USDT' }, takerOrMaker: 'taker', timestamp: this.now, info: { realizedPnl: String(rp), positionSide: ps } });
    this.orderFrames.push([{ ...order }]);
    const pos = this.positions.get(ps)!;
    this.accountFrames.push({ e: 'ACCOUNT_UPDATE', E: this.now, T: this.now, a: { m: 'ORDER', B: [{ a: 'USDT', wb: String(this.wallet), cw: String(this.wallet) }], P: [{ s: 'BTCUSDT', pa: String(pos.amt), ep: String(pos.entry), up: '0', mt: this.marginType, iw: '0', ps }] } });
    // Binance's futures answer to a new order: no fills in it, status and executed quantity only.
    return { id, clientOrderId, symbol, side, type, status: 'closed', amount, filled: amount, remaining: 0, average: this.price, timestamp: this.now, info: { orderId: id } };
  }
  async cancelOrder(): Promise<CcxtOrder> {
    throw new Error('binanceusdm {"code":-2011,"msg":"Unknown order sent."}');
  }
  async fetchOrder(_id: string, _symbol: string, params: Record<string, unknown> = {}): Promise<CcxtOrder> {
    const o = this.orders.get(String(params.origClientOrderId));
    if (!o) throw new Error('binanceusdm {"code":-2013,"msg":"Order does not exist."}');
    return { ...o, info: { orderId: o.id } };
  }
  async fetchOpenOrders(): Promise<CcxtOrder[]> {
    return [];
  }
  async fetchMyTrades(_symbol?: string, _since?: number, _limit?: number, params: Record<string, unknown> = {}): Promise<CcxtTrade[]> {
    return this.trades.filter((t) => t.orderId === params.orderId);
  }
  /** Pending watches: `close` ends them, as ccxt's does. */
  private readonly pending: ((err: Error) => void)[] = [];
  private quiet<T>(): Promise<T> {
    return new Promise<T>((_r, reject) => this.pending.push(reject));
  }
  watchTickers(): Promise<never> {
    return this.quiet();
  }
  watchOrderBook(): Promise<never> {
    return this.quiet();
  }
  watchOHLCV(): Promise<never> {
    return this.quiet();
  }
  watchMarkPrices(): Promise<Record<string, CcxtMarkTicker>> {
    return this.quiet();
  }
  watchOrders(): Promise<CcxtOrder[]> {
    return new Promise((r, reject) => {
      this.waiters.orders.push(r);
      this.pending.push(reject);
    });
  }
  watchBalance(): Promise<Record<string, unknown> & { free: Record<string, number>; used: Record<string, number> }> {
    return new Promise((r, reject) => {
      this.waiters.account.push((info) => r({ info, free: {}, used: {} }));
      this.pending.push(reject);
    });
  }
  /** A funding payment at `time` on the position held: income row and (optionally) its ACCOUNT_UPDATE. */
  fund(time: number, amount: number): void {
    this.wallet = Math.round((this.wallet + amount) * 1e8) / 1e8;
    this.income.push({ id: `tran-${time}`, symbol: 'BTC/USDT:USDT', code: 'USDT', timestamp: time + 3, amount, info: { incomeType: 'FUNDING_FEE' } });
    this.accountFrames.push({ e: 'ACCOUNT_UPDATE', E: time + 5, T: time + 3, a: { m: 'FUNDING_FEE', B: [{ a: 'USDT', wb: String(this.wallet), cw: String(this.wallet), bc: String(amount) }], P: [] } });
  }
  /** Hands every queued stream frame to a waiting watcher (one frame each, as ccxt resolves). */
  deliver(): void {
    while (this.orderFrames.length && this.waiters.orders.length) this.waiters.orders.shift()!(this.orderFrames.shift()!);
    while (this.accountFrames.length && this.waiters.account.length) this.waiters.account.shift()!(this.accountFrames.shift()!);
  }
  /** Frames lost (a dropped connection): they never arrive. */
  drop(): void {
    this.orderFrames.length = 0;
    this.accountFrames.length = 0;
  }
  setSandboxMode(): void {}
  async close(): Promise<void> {
    for (const reject of this.pending.splice(0)) reject(new Error('closed'));
    this.waiters.orders.length = 0;
    this.waiters.account.length = 0;
  }
}
