import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { checkForm, formFields, newOrderForm, nextFormType, nextTif, type OrderForm } from '../../source/ui/order-form.js';

async function withSession(run: (s: Session) => Promise<void>): Promise<void> {
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 5, clock: () => 1_700_000_000_000, tickMs: 0 }), clock: () => 1_700_000_000_000 });
  try {
    await run(s);
  } finally {
    await s.close();
  }
}

test('the ticket: type cycles market, limit, stop, trailing (a perpetual: market and limit only)', () => {
  assert.deepEqual([nextFormType('market'), nextFormType('limit'), nextFormType('stop'), nextFormType('trailing')], ['limit', 'stop', 'trailing', 'market']);
  assert.deepEqual([nextFormType('market', true), nextFormType('limit', true)], ['limit', 'market']);
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
