import fs from 'node:fs';
import path from 'node:path';
import type { Undelivered } from './notifier.js';
import { NOTIFY_KINDS, type Notification } from './notify-kinds.js';

/** Notifications a stopping daemon could not deliver, kept for the next start (mode 0600). */
export const PENDING_FILE = 'notify-pending.json';

/**
 * Takes the notifications the last run left (and removes the file, so they are sent once).
 * A damaged file is set aside beside itself rather than read or lost: notifications are not
 * the record (the ledger is), so a bad one never stops the daemon.
 */
export function takePending(dataDir: string, log: (event: string, fields?: Record<string, unknown>) => void): Undelivered {
  const file = path.join(dataDir, PENDING_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  fs.rmSync(file, { force: true });
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    const out: Undelivered = {};
    for (const [channel, list] of Object.entries(parsed)) if (Array.isArray(list)) out[channel] = list.filter(isNotification);
    return out;
  } catch (err) {
    fs.writeFileSync(`${file}.damaged`, text, { mode: 0o600 });
    log('notify-pending-damaged', { file: `${file}.damaged`, error: (err as Error).message });
    return {};
  }
}

/** Keeps what was not delivered for the next start; nothing to keep, no file. */
export function keepPending(dataDir: string, left: Undelivered, log: (event: string, fields?: Record<string, unknown>) => void): void {
  const count = Object.values(left).reduce((n, l) => n + l.length, 0);
  if (count === 0) return;
  try {
    fs.writeFileSync(path.join(dataDir, PENDING_FILE), JSON.stringify(left), { mode: 0o600 });
    log('notify-pending-kept', { count, channels: Object.keys(left) });
  } catch (err) {
    log('notify-undelivered', { count, error: (err as Error).message });
  }
}

function isNotification(n: unknown): n is Notification {
  const x = n as Partial<Notification> | null;
  return typeof x === 'object' && x !== null && typeof x.text === 'string' && typeof x.silent === 'boolean' && typeof x.ts === 'number' && (NOTIFY_KINDS as readonly unknown[]).includes(x.kind);
}
