import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helpText } from '../../source/ui/help-text.js';
import { settle } from '../helpers/ink.js';
import { KEYS, paperApps } from '../helpers/paper-app.js';

const setup = paperApps();
const { SHIFT_TAB, ENTER, ESC } = KEYS;

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
