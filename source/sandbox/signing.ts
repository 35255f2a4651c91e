import { createHmac, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

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

/** An API key's verifier: an HMAC secret, or an Ed25519 public key (signatures in base64). */
export type ApiKey = { readonly kind: 'hmac'; readonly secret: string } | { readonly kind: 'ed25519'; readonly publicKey: KeyObject };

/** Whether `signature` signs `payload` for this key, as Binance checks each key type. */
export function checkSignature(key: ApiKey, payload: string, signature: string): boolean {
  if (key.kind === 'hmac') return sameHex(signature, sign(payload, key.secret));
  // Ed25519 signatures are base64 and case-sensitive.
  const raw = Buffer.from(signature, 'base64');
  return raw.length === 64 && verify(null, Buffer.from(payload, 'utf8'), key.publicKey, raw);
}

/** The largest `recvWindow` Binance accepts, in ms. */
export const MAX_RECV_WINDOW = 60_000;

export function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/** HMAC signatures are compared case-insensitively, as Binance documents. */
function sameHex(given: string, want: string): boolean {
  const g = Buffer.from(given.toLowerCase());
  const w = Buffer.from(want);
  return g.length === w.length && timingSafeEqual(g, w);
}

/**
 * Checks `timestamp` and `recvWindow` as Binance's timing security describes: the timestamp is in
 * ms or µs, at most 1 s ahead of the server, and no older than `recvWindow` (default 5000, at most
 * 60000, up to three decimals).
 */
export function checkTiming(timestamp: string | undefined, recvWindow: string | undefined, now: number): void {
  if (timestamp === undefined || timestamp === '') throw new BinanceError(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  if (!/^\d{1,20}$/.test(timestamp)) throw new BinanceError(400, -1100, "Illegal characters found in parameter 'timestamp'; legal range is '^[0-9]{1,20}$'.");
  let window = 5000;
  if (recvWindow !== undefined) {
    if (!/^\d{1,20}(\.\d{1,3})?$/.test(recvWindow)) throw new BinanceError(400, -1100, "Illegal characters found in parameter 'recvWindow'; legal range is '^[0-9]{1,20}(\\.[0-9]{1,3})?$'.");
    window = Number(recvWindow);
    if (window > MAX_RECV_WINDOW) throw new BinanceError(400, -1102, `'recvWindow' contains unexpected value. Cannot be greater than ${MAX_RECV_WINDOW}.`);
  }
  // A 16-digit timestamp is in microseconds.
  const ts = timestamp.length >= 16 ? Number(timestamp) / 1000 : Number(timestamp);
  if (ts >= now + 1000) throw new BinanceError(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  if (now - ts > window) throw new BinanceError(400, -1021, 'Timestamp for this request is outside of the recvWindow.');
}

/**
 * Checks a signed REST request exactly as Binance does: the signature is the hex HMAC-SHA256 of
 * the query string concatenated without separator to the body (the `signature` parameter left
 * out of both), and `timestamp` must be within `recvWindow` of the server's time.
 */
export function verifySigned(rawQuery: string, rawBody: string, secret: string | undefined, now: number): URLSearchParams {
  return verifySignedKey(rawQuery, rawBody, secret === undefined ? undefined : { kind: 'hmac', secret }, now);
}

/** `verifySigned` for a key of either type. */
export function verifySignedKey(rawQuery: string, rawBody: string, key: ApiKey | undefined, now: number): URLSearchParams {
  if (key === undefined) throw new BinanceError(401, -2015, 'Invalid API-key, IP, or permissions for action.');
  const strip = (s: string) => s.split('&').filter((p) => p && !p.startsWith('signature=')).join('&');
  const all = new URLSearchParams([rawQuery, rawBody].filter(Boolean).join('&'));
  checkDuplicates(all);
  const given = all.get('signature');
  if (!given) throw new BinanceError(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  checkTiming(all.get('timestamp') ?? undefined, all.get('recvWindow') ?? undefined, now);
  const payload = strip(rawQuery) + strip(rawBody);
  // Clients that put everything in one place sign it alone; a client that splits parameters
  // between query and body signs their concatenation, with no '&' between (Binance's example).
  if (!checkSignature(key, payload, given)) throw new BinanceError(400, -1022, 'Signature for this request is not valid.');
  all.delete('signature');
  return all;
}

/** A parameter sent twice (in the query, the body, or both) is Binance's -1101. */
export function checkDuplicates(p: URLSearchParams): void {
  const seen = new Set<string>();
  for (const k of p.keys()) {
    if (seen.has(k)) throw new BinanceError(400, -1101, 'Duplicate values for a parameter detected.');
    seen.add(k);
  }
}

/** WS-API signing: parameters other than `signature`, sorted by name, as a query string. */
export function wsPayload(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .filter((k) => k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
}

export function verifyWsSigned(params: Readonly<Record<string, unknown>>, secret: string | undefined): boolean {
  return secret !== undefined && verifyWsSignedKey(params, { kind: 'hmac', secret });
}

export function verifyWsSignedKey(params: Readonly<Record<string, unknown>>, key: ApiKey): boolean {
  return typeof params.signature === 'string' && checkSignature(key, wsPayload(params), params.signature);
}
