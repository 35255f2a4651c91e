import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});

const TAB = '\t';
const LEFT = '\u001b[D';
const DOWN = '\u001b[B';
const PGDN = '\u001b[6~';

test('the Log tab at 80 columns: every line has its time, a long line goes on on the next row, and ↓ / PgDn scroll to the oldest', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  sessions.push(session);
  const ui = render(<App session={session} color={false} size={{ columns: 80, rows: 24 }} now={() => Date.UTC(2026, 0, 1, 12)} />);
  await untilListening(ui.stdin);
  await settle();
  for (let i = 1; i <= 40; i++) session.dispatch([{ type: 'system/notice', data: { level: 'info', message: `notice ${i}${i === 40 ? ' and a long tail of words that goes on past the edge of an eighty column terminal' : ''}` } }]);
  await typeKeys(ui, [TAB, TAB, TAB]); // one pane at a time at 80 columns: Tickers, Chart, Book, Orders
  const frame = (): string => ui.lastFrame()!;
  for (let i = 0; i < 6 && !/\[LOG\]/.test(frame()); i++) await typeKeys(ui, [LEFT]);
  assert.match(frame(), /\[LOG\]/, frame());
  const lines = frame().split('\n').filter((l) => /notice \d+/.test(l));
  assert.ok(lines.length >= 3, frame());
  for (const l of lines) assert.match(l, /\d\d:\d\d:\d\d notice \d+/, `a time on every line at 80 columns:\n${frame()}`);
  // Changed deliberately: a long line was cut at the edge with …; its end (a fill's strategy, a refusal's why) is now read on the next row.
  assert.match(frame(), /\d\d:\d\d:\d\d notice 40 and a long tail of words that goes on past the edge of an +║?\n║? {9}eighty column terminal/, `the newest first, its end on the next row:\n${frame()}`);
  assert.ok(frame().split('\n').every((l) => l.length <= 80), frame());
  assert.ok(!frame().includes('notice 1 '), 'the oldest is below the fold at first');
  await typeKeys(ui, [DOWN, PGDN, PGDN, PGDN, PGDN, PGDN, PGDN, PGDN, PGDN]);
  assert.match(frame(), /\d\d:\d\d:\d\d notice 1 /, `scrolled to the oldest:\n${frame()}`);
  assert.match(frame(), /\d+-40 of 4\d/, 'the position line says where the view is');
  ui.unmount();
});

// Walk (round 6): the cancels a crash cut off are sent as the session opens, before the app's Log begins: it never said them.
test('the Log of the app on its own ledger opens with the cancels its start sent again after a crash', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  sessions.push(session);
  const told = 'resending cancel of order 7 BTC/USDT by the trader, asked before the restart';
  const ui = render(<App session={{ ...session, resends: { told: () => [told], settled: async () => undefined } }} color={false} size={{ columns: 120, rows: 40 }} now={() => Date.UTC(2026, 0, 1, 12)} />);
  await untilListening(ui.stdin);
  await settle();
  const frame = (): string => ui.lastFrame()!;
  for (let i = 0; i < 8 && !/▶ Orders/.test(frame()); i++) await typeKeys(ui, [TAB]);
  for (let i = 0; i < 6 && !/\[LOG\]/.test(frame()); i++) await typeKeys(ui, [LEFT]);
  assert.match(frame(), /\[LOG\]/, frame());
  assert.match(frame(), /12:00:00 resending cancel of order 7 BTC\/USDT by the trader, asked before the restart/, frame());
  ui.unmount();
});
