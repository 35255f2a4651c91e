/** ccxt's "no such order" (Binance -2013 on look-up, -2011 on cancel). */
export function isNotFound(err: unknown): boolean {
  for (let p = Object.getPrototypeOf(err ?? {}); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    if ((p as { constructor?: { name?: string } }).constructor?.name === 'OrderNotFound') return true;
  }
  return /-2013|-2011|Order does not exist|Unknown order/i.test((err as Error)?.message ?? '');
}

/** One line for an exchange error: ccxt's class name and Binance's own `msg` when there is one. */
export function errorText(err: unknown): string {
  const e = err as Error;
  const msg = (e?.message ?? String(err)).replace(/^binance(usdm)?\s*/, '');
  const m = /"msg":"([^"]+)"/.exec(msg);
  return `${e?.constructor?.name ?? 'Error'}: ${m ? m[1] : msg.slice(0, 160)}`;
}
