import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEvent, type DomainEvent } from '../../source/domain/index.js';
import { fill, order } from '../helpers/fixtures.js';
import { MALFORMED_EVENTS } from '../helpers/malformed-events.js';

test('checkEvent: each malformed event is refused naming its type and field; well-formed ones pass', () => {
  assert.equal(MALFORMED_EVENTS.length, 14);
  for (const { event, field } of MALFORMED_EVENTS) {
    const r = checkEvent(event);
    assert.ok(r, `${JSON.stringify(event)} refused`);
    assert.equal(r.code, 'event.invalid');
    assert.equal(r.field, field, JSON.stringify(event));
    assert.ok(r.text.includes(JSON.stringify(event.type)) && r.text.includes(field) && !r.text.includes('\n'), r.text);
  }
  const good: DomainEvent[] = [
    { type: 'order/submitted', data: { order: order('1') } },
    { type: 'order/filled', data: { fill: fill('1', 1, 100) } },
    { type: 'account/balances', data: { venue: 'sim', balances: { BTC: { free: 1, locked: 0 } }, full: false } },
    { type: 'watchlist/set', data: { venue: 'sim', symbols: ['BTC/USDT'] } },
    { type: 'strategy/status', data: { strategyId: 's1', name: 'sma-cross', symbol: 'BTC/USDT', venue: 'sim', mode: 'paper', status: 'running', params: { fast: 5 } } },
    { type: 'user/command', data: { line: 'buy', source: 'shell' } },
    { type: 'ledger/acknowledged', data: { ts: 1 } },
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'strategy', id: 'grid-1', stopping: true }, ts: 1 } },
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'halt', rule: 'protect.dailyLossPercent' }, ts: 1 } },
    { type: 'order/cancel-asked', data: { id: '1', by: { by: 'trader' }, ts: 1, notSent: true } },
  ];
  for (const e of good) assert.equal(checkEvent(e), undefined, e.type);
});

test('checkEvent: money facts must be finite, unknown types are refused, market data is not checked', () => {
  assert.equal(checkEvent({ type: 'order/filled', data: {} })?.field, 'data.fill');
  assert.equal(checkEvent({ type: 'order/filled', data: { fill: { ...fill('1', 1, 100), qty: Number.NaN } } })?.field, 'data.fill.qty');
  assert.equal(checkEvent({ type: 'balance/set', data: {} })?.field, 'type');
  assert.equal(checkEvent({ type: '__proto__', data: {} })?.field, 'type');
  assert.equal(checkEvent(null)?.field, 'type');
  assert.equal(checkEvent({ type: 'order/cancel-asked', data: { id: '1', by: { by: 'someone' }, ts: 1 } })?.field, 'data.by.by');
  assert.equal(checkEvent({ type: 'market/ticker', data: null }), undefined);
});
