import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { DIALOG_KEYS } from '../../source/ui/keymap.js';
import { moveQuitSelection, quitDialogKey } from '../../source/ui/overlays/quit-dialog.js';
import { settle, unmountAfterEach, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
unmountAfterEach();
after(async () => {
  for (const s of sessions) await s.close();
});

async function setup(attached = false) {
  const base = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  sessions.push(base);
  base.dispatch([{ type: 'strategy/status', data: { strategyId: 'sma-cross-BTCUSDT-1', name: 'sma-cross', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: {} } }]);
  const session: Session = attached ? { ...base, attachedTo: { pid: 4242 } } : base;
  const choices: string[] = [];
  const ui = render(<App session={session} color={false} size={{ columns: 160, rows: 50 }} now={() => Date.UTC(2026, 0, 1, 12)} onQuit={(c) => choices.push(c)} />);
  await untilListening(ui.stdin);
  await settle();
  return { choices, ...ui };
}

async function press(stdin: { write(s: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await settle(15);
  }
}

test('q with a strategy running asks: keep in the background, stop, or cancel; Esc cancels', async () => {
  const { lastFrame, stdin, choices } = await setup();
  await press(stdin, 'q');
  const f = lastFrame()!;
  assert.match(f, /Quit atapi\? 1 strategy is running/);
  assert.match(f, /sma-cross-BTCUSDT-1/);
  assert.match(f, /› k {2}keep them running in the background/);
  // No command of its own to attach again: plain "atapi" is wrong after --data-dir or --exchange
  // (the quit prints the one that attaches, flags and all).
  const words = f.replace(/[║│╔╗╚╝═]/g, ' ').replace(/\s+/g, ' ');
  assert.doesNotMatch(words, /attach again with atapi\)/);
  assert.match(words, /the command to attach again is printed on quitting/);
  assert.match(f, /s {2}stop them and quit/);
  await press(stdin, '\u001b');
  assert.doesNotMatch(lastFrame()!, /Quit atapi\?/);
  assert.deepEqual(choices, []);
});

test('the quit question: k keeps them running (the daemon takes over)', async () => {
  const { stdin, choices } = await setup();
  await press(stdin, 'q', 'k');
  assert.deepEqual(choices, ['keep']);
});

test('the quit question: ↓ Enter stops them', async () => {
  const { stdin, choices } = await setup();
  await press(stdin, 'q', '\u001b[B', '\r');
  assert.deepEqual(choices, ['stop']);
});

test('attached to a daemon, the status bar says so and q detaches without asking', async () => {
  const { lastFrame, stdin, choices } = await setup(true);
  assert.match(lastFrame()!, /attached to daemon \(pid 4242\)/);
  assert.match(lastFrame()!, /q detach/);
  await press(stdin, 'q');
  assert.doesNotMatch(lastFrame() ?? '', /Quit atapi\?/);
  assert.deepEqual(choices, []);
});

test('quit dialog keys: mapping and the ? list', () => {
  assert.deepEqual(quitDialogKey('', { return: true }, 1), { kind: 'decide', choice: 'stop' });
  assert.deepEqual(quitDialogKey('c', {}, 0), { kind: 'decide', choice: 'cancel' });
  assert.deepEqual(quitDialogKey('', { upArrow: true }, 0), { kind: 'move', by: -1 });
  assert.equal(moveQuitSelection(0, -1), 0);
  assert.equal(moveQuitSelection(2, 1), 2);
  assert.ok(DIALOG_KEYS.some((k) => k.dialog === 'quit with strategies' && /keep running/.test(k.description)));
});
