import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionTarget, parseSignal, signalFacts } from '../../../source/app/signals/signal-body.js';
import { requireCandleDriven } from '../../../source/app/strategy-runtime/load-strategy.js';
import { applyEvents, initialState, MAX_SIGNAL_IDS, selectSignalSeen } from '../../../source/store/index.js';
import { checkEvent, UserError, type DomainEvent } from '../../../source/domain/index.js';
import { smaCross } from '../../../source/strategies/sma-cross.js';
import { webhookStrategy } from '../../../source/strategies/webhook.js';

test('actions set targets: buy/long long, sell/flat flat, short short', () => {
  assert.deepEqual((['buy', 'long', 'sell', 'flat', 'short'] as const).map(actionTarget), ['long', 'long', 'flat', 'flat', 'short']);
});

test('a body is read as sent: case and spaces of the action, a numeric id, a JSON text; extra fields ignored', () => {
  assert.deepEqual(parseSignal({ token: 'x', strategy: ' hook-1 ', action: ' Sell ', id: 42, ticker: 'BTCUSDT' }), { ok: true, signal: { strategy: 'hook-1', action: 'sell', id: '42' } });
  assert.deepEqual(parseSignal('{"strategy":"h","action":"flat"}'), { ok: true, signal: { strategy: 'h', action: 'flat' } });
  assert.deepEqual(parseSignal({ strategy: 'h', action: 'buy', id: null }), { ok: true, signal: { strategy: 'h', action: 'buy' } });
  const long = parseSignal({ strategy: 'h'.repeat(129), action: 'buy' });
  assert.equal(long.ok ? '' : long.refusal.field, 'strategy');
  const empty = parseSignal({ strategy: 'h', action: 'buy', id: '' });
  assert.equal(empty.ok ? '' : empty.refusal.field, 'id');
});

test('what is recorded of a body: never the token, terminal escapes out, cut short', () => {
  const facts = signalFacts({ token: 'secret', strategy: `\u001b[31mred\u001b[0m${'x'.repeat(300)}`, action: 'buy\u0007'.repeat(10), id: 7, other: 'y' });
  assert.equal(JSON.stringify(facts).includes('secret'), false);
  assert.equal(facts.strategyId, `red${'x'.repeat(125)}`);
  assert.equal(facts.action, 'buybuybuybuybuyb');
  assert.equal(facts.id, '7');
  assert.deepEqual(signalFacts('not json'), { action: '' });
  assert.deepEqual(signalFacts([1]), { action: '' });
});

test('signal/received: checked like every durable event; the fold keeps the ids acted on, newest MAX_SIGNAL_IDS', () => {
  const ev = (id: string, ts: number, accepted = true): DomainEvent => ({ type: 'signal/received', data: { strategyId: 'h', action: 'buy', id, accepted, ts } });
  assert.equal(checkEvent(ev('a', 1)), undefined);
  assert.equal(checkEvent({ type: 'signal/received', data: { action: 'buy', accepted: 'yes', ts: 1 } })?.field, 'data.accepted');
  let s = applyEvents(initialState(), [ev('refused', 1, false), ev('a', 2)].map((event, i) => ({ seq: i + 1, ts: 0, event })));
  assert.equal(selectSignalSeen(s, 'refused', 0), false, 'a refused id is not spent');
  assert.equal(selectSignalSeen(s, 'a', 2), true);
  assert.equal(selectSignalSeen(s, 'a', 3), false, 'outside the window');
  const many = Array.from({ length: MAX_SIGNAL_IDS * 2 }, (_, i) => ({ seq: i + 3, ts: 0, event: ev(`n${i}`, 10 + i) }));
  s = applyEvents(s, many);
  assert.ok((s.ledger.signalIds ?? []).length <= MAX_SIGNAL_IDS * 1.25);
  assert.equal(selectSignalSeen(s, `n${MAX_SIGNAL_IDS * 2 - 1}`, 0), true);
});

test('webhook is refused where only candles drive a strategy (backtest, run), with what to do instead', () => {
  assert.throws(() => requireCandleDriven(webhookStrategy, 'be backtested'), (e: unknown) => e instanceof UserError && /start it in the daemon/.test(e.message));
  assert.doesNotThrow(() => requireCandleDriven(smaCross, 'be backtested'));
});
