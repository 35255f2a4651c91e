import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { tmpDir } from '../helpers/tmp.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';

const NOON = Date.UTC(2026, 11, 9, 12);
const [UP, DOWN, LEFT, HOME, END] = ['\u001b[A', '\u001b[B', '\u001b[D', '\u001b[H', '\u001b[F'];
const CTRL_U = '\u0015';
const CTRL_W = '\u0017';
const CTRL_K = '\u000b';

/** The command line's row: the prompt, the text before the cursor, the bar, the text after it. */
const promptLine = (frame: string): string => frame.split('\n').find((l) => l.startsWith(':')) ?? '';

test(': line: history from the shell\'s file and of earlier opens (↑/↓), cursor moves and edits, Tab adds a space', async () => {
  const dir = tmpDir();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'shell_history'), 'tickers\nbalance\n');
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ dataDir: dir, venue, clock: () => NOON, notifyIntervalMs: 0, fsync: false });
  try {
    const ui = render(<App session={s} color={false} size={{ columns: 100, rows: 30 }} now={() => NOON} />);
    await untilListening(ui.stdin);
    await settle();
    await typeKeys(ui, [':', UP]);
    assert.equal(promptLine(ui.lastFrame()!), ':balance▏', 'the shell\'s last line first');
    await typeKeys(ui, [UP]);
    assert.equal(promptLine(ui.lastFrame()!), ':tickers▏');
    await typeKeys(ui, [DOWN, DOWN]);
    assert.equal(promptLine(ui.lastFrame()!), ':▏', 'back to the line being typed');
    await typeKeys(ui, [...'alerts', '\r']);
    assert.match(ui.lastFrame()!, /no alerts/);
    await typeKeys(ui, ['\u001b', ':', UP]);
    assert.equal(promptLine(ui.lastFrame()!), ':alerts▏', 'kept across opens');
    assert.match(fs.readFileSync(path.join(dir, 'shell_history'), 'utf8'), /\nalerts\n$/, 'and in the shell\'s history file');
    // Edit in the middle: Home, type, End; Ctrl-W, Ctrl-U, Ctrl-K.
    await typeKeys(ui, [CTRL_U, ...'tiker BTC/USDT']);
    await typeKeys(ui, [HOME, RIGHT_N(2), 'c', END]);
    assert.equal(promptLine(ui.lastFrame()!), ':ticker BTC/USDT▏');
    await typeKeys(ui, [CTRL_W]);
    assert.equal(promptLine(ui.lastFrame()!), ':ticker ▏');
    await typeKeys(ui, [...'ET', '\t']);
    assert.equal(promptLine(ui.lastFrame()!), ':ticker ETH/USDT ▏', 'Tab completes the symbol and adds a space');
    await typeKeys(ui, [LEFT, LEFT, LEFT, CTRL_K]);
    assert.equal(promptLine(ui.lastFrame()!), ':ticker ETH/US▏');
    await typeKeys(ui, [HOME, ...'x', CTRL_U]);
    assert.equal(promptLine(ui.lastFrame()!), ':▏ticker ETH/US');
    await typeKeys(ui, ['\u001b']);
    ui.unmount();
  } finally {
    await s.close();
  }
});

function RIGHT_N(n: number): string {
  return '\u001b[C'.repeat(n);
}

test(': with a command\'s answer open starts the next command (the keys typed after it are not lost)', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, clock: () => NOON, notifyIntervalMs: 0 });
  try {
    const ui = render(<App session={s} color={false} size={{ columns: 100, rows: 30 }} now={() => NOON} />);
    await untilListening(ui.stdin);
    await settle();
    await typeKeys(ui, [':', ...'alerts', '\r']);
    assert.match(ui.lastFrame()!, /no alerts/);
    await typeKeys(ui, [':', ...'balance']);
    assert.equal(promptLine(ui.lastFrame()!), ':balance▏');
    await typeKeys(ui, ['\r']);
    assert.match(ui.lastFrame()!, /:balance/);
    assert.match(ui.lastFrame()!, /USDT/);
    ui.unmount();
  } finally {
    await s.close();
  }
});
