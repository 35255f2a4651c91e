import type { EventEmitter } from 'node:events';

/** Lets Ink and React process input and effects: turns of the event loop, not wall-clock time. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

/**
 * Waits until the app listens to its keyboard. Ink attaches the listener in a passive effect,
 * which React may run some turns after the first frame on a loaded machine: a key written
 * before then is lost, and the test would fail for no fault of the app.
 */
export async function untilListening(stdin: EventEmitter, maxTurns = 2_000): Promise<void> {
  for (let i = 0; i < maxTurns && stdin.listenerCount('readable') === 0; i++) await settle(1);
  if (stdin.listenerCount('readable') === 0) throw new Error('the app never listened to its keyboard');
}
