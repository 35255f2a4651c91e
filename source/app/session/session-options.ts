import type { TradingMode } from '../../domain/index.js';
import type { StorageFs } from '../../adapters/storage/storage-fs.js';
import type { VenuePort } from '../../engine/ports.js';
import type { RiskLimits } from '../../engine/risk.js';
import type { VenueChoice } from './venues.js';

/** How a session is opened (`createSession`): the exchange, the ledger, the clock, the limits. */
export interface SessionOptions {
  /** `sim` (default) or a ccxt exchange id. */
  readonly exchange?: string;
  /**
   * Several venues in one session (`--venues sim,sim2`): the first is the session's own
   * (`exchange`), the others trade beside it on the same ledger. Absent or one: `exchange` alone.
   */
  readonly venues?: readonly string[];
  readonly mode?: TradingMode;
  /** Seed of the simulated market; default: time-based. */
  readonly seed?: number;
  readonly dataDir?: string;
  /** False keeps everything in memory (nothing read or written on disk). */
  readonly persist?: boolean;
  readonly clock?: () => number;
  /** Market update period of the simulated exchange (ms); 0 = no timer. */
  readonly tickMs?: number;
  readonly extraSymbols?: number;
  readonly limits?: Partial<RiskLimits>;
  /** How often the protection watcher checks prices between fills (ms; app/protect/); 0 = on fills only. */
  readonly protectIntervalMs?: number;
  readonly venue?: VenuePort;
  /** How often subscribers may be notified (ms). */
  readonly notifyIntervalMs?: number;
  readonly fsync?: boolean;
  /** The disk the ledger is kept on (default: the real one); the fault simulator passes its own. */
  readonly fs?: StorageFs;
  /** Name of the ledger directory (default: exchange, plus mode for testnet and live). */
  readonly ledgerName?: string;
  /** Exchange-specific settings passed through to the venue factory (testnet, sandbox URL, ...). */
  readonly venueConfig?: Partial<VenueChoice>;
  /**
   * Whether strategy instances the ledger has as running resume now (default true). A
   * one-shot command (`atapi balance`) passes false: it must not trade while it looks.
   */
  readonly resumeStrategies?: boolean;
  /** Progress lines of strategy orders (placed, refused, held). */
  readonly onStrategyOrder?: (text: string) => void;
  /** Longest one strategy call may run (ms) before the instance is stopped (setting strategy.timeBudgetMs). */
  readonly strategyBudgetMs?: number;
  /** What a grid does when its price leaves its range: the setting grid.outOfRange (default stop). */
  readonly gridOutOfRange?: 'stop' | 'hold';
  /** A signal id acted on is ignored when sent again within this many seconds (setting signals.dedupeSeconds). */
  readonly signalDedupeSeconds?: number;
  /** What the entry had to say before the session opened (a daemon beside it on another ledger), put before the ledger's own in `reports`. */
  readonly startReports?: readonly string[];
  /** See Session.daemonStart. */
  readonly daemonStart?: string;
}
