import assert from 'node:assert/strict';

/**
 * A daemon log's events (its `daemon.log`, one JSON line each) end with a clean stop: the
 * stop's own steps are the last three, and every client that attached was detached by then.
 * Client lines are left out of the order: a client's hang-up reaches the daemon when its
 * socket closes, which may be after the stop began (a one-shot command just before it, the
 * stop command itself), so where it lands among the stop's steps is a race between processes.
 */
export function assertStoppedCleanly(logText: string): void {
  const events = logText.trim().split('\n').map((l) => (JSON.parse(l) as { event: string }).event);
  const count = (event: string) => events.filter((e) => e === event).length;
  assert.deepEqual(events.filter((e) => !e.startsWith('client-')).slice(-3), ['stopping', 'settled', 'stopped'], events.join(' '));
  assert.equal(count('client-detached'), count('client-attached'), `every client detached: ${events.join(' ')}`);
}
