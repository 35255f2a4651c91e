import fs from 'node:fs';
import path from 'node:path';
import type { Undelivered } from './notifier.js';
import { NOTIFY_KINDS, type Notification } from './notify-kinds.js';

/** Notifications a stopping daemon could not deliver, kept for the next start (mode 0600). */
export const PENDING_FILE = 'notify-pending.json';

/** What a stopped daemon left: its header (which daemon, paper or live) and its notifications by channel. */
export interface Pending {
  readonly header: string;
  readonly channels: Undelivered;
}

/**
 * What the last run left, ready to send under this run's header: a notification from a daemon
 * of another kind (paper then, live now) says where it came from, so it is not read as this one's.
 */
export function carriedOver(pending: Pending | undefined, header: string): Undelivered {
  if (!pending) return {};
  if (pending.header === header) return pending.channels;
  return Object.fromEntries(Object.entries(pending.channels).map(([c, list]) => [c, list.map((n) => ({ ...n, text: `[${pending.header}] ${n.text}` }))]));
}

/**
 * Takes the notifications the last run left (and removes the file, so they are sent once).
 * A damaged file is set aside beside itself rather than read or lost: notifications are not
 * the record (the ledger is), so a bad one never stops the daemon.
 */
export function takePending(dataDir: string, log: (event: string, fields?: Record<string, unknown>) => void): Pending | undefined {
  const file = path.join(dataDir, PENDING_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  fs.rmSync(file, { force: true });
  try {
    const parsed = JSON.parse(text) as { header?: unknown; channels?: unknown };
    if (typeof parsed?.header !== 'string' || typeof parsed.channels !== 'object' || parsed.channels === null || Array.isArray(parsed.channels)) throw new Error('not a list of pending notifications');
    const channels: Undelivered = {};
    for (const [channel, list] of Object.entries(parsed.channels)) if (Array.isArray(list)) channels[channel] = list.filter(isNotification);
    return { header: parsed.header, channels };
  } catch (err) {
    fs.writeFileSync(`${file}.damaged`, text, { mode: 0o600 });
    log('notify-pending-damaged', { file: `${file}.damaged`, error: (err as Error).message });
    return undefined;
  }
}

/** Keeps what was not delivered for the next start; nothing to keep, no file. */
export function keepPending(dataDir: string, left: Pending, log: (event: string, fields?: Record<string, unknown>) => void): void {
  const count = Object.values(left.channels).reduce((n, l) => n + l.length, 0);
  if (count === 0) return;
  try {
    fs.writeFileSync(path.join(dataDir, PENDING_FILE), JSON.stringify(left), { mode: 0o600 });
    log('notify-pending-kept', { count, channels: Object.keys(left.channels) });
  } catch (err) {
    log('notify-undelivered', { count, error: (err as Error).message });
  }
}

function isNotification(n: unknown): n is Notification {
  const x = n as Partial<Notification> | null;
  return typeof x === 'object' && x !== null && typeof x.text === 'string' && typeof x.silent === 'boolean' && typeof x.ts === 'number' && (NOTIFY_KINDS as readonly unknown[]).includes(x.kind);
}
