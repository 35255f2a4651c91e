import { afterEach } from 'node:test';
import { cleanup } from 'ink-testing-library';
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

/**
 * Waits until the frame matches `re` (by turns of the event loop, never wall-clock time) and
 * returns it; the last frame is returned as it is if it never does, for the caller's assert.
 * For what lands a few renders after a promise settles (a fetch's answer), which a fixed
 * number of turns may miss on a loaded machine.
 */
export async function untilFrame(ui: { lastFrame(): string | undefined }, re: RegExp, maxTurns = 5_000): Promise<string> {
  for (let i = 0; i < maxTurns && !re.test(ui.lastFrame() ?? ''); i++) await settle(1);
  return ui.lastFrame() ?? '';
}

/**
 * Types keys one at a time into a rendered app. After each, it waits for the frame to change
 * (React renders in time slices: on a loaded machine one key's frame can take hundreds of
 * turns), then some turns more for effects; a key that changes nothing costs `maxTurns`
 * turns of the event loop, never wall-clock time.
 */
export async function typeKeys(ui: { stdin: { write(s: string): void }; lastFrame(): string | undefined }, keys: readonly string[], maxTurns = 600): Promise<void> {
  for (const k of keys) {
    const before = ui.lastFrame();
    ui.stdin.write(k);
    for (let i = 0; i < maxTurns && ui.lastFrame() === before; i++) await settle(1);
    await settle(15);
  }
}

/**
 * For a test file that renders the app in several tests: unmounts each test's apps after it.
 * A mounted app keeps redrawing (the status bar's clock, once a second), so the apps every
 * earlier test left mounted made each later one slower: ui/app.test.tsx spent 21 s of CPU
 * with them mounted against 12 s without (measured side by side).
 */
export function unmountAfterEach(): void {
  afterEach(() => cleanup());
}
