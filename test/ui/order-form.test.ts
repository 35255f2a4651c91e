import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { refusal, type Refusal } from '../../source/domain/index.js';
import { checkForm, newOrderForm, type OrderForm } from '../../source/ui/order-form.js';

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
