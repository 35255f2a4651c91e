import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { refusal, type Refusal } from '../../source/domain/index.js';
import { checkForm, formFields, newOrderForm, isExitStop, nextFormType, nextTif, type OrderForm } from '../../source/ui/order-form.js';

async function withSession(run: (s: Session) => Promise<void>): Promise<void> {
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 5, clock: () => 1_700_000_000_000, tickMs: 0 }), clock: () => 1_700_000_000_000 });
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

/** The session, except that its preview refuses with `r`: the form must follow `r.field`, whatever the words. */
function refusing(s: Session, r: Refusal): Session {
  return Object.assign(Object.create(s) as Session, { preview: (req: Parameters<Session['preview']>[0]) => ({ ...s.preview(req), problem: r, warnings: [] }) });
}

test('the order form marks the field the engine\'s refusal names, and only that one', async () => {
  await withSession(async (s) => {
    const form = (over: Partial<OrderForm>): OrderForm => ({ ...newOrderForm(s, 'buy', 'BTC/USDT'), ...over });
    const lot = checkForm(s, form({ qty: '0.000015' }));
    assert.match(lot.qtyError ?? '', /lot size/);
    assert.equal(lot.error, undefined);
    const tick = checkForm(s, form({ type: 'limit', qty: '0.001', price: '50000.005' }));
    assert.match(tick.priceError ?? '', /tick size/);
    assert.equal(tick.qtyError, undefined);
    // A refusal of the order as a whole (no field) goes under the form.
    const broke = checkForm(s, form({ qty: '100' }));
    assert.ok(broke.error, 'refused as a whole');
    assert.equal(broke.qtyError, undefined);
  });
});

test('the form reads the refusal\'s field, not its words', async () => {
  await withSession(async (s) => {
    const f: OrderForm = { ...newOrderForm(s, 'buy', 'BTC/USDT'), type: 'stop', trigger: '50000', qty: '0.001' };
    // Words that once steered the regexes ("quantity ...", "price ...") now steer nothing.
    const byField = checkForm(refusing(s, refusal('stop.invalid', 'quantity words, but the stop price is wrong', 'stopPrice')), f);
    assert.equal(byField.triggerError, 'quantity words, but the stop price is wrong');
    assert.equal(byField.qtyError, undefined);
    const price = checkForm(refusing(s, refusal('price.tick-size', 'stop price words, yet the limit price is off', 'price')), { ...f, price: '49000' });
    assert.equal(price.priceError, 'stop price words, yet the limit price is off');
    assert.equal(price.triggerError, undefined);
    const whole = checkForm(refusing(s, refusal('risk.notional', 'quantity 5 is too much')), f);
    assert.equal(whole.error, 'quantity 5 is too much');
    assert.equal(whole.qtyError, undefined);
    assert.equal(whole.field, undefined);
    // A hedge-mode side refusal: shown under the form, and Enter moves to the side selector.
    const hedge: OrderForm = { ...f, type: 'market', positionSide: 'LONG' };
    const side = checkForm(refusing(s, refusal('futures.position-side', 'the account is in one-way mode', 'positionSide')), hedge);
    assert.equal(side.error, 'the account is in one-way mode');
    assert.equal(side.field, 'posSide');
  });
});

test('the ticket: type cycles market, limit, stop, trailing (a perpetual too: its stops are exits, reduce-only)', () => {
  assert.deepEqual([nextFormType('market'), nextFormType('limit'), nextFormType('stop'), nextFormType('trailing')], ['limit', 'stop', 'trailing', 'market']);
  assert.deepEqual([isExitStop({ perpetual: true, type: 'stop' }), isExitStop({ perpetual: true, type: 'trailing' }), isExitStop({ perpetual: true, type: 'limit' }), isExitStop({ type: 'stop' })], [true, true, false, false]);
});

test('the ticket: in force cycles GTC, IOC, FOK, post-only and back', () => {
  let f: Pick<OrderForm, 'tif' | 'postOnly'> = {};
  const seen: string[] = [];
  for (let i = 0; i < 4; i++) {
    f = nextTif(f);
    seen.push(f.postOnly ? 'post-only' : f.tif ?? 'GTC');
  }
  assert.deepEqual(seen, ['IOC', 'FOK', 'post-only', 'GTC']);
});

test('the ticket: a trailing sell asks for a distance and an optional activation, and sends a trailing stop-market request', async () => {
  await withSession(async (s) => {
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    const base: OrderForm = { ...newOrderForm(s, 'sell', 'BTC/USDT'), type: 'trailing', qty: '0.005', trail: '2%' };
    assert.deepEqual(formFields(base), ['side', 'type', 'qty', 'trail', 'activation']);
    const ok = checkForm(s, base);
    assert.deepEqual(ok.request?.trailing, { distance: 2, unit: 'percent' });
    assert.equal(ok.request?.type, 'market');
    const bad = checkForm(s, { ...base, trail: 'far' });
    assert.match(bad.trailError ?? '', /bad trailing distance "far"/);
    assert.equal(bad.request, undefined);
    const act = checkForm(s, { ...base, trail: '150', activation: 'x' });
    assert.ok(act.activationError);
    const below = String(Math.round(s.ticker('BTC/USDT').last * 0.95));
    const placed = await s.order(checkForm(s, { ...base, activation: below }).request!);
    assert.ok(placed.ok && placed.order.status === 'open', placed.ok ? placed.order.reason : placed.error);
    assert.equal(placed.ok && placed.order.trailing?.activateWhen, 'below');
  });
});

test('the ticket: a post-only limit that would take is refused beside its price; FOK goes as FOK', async () => {
  await withSession(async (s) => {
    const ask = s.book('BTC/USDT', 1).asks[0][0];
    const f: OrderForm = { ...newOrderForm(s, 'buy', 'BTC/USDT'), type: 'limit', qty: '0.001', price: String(ask), postOnly: true };
    const c = checkForm(s, f);
    assert.match(c.priceError ?? '', /post-only buy at .* would trade at once/);
    assert.equal(c.field, 'price');
    assert.equal(checkForm(s, { ...f, postOnly: false, tif: 'FOK' }).request?.tif, 'FOK');
  });
});

test('the ticket on a perpetual: a stop and a trailing stop are sent reduce-only, so with no position to close they are refused beside the form', async () => {
  const now = 1_700_000_000_000;
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 5, clock: () => now, tickMs: 0, perpetuals: true }), clock: () => now });
  try {
    const sym = 'BTC/USDT:USDT';
    const p = s.ticker(sym).last;
    const stop: OrderForm = { ...newOrderForm(s, 'sell', sym), type: 'stop', qty: '0.01', trigger: String(Math.round(p * 0.98)) };
    const bare = checkForm(s, stop);
    assert.equal(bare.request, undefined);
    assert.match(bare.error ?? '', /reduce-only, but there is no position to reduce/);
    assert.ok((await s.order({ symbol: sym, side: 'buy', type: 'market', qty: 0.01 })).ok);
    const held = checkForm(s, stop);
    assert.deepEqual([held.request?.reduceOnly, held.request?.stopPrice, held.request?.type], [true, Math.round(p * 0.98), 'market'], JSON.stringify(held));
    const trail = checkForm(s, { ...stop, type: 'trailing', trail: '1%' });
    assert.deepEqual([trail.request?.reduceOnly, trail.request?.trailing?.distance], [true, 1], JSON.stringify(trail));
    const r = await s.order({ ...trail.request!, venue: s.venue });
    assert.ok(r.ok && r.order.status === 'open' && r.order.reduceOnly === true);
  } finally {
    await s.close();
  }
});
