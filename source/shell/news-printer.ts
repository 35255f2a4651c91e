import { createActivityLog, type ActivityEntry } from '../app/activity/activity-log.js';
import type { VenueId } from '../domain/index.js';
import type { Store } from '../store/index.js';
import { paint } from '../format/format.js';

/**
 * What happens between commands (fills, alerts going off, refusals, strategy news, the link
 * going down and up), printed by the shell in the Log tab's words: both read the one activity
 * log. While a command runs its news waits, so nothing lands inside the command's output, and
 * the lines about the orders that command placed itself, or that the checks refused, and
 * about the strategy instances it started or stopped are dropped: its output said it.
 */
export interface NewsPrinter {
  /** A command begins: news waits until it is done. */
  hold(): void;
  /**
   * The command is done: the news it did not cause is shown, in the order it came. `cancelled`:
   * the orders whose cancel its answer told (not said again, even when the line comes later, as
   * an attached terminal may hear the daemon's events after its answer).
   */
  release(cancelled?: readonly string[]): void;
  stop(): void;
}

/** One line as the shell prints it: `12:01:03 filled: order 3 buy 0.01 BTC/USDT at 104,902.70`. */
export function newsLine(e: ActivityEntry, color: boolean): string {
  const text = e.level === 'error' ? paint(e.text, 'red', color) : e.level === 'warn' ? paint(e.text, 'yellow', color) : e.level === 'good' ? paint(e.text, 'green', color) : e.text;
  return `${paint(new Date(e.ts).toISOString().slice(11, 19), 'dim', color)} ${text}`;
}

/**
 * Follows the session's activity and hands each line to `show` (several at once after a
 * command). `show` decides where they go: above the prompt, or on stderr when piped.
 */
export function startNewsPrinter(store: Store, venue: VenueId, show: (entries: readonly ActivityEntry[]) => void): NewsPrinter {
  const log = createActivityLog(store, venue);
  let held: ActivityEntry[] | undefined;
  // Orders the running command made: not a strategy's, and first heard of while it ran.
  let own = new Set<string>();
  // Cancels a command's answer told whose line had not come by its end: dropped when it comes.
  const told = new Set<string>();
  const stopFollowing = log.follow((entry) => {
    if (entry.cancelOf !== undefined && told.delete(entry.cancelOf)) return;
    if (held) held.push(entry);
    else show([entry]);
  });
  const stopObserving = store.observe((batch) => {
    if (!held) return;
    for (const env of batch) {
      const e = env.event;
      if (e.type === 'order/submitted' && e.data.order.strategyId === undefined) own.add(e.data.order.id);
      // A refusal with no submission before it (an amend's replacement) is the command's too.
      else if (e.type === 'order/rejected' && !store.getState().ledger.orders[e.data.id]) own.add(e.data.id);
    }
  });
  return {
    hold() {
      held = [];
      own = new Set();
    },
    release(cancelled = []) {
      const heard = new Set((held ?? []).flatMap((e) => (e.cancelOf === undefined ? [] : [e.cancelOf])));
      for (const id of cancelled) if (!heard.has(id)) told.add(id);
      // Bounded: a line that never comes (a cancel answered from the state already) is not waited for forever.
      for (const id of told) if (told.size > 100) told.delete(id);
      // A refusal, or an instance starting or stopping, while the command ran is the command's (its output said it), and so are the cancels it told.
      const lines = (held ?? []).filter((e) => !e.refused && e.statusOf === undefined && (e.orderId === undefined || !own.has(e.orderId)) && (e.cancelOf === undefined || !cancelled.includes(e.cancelOf)));
      held = undefined;
      if (lines.length) show(lines);
    },
    stop() {
      stopFollowing();
      stopObserving();
      log.stop();
    },
  };
}
