import { describeAge, ResponseCache } from './response-cache.js';

export type Fetch = (url: string, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface CoinGeckoOptions {
  /** e.g. https://api.coingecko.com/api/v3 (tests point it at a loopback server). */
  readonly baseUrl: string;
  readonly apiKey?: string;
  /** Pro plan: the key goes in `x-cg-pro-api-key` (and the base URL is the pro host). */
  readonly pro?: boolean;
  readonly fetch?: Fetch;
  /** Injected so tests never wait for real. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly timeoutMs?: number;
  readonly cache?: ResponseCache;
  /** Told about each retry (for the progress line). */
  readonly onRetry?: (message: string) => void;
}

export class CoinGeckoError extends Error {
  constructor(
    message: string,
    readonly kind: 'network' | 'http' | 'body' | 'rate-limit',
    readonly status?: number,
    /** CoinGecko's own `error_code` in the answer (10012: beyond the plan's time range), when it gave one. */
    readonly apiCode?: number,
  ) {
    super(message);
  }
}

export interface Fetched<T> {
  readonly body: T;
  /** Set when the answer came from the disk cache. */
  readonly cachedAgeMs?: number;
  /** Why a stale cached answer was used instead of a fresh one. */
  readonly staleBecause?: string;
}

const MAX_429 = 3;
const MAX_5XX = 2;
const MAX_WAIT_MS = 120_000;

/**
 * A small CoinGecko client: retries 429 after the server's Retry-After and 5xx with backoff,
 * reports truncated or invalid bodies clearly, caches every answer on disk with a freshness
 * time, and answers from a stale cache (saying how old) when the network fails.
 */
export class CoinGeckoClient {
  private readonly fetchFn: Fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly o: CoinGeckoOptions) {
    this.fetchFn = o.fetch ?? (fetch as unknown as Fetch);
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = o.now ?? Date.now;
  }

  async get<T>(pathAndQuery: string, freshMs: number, validate: (body: unknown) => body is T): Promise<Fetched<T>> {
    const key = `${this.o.baseUrl}${pathAndQuery}`;
    const cached = this.o.cache?.read<T>(key);
    if (cached && this.now() - cached.fetchedAt < freshMs && validate(cached.body)) return { body: cached.body, cachedAgeMs: this.now() - cached.fetchedAt };
    try {
      const body = await this.fetchJson(pathAndQuery, validate);
      this.o.cache?.write(key, body, this.now());
      return { body };
    } catch (err) {
      if (cached && validate(cached.body) && err instanceof CoinGeckoError && err.kind !== 'http') {
        const age = this.now() - cached.fetchedAt;
        return { body: cached.body, cachedAgeMs: age, staleBecause: `${err.message}; using cached data from ${describeAge(age)} ago` };
      }
      throw err;
    }
  }

  private async fetchJson<T>(pathAndQuery: string, validate: (body: unknown) => body is T): Promise<T> {
    const url = `${this.o.baseUrl}${pathAndQuery}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.o.apiKey) headers[this.o.pro ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key'] = this.o.apiKey;
    let limited = 0;
    let failed = 0;
    let badBodies = 0;
    for (;;) {
      let res;
      let text: string;
      try {
        res = await this.fetchFn(url, { headers, signal: AbortSignal.timeout(this.o.timeoutMs ?? 8_000) });
        text = await res.text();
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        const why = e.name === 'TimeoutError' ? 'timed out' : e.cause?.code ?? e.message;
        throw new CoinGeckoError(`CoinGecko unreachable (${why})`, 'network');
      }
      if (res.status === 429) {
        if (++limited > MAX_429) throw new CoinGeckoError(`CoinGecko rate limit: still refused after ${MAX_429} waits; try again later or set ATAPI_COINGECKO_API_KEY`, 'rate-limit', 429);
        const wait = retryAfterMs(res.headers.get('retry-after'), this.now()) ?? 30_000 * limited;
        this.o.onRetry?.(`rate limited by CoinGecko; waiting ${Math.ceil(wait / 1000)} s as it asks`);
        await this.sleep(Math.min(wait, MAX_WAIT_MS));
        continue;
      }
      if (res.status >= 500) {
        if (++failed > MAX_5XX) throw new CoinGeckoError(`CoinGecko server error ${res.status} (after ${MAX_5XX} retries)`, 'http', res.status);
        this.o.onRetry?.(`CoinGecko answered ${res.status}; retrying`);
        await this.sleep(1_000 * 2 ** (failed - 1));
        continue;
      }
      if (res.status !== 200) {
        const said = refusalOf(text);
        throw new CoinGeckoError(`CoinGecko refused ${pathAndQuery.split('?')[0]}: ${res.status} ${said.text}`, 'http', res.status, said.code);
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        if (++badBodies > 1) throw new CoinGeckoError(`CoinGecko sent a truncated or invalid response for ${pathAndQuery.split('?')[0]} (${text.length} bytes)`, 'body');
        this.o.onRetry?.('CoinGecko sent a broken response; retrying');
        continue;
      }
      if (!validate(body)) throw new CoinGeckoError(`CoinGecko sent an unexpected response for ${pathAndQuery.split('?')[0]}`, 'body');
      return body;
    }
  }
}

function retryAfterMs(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const s = Number(value);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

type Status = { error_message?: string; error_code?: number };

/** CoinGecko's refusal as it wrote it: its message, and its `error_code` when there is one. */
function refusalOf(text: string): { readonly text: string; readonly code?: number } {
  try {
    const j = JSON.parse(text) as { error?: string | { status?: Status }; status?: Status };
    const status = typeof j.error === 'object' ? j.error?.status : j.status;
    const msg = typeof j.error === 'string' ? j.error : status?.error_message;
    if (msg) return { text: msg, ...(typeof status?.error_code === 'number' ? { code: status.error_code } : {}) };
  } catch {
    /* not JSON */
  }
  return { text: text.slice(0, 120) };
}
