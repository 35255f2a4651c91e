import { createHmac, timingSafeEqual } from 'node:crypto';

/** Binance's error answer: HTTP status plus `{code, msg}`. */
export class BinanceError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    msg: string,
  ) {
    super(msg);
  }
}

export function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/**
 * Checks a signed request exactly as Binance does: the signature is the hex HMAC-SHA256 of
 * the query string (then the body) without the signature parameter, and `timestamp` must be
 * within `recvWindow` (default 5000 ms) of the server's time.
 */
export function verifySigned(rawQuery: string, rawBody: string, secret: string | undefined, now: number): URLSearchParams {
  if (secret === undefined) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  const strip = (s: string) => s.split('&').filter((p) => p && !p.startsWith('signature=')).join('&');
  const all = new URLSearchParams([rawQuery, rawBody].filter(Boolean).join('&'));
  const given = all.get('signature');
  if (!given) throw new BinanceError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  const payload = [strip(rawQuery), strip(rawBody)].filter(Boolean).join('&');
  const want = sign(payload, secret);
  if (given.length !== want.length || !timingSafeEqual(Buffer.from(given), Buffer.from(want))) {
    throw new BinanceError(400, -1022, 'Signature for this request is not valid.');
  }
  const ts = Number(all.get('timestamp'));
  const recvWindow = Number(all.get('recvWindow') ?? 5000);
  if (!Number.isFinite(ts)) throw new BinanceError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  if (ts > now + 1000 || now - ts > recvWindow) throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
  return all;
}

/** WS-API signing: parameters other than `signature`, sorted by name, as a query string. */
export function verifyWsSigned(params: Record<string, string | number>, secret: string | undefined): boolean {
  if (!secret || typeof params.signature !== 'string') return false;
  const payload = Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
  return sign(payload, secret) === params.signature;
}
