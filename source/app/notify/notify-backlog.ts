import type { Envelope } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import type { Channel } from './delivery.js';
import type { Notification } from './notify-kinds.js';
import type { Cursor } from './notify-cursor.js';

/**
 * What each channel is owed from the ledger: the notifiable events after its mark, up to
 * `startSeq` (the observer tells the rest), bar what was recorded between the last clean stop
 * and this session's opening of the ledger (a shell's, by a trader who saw it). What this
 * process recorded before its notifier started (its venue's start: a fill while nothing ran)
 * is owed. A channel with no mark yet (new, or the first run keeping marks) owes nothing: it
 * starts at the head. Fills `marks` with where each channel stands.
 */
export async function readBacklog(session: Session, cursor: Cursor, channels: readonly Channel[], startSeq: number, tell: (env: Envelope) => Notification | undefined, marks: Record<string, number>): Promise<Notification[][]> {
  // Everything dispatched before the observer started must be on disk before it is read back.
  await session.store.whenDurable().catch(() => undefined);
  const stoppedAt = cursor.start.stoppedAt;
  /** Recorded with no daemon running: after the clean stop, before this session opened the ledger. */
  const unowed = (seq: number): boolean => stoppedAt !== undefined && seq > stoppedAt && seq <= (session.openedSeq ?? startSeq);
  for (const c of channels) {
    const m = cursor.start.channels[c.name];
    // A mark past the head is another ledger's (the directory was replaced): start at the head.
    marks[c.name] = m === undefined || m > startSeq ? startSeq : m;
    if (marks[c.name] !== m) cursor.mark(c.name, marks[c.name]!);
  }
  const lowest = Math.min(...channels.map((c) => marks[c.name]!));
  // Every channel told up to the clean stop: only this process's own start can be owed (most starts: nothing, no read).
  const from = stoppedAt !== undefined && lowest >= stoppedAt ? Math.max(lowest, session.openedSeq ?? startSeq) : lowest;
  if (from >= startSeq) return channels.map(() => []);
  const told: Notification[] = [];
  // A second halt while halted changes nothing (the ledger keeps the first): not news here either.
  let halted = false;
  for (const env of session.history({ after: from })) {
    if (env.seq > startSeq) break;
    if (env.event.type === 'trading/halted' || env.event.type === 'trading/resumed') {
      const repeat = halted && env.event.type === 'trading/halted';
      halted = env.event.type === 'trading/halted';
      if (repeat) continue;
    }
    const n = unowed(env.seq) ? undefined : tell(env);
    if (n) told.push(n);
  }
  return channels.map((c) => told.filter((n) => n.seq! > marks[c.name]!));
}

/**
 * Two lists, each already in its order, as one in time order. The ledger's own order is kept
 * whatever its timestamps say (a clock set back gives a later event an earlier time): sent out
 * of seq order, a later event's mark would pass over an earlier one still waiting.
 */
export function mergeByTime(carried: readonly Notification[], ledger: readonly Notification[]): Notification[] {
  const byTime = [...carried].sort((a, b) => a.ts - b.ts);
  const out: Notification[] = [];
  let i = 0;
  for (const n of ledger) {
    while (i < byTime.length && byTime[i]!.ts <= n.ts) out.push(byTime[i++]!);
    out.push(n);
  }
  return [...out, ...byTime.slice(i)];
}
