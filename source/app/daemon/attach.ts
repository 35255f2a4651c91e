import type { EntryOptions } from '../open-session.js';
import { daemonStatusOrNone } from './daemon-client.js';
import { socketToTry } from './daemon-files.js';
import { attachDaemon, type RemoteSession } from './remote-session.js';

/**
 * The daemon's session when a daemon runs on this data directory with the venue and mode
 * asked for (the same ledger): terminals attach to it instead of refusing "ledger in use".
 * Undefined when none runs, or it trades another ledger (then the caller opens its own).
 */
export async function attachIfRunning(o: EntryOptions, env: NodeJS.ProcessEnv, onError?: (message: string) => void, notifyIntervalMs?: number): Promise<RemoteSession | undefined> {
  if (o.noPersist) return undefined;
  const s = await daemonStatusOrNone(o.dataDir, env);
  if (!s || s.stopping || s.venue !== o.exchange) return undefined;
  const modeAsked = o.live ? s.mode === 'live' : o.testnet ? s.mode === 'testnet' : s.mode !== 'live';
  if (!modeAsked) return undefined;
  return attachDaemon(socketToTry(o.dataDir, env), { onError, notifyIntervalMs });
}
