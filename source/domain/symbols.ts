/** A unified market symbol, always `BASE/QUOTE` in upper case (ccxt style); perpetuals `BASE/QUOTE:SETTLE`. */
export type MarketSymbol = string;

/** Quote assets we can split a concatenated symbol on, longest first so `FDUSD` wins over `USD`. */
const KNOWN_QUOTES = ['FDUSD', 'USDT', 'USDC', 'BUSD', 'TUSD', 'EUR', 'TRY', 'BTC', 'ETH', 'BNB', 'USD'] as const;

export type SymbolParse =
  | { readonly ok: true; readonly symbol: MarketSymbol; readonly base: string; readonly quote: string }
  | { readonly ok: false; readonly error: string };

/**
 * Accepts `BTC/USDT`, `BTCUSDT`, `btc-usdt`, `btc_usdt` (and a bare `BTC`) and returns `BTC/USDT`;
 * `btc/usdt:usdt` is the perpetual `BTC/USDT:USDT`.
 * Pure syntax: whether the market exists is the venue's business.
 */
export function parseSymbol(input: string): SymbolParse {
  const raw = input.trim().toUpperCase();
  const bad = (): SymbolParse => ({
    ok: false,
    error: `bad symbol "${input}": use BASE/QUOTE, e.g. BTC/USDT, BTCUSDT or btc-usdt`,
  });
  if (raw.length === 0 || raw.length > 32) return bad();
  // A perpetual in ccxt's form, `BTC/USDT:USDT` (settled in USDT), is kept whole.
  const perp = /^([A-Z0-9]{1,15})[/\-_]([A-Z0-9]{1,15}):([A-Z0-9]{1,15})$/.exec(raw);
  if (perp) return { ok: true, symbol: `${perp[1]}/${perp[2]}:${perp[3]}`, base: perp[1], quote: perp[2] };
  const parts = raw.split(/[/\-_:]/);
  if (parts.length === 2) {
    const [base, quote] = parts;
    if (!isAsset(base) || !isAsset(quote)) return bad();
    return { ok: true, symbol: `${base}/${quote}`, base, quote };
  }
  if (parts.length !== 1 || !isAsset(raw)) return bad();
  for (const quote of KNOWN_QUOTES) {
    if (raw.endsWith(quote) && raw.length > quote.length) {
      const base = raw.slice(0, raw.length - quote.length);
      return { ok: true, symbol: `${base}/${quote}`, base, quote };
    }
  }
  // A bare asset means its USDT market, as on the exchanges' own search boxes.
  if (raw.length <= 10 && /^[A-Z][A-Z0-9]*$/.test(raw)) return { ok: true, symbol: `${raw}/USDT`, base: raw, quote: 'USDT' };
  return bad();
}

function isAsset(s: string): boolean {
  return /^[A-Z0-9]{1,15}$/.test(s);
}

/** `BTC/USDT` -> `BTCUSDT` (Binance's wire form). */
export function toExchangeId(symbol: MarketSymbol): string {
  return symbol.replace('/', '');
}

export function baseOf(symbol: MarketSymbol): string {
  return symbol.slice(0, symbol.indexOf('/'));
}

export function quoteOf(symbol: MarketSymbol): string {
  // The last one is kept: a replay values every fill's fee (fill-fee.ts), nearly all of one
  // market, and cutting the quote out each time was a tenth of folding a fill.
  if (symbol === lastQuoted) return lastQuote;
  const colon = symbol.indexOf(':');
  lastQuote = symbol.slice(symbol.indexOf('/') + 1, colon === -1 ? undefined : colon);
  lastQuoted = symbol;
  return lastQuote;
}
let lastQuoted = '';
let lastQuote = '';

/** Capitals, digits, `-`, `.` and `/`: texts whose order by code unit is `localeCompare`'s (see `compareSymbols`). */
const CODE_UNIT_ORDERED = /^[A-Z0-9./-]*$/;

/**
 * The order of `a.localeCompare(b)` (-1, 0 or 1), for sorting symbols and coins. WHY: the first
 * `localeCompare` of a process loads ICU's collator, about 10 ms before the first frame, to
 * sort `BTC/USDT` and `ETH/USDT`. Over capitals, digits, `-`, `.` and `/` (in that order
 * there and by code unit: punctuation, then digits, then letters) and with no character
 * ignored, it is plain code-unit order; any other text (a perpetual's `:`, lower case, an
 * accent) is compared by `localeCompare` itself. test/domain/symbols.test.ts checks the two agree.
 */
export function compareSymbols(a: string, b: string): number {
  if (!CODE_UNIT_ORDERED.test(a) || !CODE_UNIT_ORDERED.test(b)) return Math.sign(a.localeCompare(b));
  return a < b ? -1 : a > b ? 1 : 0;
}
