import assert from 'node:assert/strict';
import type { Session } from '../../../source/app/session/session.js';
import type { DaemonServer } from '../../../source/app/daemon/daemon-server.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../../source/app/api/api-server.js';
import { readToken } from '../../../source/app/api/api-token.js';
import { inProcessDaemon } from '../../helpers/daemon.js';

export interface ApiFixture {
  readonly dir: string;
  readonly session: Session;
  readonly daemon: DaemonServer;
  readonly api: ApiServer;
  readonly token: string;
  /**
   * A request with the token (or `auth` as given: null for none). The body is JSON read by the
   * assertions field by field, hence untyped here (and only here).
   */
  call(method: string, path: string, o?: { body?: unknown; raw?: string; auth?: string | null; type?: string }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** A session served by the daemon's socket server and the API on port 0, in a temp data dir. */
export async function apiFixture(o: Partial<ApiServerOptions> & { session?: (s: Session) => Session; fsync?: boolean } = {}): Promise<ApiFixture> {
  const { session: real, server: daemon, dir } = await inProcessDaemon(5, { fsync: o.fsync });
  const session = o.session ? o.session(real) : real;
  const api = await startApiServer(session, { ...o, port: 0, dataDir: dir, status: () => daemon.status() });
  const token = readToken(dir, 'api');
  assert.ok(token, 'the API made its token at start');
  return {
    dir, session: real, daemon, api, token,
    async call(method, path, c = {}) {
      const auth = c.auth === undefined ? token : c.auth;
      const headers: Record<string, string> = {};
      if (auth !== null) headers.authorization = `Bearer ${auth}`;
      const body = c.raw ?? (c.body === undefined ? undefined : JSON.stringify(c.body));
      if (body !== undefined) headers['content-type'] = c.type ?? 'application/json';
      const res = await fetch(`${api.url}${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    async close() {
      await api.close('test over');
      await daemon.close('test over');
      await real.close();
    },
  };
}

/**
 * Waits until `ok` holds, for a condition a timer brings about (a request timeout, a socket's
 * close): test/helpers/daemon.ts's `until` counts turns of the loop, which pass quicker than any
 * timer. Never asserts a duration: the deadline is only a generous bound on a hang.
 */
export async function eventually(ok: () => boolean, what: string, turns = 20_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, i < 100 ? 0 : 5));
  }
  assert.fail(`never happened: ${what}`);
}
