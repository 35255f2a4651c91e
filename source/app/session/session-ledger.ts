import fs from 'node:fs';
import path from 'node:path';
import { UserError, type DomainEvent, type Envelope, type TradingMode } from '../../domain/index.js';
import { lockDir } from '../../adapters/storage/dir-lock.js';
import { makePrivateDir } from '../../adapters/storage/private-dir.js';
import { openLedger, LOG_FILE } from '../../adapters/storage/ledger-files.js';
import { scanLog } from '../../adapters/storage/read-log.js';
import { tailLog } from '../../adapters/storage/tail-log.js';
import type { StorageFs } from '../../adapters/storage/storage-fs.js';
import { MemoryEventLog } from '../../store/index.js';
import { checkDataDir, defaultDataDir } from './data-dir.js';
import type { HistoryFilter, SessionOptions } from './session-types.js';

/** Where a session's record lives: a ledger directory it holds the lock of, or memory. */
export interface SessionLedger {
  readonly dataDir?: string;
  readonly ledgerDir?: string;
  /** The opened ledger (state, log, snapshots); absent in memory. */
  readonly ledger?: ReturnType<typeof openLedger>;
  /** The in-memory log, used when nothing is persisted. */
  readonly memory: MemoryEventLog;
  /** Gives the ledger directory's lock up (a no-op in memory or on an injected disk). */
  readonly release: () => void;
}

/**
 * Resolves, locks and opens the session's ledger: `ledgers/<exchange>` in the data directory
 * (plus the mode for testnet and live, so paper and real money never share one).
 */
export function openSessionLedger(options: SessionOptions, exchange: string, mode: TradingMode): SessionLedger {
  const persist = options.persist ?? true;
  const dataDir = persist ? path.resolve(options.dataDir ?? defaultDataDir()) : undefined;
  const ledgerDir = dataDir ? ledgerDirOf(dataDir, exchange, mode, options.ledgerName) : undefined;

  if (dataDir && !options.fs) checkDataDir(dataDir);
  // An injected disk (the fault simulator's) belongs to one process: no lock on the real one.
  const release = ledgerDir && !options.fs ? lockDir(ensureDir(ledgerDir)) : () => undefined;
  const memory = new MemoryEventLog();
  try {
    const ledger = ledgerDir ? openLedger(ledgerDir, { fsync: options.fsync, fs: options.fs }) : undefined;
    return { dataDir, ledgerDir, ledger, memory, release };
  } catch (err) {
    release();
    throw err;
  }
}

/** A ledger's directory in a data directory: `ledgers/<exchange>`, plus the mode for testnet and live. */
export function ledgerDirOf(dataDir: string, exchange: string, mode: TradingMode, name?: string): string {
  return path.join(dataDir, 'ledgers', ledgerName(name) ?? defaultLedgerName(exchange, mode));
}

/** A venue's ledger name: paper trading keeps the exchange's name, real money adds the mode. */
export function defaultLedgerName(exchange: string, mode: TradingMode): string {
  return mode === 'paper' || exchange === 'sim' ? exchange : `${exchange}-${mode}`;
}

/** The recorded events, oldest first, read back from the log on disk (or memory). */
export function readHistory(l: { readonly ledgerDir?: string; readonly memory?: MemoryEventLog }, filter: HistoryFilter, disk?: StorageFs): Envelope[] {
  const out: Envelope[] = [];
  const after = filter.after ?? 0;
  const keep = (e: Envelope): boolean => e.seq > after && (!filter.type || e.event.type === filter.type || e.event.type.startsWith(`${filter.type}/`)) && (filter.order === undefined || orderIdOf(e.event) === filter.order);
  if (l.ledgerDir && filter.limit) {
    // The last N from the end of the file; the whole scan only where the tail does not check out.
    const tail = tailLog(path.join(l.ledgerDir, LOG_FILE), keep, filter.limit, disk);
    if (tail) return tail;
  }
  if (l.ledgerDir) scanLog(path.join(l.ledgerDir, LOG_FILE), after, (batch) => out.push(...batch.filter(keep)), { fs: disk, seek: after > 0 });
  else if (l.memory) out.push(...l.memory.records.filter(keep));
  return filter.limit ? out.slice(-filter.limit) : out;
}

/** The order an event is about: its id, its order's, or its fill's (an order/refused has none: never placed). */
function orderIdOf(e: DomainEvent): string | undefined {
  if (!e.type.startsWith('order/')) return undefined;
  const d = e.data as { readonly id?: unknown; readonly order?: { readonly id?: unknown }; readonly fill?: { readonly orderId?: unknown } };
  const id = d.id ?? d.order?.id ?? d.fill?.orderId;
  return typeof id === 'string' ? id : undefined;
}

/** A ledger name is one plain directory name inside `ledgers/`, never a path out of it. */
function ledgerName(name: string | undefined): string | undefined {
  if (name !== undefined && !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(name)) throw new UserError(`bad ledger name "${name.slice(0, 40)}": use lowercase letters, digits, '.', '-' and '_' (at most 64)`);
  return name;
}

function ensureDir(dir: string): string {
  // Made here rather than in openLedger so the lock exists before anything is read.
  try {
    makePrivateDir(dir);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'a file is in the way' : e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'ENOSPC' ? 'disk full' : e.code === 'EROFS' ? 'read-only file system' : (e.code ?? e.message);
    throw new UserError(`cannot make the ledger directory ${dir}: ${why}; use --data-dir DIR with a directory you can write`);
  }
  return dir;
}
