import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helpText } from '../../source/ui/help-text.js';
import { settle } from '../helpers/ink.js';
import { KEYS, paperApps } from '../helpers/paper-app.js';

const setup = paperApps();
const { SHIFT_TAB, ENTER, BACKSPACE } = KEYS;

test('e on an open limit order in Orders opens the form with its terms; Enter, Enter replaces it', async () => {
  const { lastFrame, session, press } = await setup();
  const bid = session.book('ETH/USDT', 1).bids[0][0];
  const oldPrice = Math.round(bid * 0.99);
  const r = await session.buy('ETH/USDT', 0.1, oldPrice);
  assert.ok(r.ok && r.order.status === 'open');
  session.store.flushNotifications();
  await press(SHIFT_TAB, 'e');
  assert.match(lastFrame()!, /Amend order 1 · ETH\/USDT · PAPER/);
  assert.match(lastFrame()!, /Side\s+BUY LIMIT \(kept\)/);
  assert.match(lastFrame()!, new RegExp(`Price\\s+${oldPrice}▏`));
  assert.match(lastFrame()!, /nothing to change/, 'unchanged terms are not an amend');
  const newPrice = Math.round(bid * 0.98);
  await press(...Array.from(String(oldPrice), () => BACKSPACE), ...String(newPrice));
  assert.doesNotMatch(lastFrame()!, /nothing to change/);
  await press(ENTER);
  assert.match(lastFrame()!, /Replace order 1 with this order\?/);
  await press(ENTER);
  for (let i = 0; i < 10 && session.state().ledger.orders['2']?.status !== 'open'; i++) await settle();
  session.store.flushNotifications();
  await settle();
  assert.equal(session.state().ledger.orders['1'].status, 'cancelled');
  const repl = session.state().ledger.orders['2'];
  assert.equal(repl.status, 'open');
  assert.equal(repl.price, newPrice);
  assert.equal(repl.qty, 0.1);
  assert.equal(repl.replaces, '1');
  assert.match(lastFrame()!, /order 1 replaced by order 2 open/);
});

test('e on a filled order says why; e away from Orders says where to go; ? lists e', async () => {
  const { lastFrame, session, press } = await setup();
  await press('e');
  assert.match(lastFrame()!, /no order selected: focus Orders/);
  const r = await session.buy('BTC/USDT', 0.001);
  assert.ok(r.ok && r.order.status === 'filled');
  session.store.flushNotifications();
  await press(SHIFT_TAB, 'e');
  assert.doesNotMatch(lastFrame()!, /Amend order/);
  assert.match(lastFrame()!, /order 1 is filled: only a resting order can be amended/);
  assert.match(helpText(200), /\be\s+amend the selected limit order: new price or quantity/);
});

test('order entry: type stop with a trigger field; no limit price makes it stop-market; it rests open with its trigger', async () => {
  const { lastFrame, session, press } = await setup();
  const UP = '\u001b[A';
  const DOWN = '\u001b[B';
  const RIGHT = '\u001b[C';
  await press('b');
  const sym = /Order entry · (\S+)/.exec(lastFrame()!)?.[1];
  assert.ok(sym, 'the order form is open');
  await press('0', '.', '0', '0', '1', UP, RIGHT, RIGHT);
  assert.match(lastFrame()!, /market limit \[STOP\]/);
  assert.match(lastFrame()!, /Limit\s+none: market when triggered/);
  const trigger = Math.round(session.ticker(sym).last * 1.01);
  await press(DOWN, DOWN, ...Array.from({ length: 24 }, () => BACKSPACE), ...String(trigger), ENTER);
  assert.match(lastFrame()!, new RegExp(`BUY 0\\.001 ${sym.replace('/', '\\/')}\\s+STOP at ${trigger} then MARKET`));
  await press(ENTER);
  for (let i = 0; i < 10 && !session.state().ledger.orders['1']; i++) await settle();
  const o = session.state().ledger.orders['1'];
  assert.equal(o.status, 'open');
  assert.equal(o.type, 'market');
  assert.equal(o.stopPrice, trigger);
  assert.equal(o.stopTrigger, 'above');
  session.store.flushNotifications();
  await settle();
  assert.match(lastFrame()!, /TRIGGER/);
  assert.match(lastFrame()!, />=[\d,]+\.\d+/);
});

test('Orders pane: a stop set off (order/triggered) reads "fired" in TYPE, its trigger still shown', async () => {
  const { lastFrame, session, press } = await setup();
  const sym = 'BTC/USDT';
  const trigger = Math.round(session.ticker(sym).last * 1.01);
  const r = await session.order({ symbol: sym, side: 'buy', type: 'limit', qty: 0.001, price: Math.round(trigger * 0.9), stopPrice: trigger });
  assert.ok(r.ok, r.ok ? '' : r.error);
  session.store.flushNotifications();
  await press(SHIFT_TAB);
  assert.match(lastFrame()!, /BUY\s+stop\b/);
  session.store.dispatch({ type: 'order/triggered', data: { id: r.order.id, last: trigger, ts: Date.now() } });
  session.store.flushNotifications();
  await settle();
  assert.match(lastFrame()!, /BUY\s+fired\b[^\n]*>=[\d,]+\.\d+/);
});
