import { after } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { settle, typeKeys, unmountAfterEach, untilListening } from './ink.js';

/** Keys as a terminal sends them. */
export const KEYS = { SHIFT_TAB: '\u001b[Z', ENTER: '\r', ESC: '\u001b', BACKSPACE: '\u007f' } as const;

/** The whole app at 160x50 on a paper session, listening to its keyboard. */
export interface PaperApp {
  readonly session: Session;
  readonly ui: ReturnType<typeof render>;
  readonly lastFrame: () => string | undefined;
  /** Types keys one at a time, each waited for (ink.ts typeKeys). */
  press(...keys: string[]): Promise<void>;
}

/**
 * For a test file: a function that opens a paper session (seed 1, no market timer, no
 * notification delay) with the app rendered on it at a fixed time. Every session it opened is
 * closed after the file, each app unmounted after its test.
 */
export function paperApps(): () => Promise<PaperApp> {
  const sessions: Session[] = [];
  unmountAfterEach();
  after(async () => {
    for (const s of sessions) await s.close();
  });
  return async () => {
    const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
    sessions.push(session);
    const ui = render(<App session={session} color={false} size={{ columns: 160, rows: 50 }} now={() => Date.UTC(2026, 0, 1, 12)} />);
    await untilListening(ui.stdin);
    await settle();
    return { session, ui, lastFrame: ui.lastFrame, press: (...keys: string[]) => typeKeys(ui, keys) };
  };
}
