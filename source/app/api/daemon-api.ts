import type { SettingValues } from '../../domain/settings.js';
import type { Session } from '../session/session.js';
import type { DaemonServer } from '../daemon/daemon-server.js';
import type { WebStatus } from './web-assets.js';
import { isLoopback, startApiServer, type ApiServer } from './api-server.js';

export interface DaemonApiOptions {
  readonly dataDir: string;
  /**
   * `--api-port N`: a number listens there (0: any free port, for tests), null serves no API;
   * undefined takes the setting api.port (where 0 means no API).
   */
  readonly port?: number | null;
  readonly settings: SettingValues | undefined;
  readonly log: (event: string, fields?: Record<string, unknown>) => void;
  /** Where a warning is printed for the person starting the daemon (its stderr). */
  readonly warn: (line: string) => void;
}

/**
 * The daemon's API, if asked for: on api.host (loopback unless set otherwise, with a warning),
 * serving the daemon's session and its status. Undefined when no port is set.
 */
export async function startDaemonApi(session: Session, server: DaemonServer, o: DaemonApiOptions): Promise<ApiServer | undefined> {
  const port = o.port === undefined ? o.settings?.['api.port'] || null : o.port;
  if (port === null) return undefined;
  const host = o.settings?.['api.host'] ?? '127.0.0.1';
  if (!isLoopback(host)) {
    const line = `warning: the daemon API listens on ${host}, reachable from other machines: anyone with the token can trade; prefer 127.0.0.1 and an SSH tunnel`;
    o.log('api-exposed', { host });
    o.warn(line);
  }
  const web: WebStatus = { webCommands: o.settings?.['api.webCommands'] === 'on' };
  return startApiServer(session, { host, port, dataDir: o.dataDir, status: () => ({ ...server.status(), ...web }), log: o.log });
}
