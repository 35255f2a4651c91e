import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { checkForm, formFields, newOrderForm, type OrderForm } from '../../source/ui/order-form.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});

async function session(): Promise<Session> {
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 5, clock: () => 1_700_000_000_000, tickMs: 0 }), clock: () => 1_700_000_000_000, notifyIntervalMs: 0 });
  sessions.push(s);
  return s;
}

test('ticket fields: spend and a bracket on market and limit orders, time in force on limits; none on stops or amends', async () => {
  const s = await session();
  const f = newOrderForm(s, 'buy', 'BTC/USDT');
  assert.deepEqual(formFields(f), ['side', 'type', 'qty', 'spend', 'tp', 'sl']);
  assert.deepEqual(formFields({ ...f, type: 'limit' }), ['side', 'type', 'qty', 'spend', 'price', 'tif', 'tp', 'sl']);
  assert.deepEqual(formFields({ ...f, type: 'stop' }), ['side', 'type', 'qty', 'trigger', 'price']);
  assert.deepEqual(formFields({ ...f, amends: '3' }), ['qty', 'price']);
});

test('spend: the quantity is what the amount buys at the price, on the lot size, and passes the same checks', async () => {
  const s = await session();
  const form = (over: Partial<OrderForm>): OrderForm => ({ ...newOrderForm(s, 'buy', 'BTC/USDT'), ...over });
  const limit = checkForm(s, form({ type: 'limit', price: '50000', spend: '100' }));
  assert.equal(limit.spendQty, 0.002);
  assert.equal(limit.request?.qty, 0.002);
  assert.equal(limit.request?.price, 50000);
  const market = checkForm(s, form({ spend: '100' }));
  assert.ok(market.request && market.request.qty > 0 && market.request.qty * market.price! <= 100, 'never more than the amount at the price');
  assert.match(checkForm(s, form({ spend: '0.01' })).spendError ?? '', /less than one lot/);
  assert.match(checkForm(s, form({ spend: 'abc' })).spendError ?? '', /./);
  const tooMuch = checkForm(s, form({ spend: '99999999' }));
  assert.equal(tooMuch.request, undefined, 'a spend beyond the balance or limits is refused by the same check');
  assert.match(tooMuch.error ?? tooMuch.qtyError ?? '', /balance|risk|notional|equity/);
});

test('time in force and bracket: IOC goes in the request; a half or wrong-way bracket is marked on its field; a good one is sent with the order', async () => {
  const s = await session();
  const form = (over: Partial<OrderForm>): OrderForm => ({ ...newOrderForm(s, 'buy', 'BTC/USDT'), ...over });
  const last = s.ticker('BTC/USDT').last;
  assert.equal(checkForm(s, form({ type: 'limit', qty: '0.001', price: String(Math.round(last * 0.99)), tif: 'IOC' })).request?.tif, 'IOC');
  assert.match(checkForm(s, form({ qty: '0.001', tp: String(Math.round(last * 1.1)) })).slError ?? '', /needs a stop-loss too/);
  const wrong = checkForm(s, form({ qty: '0.001', tp: String(Math.round(last * 0.9)), sl: String(Math.round(last * 0.8)) }));
  assert.equal(wrong.field, 'tp');
  assert.match(wrong.tpError ?? '', /take-profit .* must be above the entry price/);
  assert.equal(wrong.request, undefined);
  const good = checkForm(s, form({ qty: '0.001', tp: String(Math.round(last * 1.1)), sl: String(Math.round(last * 0.9)) }));
  assert.deepEqual(good.bracket, { tp: Math.round(last * 1.1), sl: Math.round(last * 0.9) });
});

test('the ticket on screen: type a spend amount and a bracket, review, send; the entry fills and its exits rest', async () => {
  const s = await session();
  const ui = render(<App session={s} color={false} size={{ columns: 160, rows: 50 }} now={() => Date.UTC(2026, 0, 1, 12)} />);
  await untilListening(ui.stdin);
  await settle();
  const press = (...keys: string[]) => typeKeys(ui, keys);
  const last = s.ticker('BTC/USDT').last;
  const tp = String(Math.round(last * 1.05));
  const sl = String(Math.round(last * 0.95));
  // b opens the form on the quantity; ↓ to Spend, then Profit at (take-profit), then Stop at (stop-loss).
  await press('b', '\u001b[B', ...'200', '\u001b[B', ...tp, '\u001b[B', ...sl);
  const f = ui.lastFrame()!;
  assert.match(f, /Quantity\s+0\.\d+ \(spend\)/);
  assert.match(f, new RegExp(`Profit at\\s+${tp}`));
  assert.match(f, /Stop at\s+\d+▏/);
  await press('\r');
  assert.match(ui.lastFrame()!, /Spend 200 USDT: 0\.\d+ BTC at the price, on the lot size/);
  assert.match(ui.lastFrame()!, new RegExp(`Bracket: take-profit ${tp}, stop-loss ${sl}, placed as one OCO once it fills`));
  await press('\r');
  for (let i = 0; i < 50 && s.orders().length < 2; i++) await settle();
  const exits = s.orders();
  assert.deepEqual(exits.map((o) => [o.side, o.price ?? o.stopPrice]), [['sell', Number(tp)], ['sell', Number(sl)]]);
  assert.equal(exits[0].qty, s.state().ledger.orders['1'].filledQty);
  ui.unmount();
});
