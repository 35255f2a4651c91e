import type { EntryOptions } from './open-session.js';

/** The flags that choose a session: the CLI's global options have them, and so does an EntryOptions (`run --exchange ...`, the daemon's own). */
export type SessionFlags = Pick<EntryOptions, 'exchange' | 'venues' | 'seed' | 'sandboxUrl' | 'testnet' | 'live' | 'iUnderstandLive' | 'noPersist' | 'futures'>;

/**
 * The flags that choose a session, written back as arguments (what `daemon start` gives the
 * daemon it spawns, which reads them with cli/global-options.ts extractGlobalOptions again): every field of
 * EntryOptions but the data directory and exchangeGiven, so none is dropped on the way.
 */
export function sessionArgv(g: SessionFlags): string[] {
  return [
    ...(g.venues ? ['--venues', g.venues.join(',')] : g.exchange !== 'sim' ? ['--exchange', g.exchange] : []),
    ...(g.seed !== undefined ? ['--seed', String(g.seed)] : []),
    ...(g.sandboxUrl ? ['--sandbox-url', g.sandboxUrl] : []),
    ...(g.testnet ? ['--testnet'] : []),
    ...(g.live ? ['--live'] : []),
    ...(g.iUnderstandLive ? ['--i-understand-live'] : []),
    ...(g.noPersist ? ['--no-persist'] : []),
    ...(g.futures ? ['--futures'] : []),
  ];
}
