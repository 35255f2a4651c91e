import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createSession, type Session } from '../../source/app/session/session.js';
import type { WireOrder } from '../../source/sandbox/sandbox-exchange.js';
import { startSandbox, type Sandbox } from '../../source/sandbox/sandbox-server.js';

/** How an app session over the sandbox is opened. */
export interface SandboxSessionOptions {
  /** A ledger on disk (a restart test); in memory otherwise. */
  readonly dataDir?: string;
  readonly timeoutMs?: number;
  /** The venue's warnings, as they come. */
  readonly warnings?: string[];
  /**
   * Wait until the sandbox has the session's user-data subscription: frames sent before it are
   * not replayed (as on Binance), so a test that trades wants it (default true).
   */
  readonly userData?: boolean;
}

/** The file's sandbox and what its tests do with it. */
export interface SandboxFixture {
  /** The running sandbox (from the file's `before` on). */
  readonly sbx: Sandbox;
  /** Waits for a condition on frames in flight, bounded: a failure names what never happened. */
  until(what: string, check: () => boolean, limitMs?: number): Promise<void>;
  /** An app session on the sandbox through ccxt (Binance testnet mode, BTC/USDT and ETH/USDT). */
  session(o?: SandboxSessionOptions): Promise<Session>;
  /** The sandbox's record of an order, by client order id. */
  wire(clientOrderId: string): WireOrder;
  /** Steps the sandbox market 5 s on (its own timer never fires with a long tickMs); the events. */
  step(): ReturnType<Sandbox['exchange']['step']>;
}

/**
 * One sandbox on loopback for a test file: started in `before`, closed in `after`. With
 * `tickMs: 1 << 30` the market moves only when a test steps it, so a trigger happens at a
 * step the test chose.
 */
export function withSandbox(o: { seed: number; tickMs: number }): SandboxFixture {
  let sbx: Sandbox | undefined;
  let marketTime = Date.now();
  before(async () => {
    sbx = await startSandbox({ seed: o.seed, tickMs: o.tickMs });
  });
  after(async () => {
    await sbx?.close();
  });
  const running = (): Sandbox => sbx ?? assert.fail('the sandbox is not started: use it inside a test');
  const until = async (what: string, check: () => boolean, limitMs = 10_000): Promise<void> => {
    const end = Date.now() + limitMs;
    while (!check()) {
      if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    get sbx() {
      return running();
    },
    until,
    async session(s: SandboxSessionOptions = {}): Promise<Session> {
      const x = running();
      const session = await createSession({
        exchange: 'binance',
        mode: 'testnet',
        ...(s.dataDir ? { dataDir: s.dataDir } : { persist: false }),
        venueConfig: {
          sandboxUrl: x.url, credentials: { apiKey: x.apiKey, secret: x.secret }, symbols: ['BTC/USDT', 'ETH/USDT'], timeoutMs: s.timeoutMs,
          sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))), ...(s.warnings ? { onWarning: (m: string) => s.warnings?.push(m) } : {}),
        },
      });
      if (s.userData ?? true) await until('the user-data subscription', () => x.exchange.account(x.apiKey).listeners.size > 0);
      return session;
    },
    wire: (clientOrderId) => running().exchange.findOrder(running().apiKey, new URLSearchParams({ origClientOrderId: clientOrderId })),
    step: () => running().exchange.step((marketTime += 5_000)),
  };
}
