import { hasErrorClass } from '../../domain/index.js';
import type { CcxtOrder } from './ccxt-client.js';

const NOT_FOUND = new Set(['OrderNotFound']);

/** ccxt's "no such order" (Binance -2013 on look-up, -2011 on cancel): by its class, which ccxt maps those codes to. */
export function isNotFound(err: unknown): boolean {
  return hasErrorClass(err, NOT_FOUND);
}

/**
 * The exchange's JSON answer that ccxt carries in an error's message (`binance {"code":-2010,
 * "msg":"..."}`): ccxt keeps the body nowhere else. Parsed as JSON, read as data; undefined
 * when the message holds none.
 */
export function exchangeBody(err: unknown): Readonly<Record<string, unknown>> | undefined {
  const text = err instanceof Error ? err.message : String(err);
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    const body: unknown = JSON.parse(text.slice(start));
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Binance's error code in the exchange's answer, if there is one. */
export function binanceCode(err: unknown): number | undefined {
  const code = exchangeBody(err)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** One line for an exchange error: ccxt's class name and Binance's own `msg` when there is one. */
export function errorText(err: unknown): string {
  const e = err as Error;
  const msg = exchangeBody(err)?.msg;
  const text = e?.message ?? String(err);
  // ccxt starts its messages with the exchange id ("binance ", "binanceusdm "): the venue is named by the caller.
  const bare = text.startsWith('binance') ? text.slice(text.indexOf(' ') + 1) : text;
  return `${e?.constructor?.name ?? 'Error'}: ${typeof msg === 'string' ? msg : bare.slice(0, 160)}`;
}

/** An order look-up's outcome: `absent` only when the exchange says it has no such order. */
export type Lookup = { kind: 'found'; order: CcxtOrder } | { kind: 'absent' } | { kind: 'failed'; error: string };

/** Asks the exchange for an order; "no such order" is `absent`, any other failure `failed` (it may exist). */
export async function askOrder(call: () => Promise<CcxtOrder>): Promise<Lookup> {
  try {
    return { kind: 'found', order: await call() };
  } catch (err) {
    if (isNotFound(err)) return { kind: 'absent' };
    return { kind: 'failed', error: errorText(err) };
  }
}
