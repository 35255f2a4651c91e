import { randomBytes } from 'node:crypto';
import { futuresError } from './futures-errors.js';

/** Binance: a listen key lives 60 minutes after its creation or last keepalive. */
export const LISTEN_KEY_TTL_MS = 60 * 60_000;

interface Entry {
  readonly apiKey: string;
  readonly listenKey: string;
  expiresAt: number;
}

/**
 * USD-M user-data stream keys: one per API key (asking again while it lives returns the same
 * key and extends it, as Binance does); keepalive extends it; an expired key is reported once
 * to whoever listens on it.
 */
export class ListenKeys {
  private readonly byApiKey = new Map<string, Entry>();
  private readonly byListenKey = new Map<string, Entry>();

  constructor(private readonly clock: () => number) {}

  create(apiKey: string): string {
    const now = this.clock();
    const live = this.byApiKey.get(apiKey);
    if (live && live.expiresAt > now) {
      live.expiresAt = now + LISTEN_KEY_TTL_MS;
      return live.listenKey;
    }
    if (live) this.remove(live);
    const e: Entry = { apiKey, listenKey: randomBytes(32).toString('hex'), expiresAt: now + LISTEN_KEY_TTL_MS };
    this.byApiKey.set(apiKey, e);
    this.byListenKey.set(e.listenKey, e);
    return e.listenKey;
  }

  keepAlive(apiKey: string): string {
    const e = this.byApiKey.get(apiKey);
    if (!e || e.expiresAt <= this.clock()) throw futuresError(-1125, 'create one with POST /fapi/v1/listenKey');
    e.expiresAt = this.clock() + LISTEN_KEY_TTL_MS;
    return e.listenKey;
  }

  /** Ends the API key's listen key; returns it, or undefined when there was none. */
  close(apiKey: string): string | undefined {
    const e = this.byApiKey.get(apiKey);
    if (e) this.remove(e);
    return e?.listenKey;
  }

  /** The API key a live listen key belongs to, or undefined. */
  owner(listenKey: string): string | undefined {
    const e = this.byListenKey.get(listenKey);
    return e && e.expiresAt > this.clock() ? e.apiKey : undefined;
  }

  /** Keys that expired by `now`, forgotten as they are returned. */
  expire(now: number): string[] {
    const out: string[] = [];
    for (const e of [...this.byListenKey.values()]) {
      if (e.expiresAt > now) continue;
      out.push(e.listenKey);
      this.remove(e);
    }
    return out;
  }

  private remove(e: Entry): void {
    this.byApiKey.delete(e.apiKey);
    this.byListenKey.delete(e.listenKey);
  }
}
