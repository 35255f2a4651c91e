import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { helpText } from '../../source/ui/help-text.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});

async function setup() {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  sessions.push(session);
  const ui = render(<App session={session} color={false} size={{ columns: 160, rows: 50 }} now={() => Date.UTC(2026, 0, 1, 12)} />);
  await untilListening(ui.stdin);
  await settle();
  return { session, ui, press: (...keys: string[]) => typeKeys(ui, keys) };
}

const SHIFT_TAB = '\u001b[Z';
const ENTER = '\r';
const ESC = '\u001b';

test('C in Orders asks first, listing the open orders; Esc keeps them, Enter cancels them all', async () => {
  const { session, ui, press } = await setup();
  const b = session.ticker('BTC/USDT').last;
  assert.ok((await session.buy('BTC/USDT', 0.001, Math.round(b * 0.9))).ok);
  assert.ok((await session.buy('ETH/USDT', 0.1, 100)).ok);
  session.store.flushNotifications();
  await press('C');
  assert.doesNotMatch(ui.lastFrame()!, /Cancel all/);
  assert.match(ui.lastFrame()!, /C works in Orders/);
  await press(SHIFT_TAB, 'C');
  const dialog = ui.lastFrame()!;
  assert.match(dialog, /Cancel all 2 open orders\? \(PAPER\)/);
  assert.match(dialog, /1: BUY 0\.001 BTC\/USDT limit @ [\d,]+\.\d\d/);
  assert.match(dialog, /2: BUY 0\.1 ETH\/USDT limit @ 100\.00/);
  await press(ESC);
  assert.doesNotMatch(ui.lastFrame()!, /Cancel all/);
  assert.equal(session.orders().length, 2, 'Esc cancels nothing');
  await press('C', ENTER);
  for (let i = 0; i < 20 && session.orders().length > 0; i++) await settle();
  session.store.flushNotifications();
  await settle();
  assert.equal(session.orders().length, 0);
  assert.match(ui.lastFrame()!, /cancelled 2 orders \(1, 2\)/);
  await press('C');
  assert.match(ui.lastFrame()!, /no open orders to cancel/);
});

test('? lists C from the keymap', () => {
  assert.match(helpText(156), /C\s+Orders: cancel every open order \(asks first, listing them\)/);
});
