import assert from 'node:assert/strict';
import { test } from 'node:test';
import React from 'react';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession } from '../../../source/app/session/session.js';
import { newOrderForm, type OrderForm } from '../../../source/ui/order-form.js';
import { OrderConfirm } from '../../../source/ui/overlays/order-confirm.js';
import { makeTheme } from '../../../source/ui/theme.js';

test('the ticket\'s confirmation names a trailing stop as one (its distance and activation), not as a market order', async () => {
  const s = await createSession({ persist: false, venue: new SimVenue({ seed: 5, clock: () => 1_700_000_000_000, tickMs: 0 }), clock: () => 1_700_000_000_000 });
  try {
    assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
    const form: OrderForm = { ...newOrderForm(s, 'sell', 'BTC/USDT'), type: 'trailing', qty: '0.005', trail: '2%', activation: '99000' };
    const view = render(<OrderConfirm session={s} theme={makeTheme(false)} form={form} typed="" acknowledged={false} width={100} />);
    assert.match(view.lastFrame()!, /SELL 0\.005 BTC\/USDT\s+TRAILING STOP 2% behind the best price, from 99000, then MARKET/);
    view.rerender(<OrderConfirm session={s} theme={makeTheme(false)} form={{ ...form, activation: '' }} typed="" acknowledged={false} width={100} />);
    assert.match(view.lastFrame()!, /TRAILING STOP 2% behind the best price, then MARKET/);
    view.unmount();
  } finally {
    await s.close();
  }
});
