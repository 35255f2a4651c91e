import type { ChannelStatus } from '../app/notify/delivery.js';

/** One channel's queue: up to date, or what waits and why (`failing since` while the service cannot be reached). */
export function channelText(c: ChannelStatus): string {
  const waiting = c.pending === 0 ? 'up to date' : `${c.pending} waiting`;
  const failing = c.failingSince === undefined ? '' : `, failing since ${new Date(c.failingSince).toISOString().slice(11, 19)} UTC${c.lastError ? ` (${c.lastError})` : ''}`;
  return `${c.channel}: ${waiting}${failing}`;
}

/**
 * The status bar's mark while notifications cannot be delivered (`notify: webhook failing`),
 * undefined while every channel delivers: a trader who relies on them when away must see at
 * the terminal that they are not arriving (the details: `atapi daemon status`).
 */
export function notifyTrouble(channels: readonly ChannelStatus[] | undefined): string | undefined {
  const failing = (channels ?? []).filter((c) => c.failingSince !== undefined).map((c) => c.channel);
  return failing.length === 0 ? undefined : `notify: ${failing.join(', ')} failing`;
}
