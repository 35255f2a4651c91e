import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession } from '../../../source/app/session/session.js';
import type { Session } from '../../../source/app/session/session.js';
import type { HaltState } from '../../../source/app/session/session-types.js';
import type { DeliveryOptions } from '../../../source/app/notify/delivery.js';
import { startNotifications, type NotifyService } from '../../../source/app/notify/notify-setup.js';
import type { DaemonStatus } from '../../../source/app/daemon/protocol.js';
import { buildDaemonStatus } from '../../../source/app/daemon/daemon-status.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';
import { defaultSettings, type ConnectionState, type DomainEvent, type SettingValues } from '../../../source/domain/index.js';
import { startNotifier } from '../../../source/app/notify/notifier.js';
import { kindOf, levelsFromSettings, type Notification } from '../../../source/app/notify/notify-kinds.js';
import { fakeTelegram, fakeWebhook, memoryChannel, until, type FakeTelegram, type FakeServer } from './fake-services.js';

const TOKEN = '123456:TEST-token-abcdef';
const CHAT = 42;

interface Rig {
  readonly session: Session;
  readonly tg: FakeTelegram;
  readonly hook: FakeServer;
  readonly service: NotifyService;
  readonly logged: { event: string; fields?: Record<string, unknown> }[];
  close(): Promise<void>;
}

function statusOf(session: Session): DaemonStatus {
  return buildDaemonStatus({ info: { pid: 4242, startedAt: Date.now() - 3_600_000, venue: session.venue, label: session.label, mode: session.mode, limits: DEFAULT_LIMITS }, state: session.state(), halted: session.halted(), clients: 1, stopping: false, now: Date.now() });
}

async function rig(settings: Partial<SettingValues> = {}, delivery: DeliveryOptions = { baseDelayMs: 5, maxDelayMs: 20 }): Promise<Rig> {
  const session = await createSession({ persist: false, tickMs: 0, seed: 3, notifyIntervalMs: 0 });
  const tg = await fakeTelegram(TOKEN);
  const hook = await fakeWebhook();
  const logged: Rig['logged'] = [];
  const service = startNotifications({
    session,
    settings: { ...defaultSettings(), 'notify.telegram.chatIds': String(CHAT), 'notify.telegram.apiRoot': tg.url, 'notify.webhook.url': hook.url, ...settings },
    env: { ATAPI_TELEGRAM_BOT_TOKEN: TOKEN },
    dataDir: '/nonexistent',
    status: () => statusOf(session),
    log: (event, fields) => logged.push({ event, fields }),
    delivery,
    pollTimeoutS: 1,
    retryMs: 5,
  });
  assert.ok(service, 'channels are configured: the notifier starts');
  return {
    session,
    tg,
    hook,
    service,
    logged,
    async close() {
      await service.close(1000);
      await session.close();
      await tg.close();
      await hook.close();
    },
  };
}

const webhookTexts = (hook: FakeServer): string[] => hook.calls.flatMap((c) => (c.body.notifications as { text: string }[]).map((n) => n.text));
const telegramTexts = (tg: FakeTelegram): string[] => tg.lines(CHAT);

test('a fill produces a message on Telegram and on the webhook; the token and the webhook URL are in no log line', async () => {
  const r = await rig();
  try {
    const result = await r.session.buy('BTC/USDT', 0.01);
    assert.ok(result.ok, 'the order is placed');
    await until(() => telegramTexts(r.tg).some((t) => t.startsWith('filled: ')), 'a fill message on Telegram');
    await until(() => webhookTexts(r.hook).some((t) => t.startsWith('filled: ')), 'a fill message on the webhook');
    const fill = telegramTexts(r.tg).find((t) => t.startsWith('filled: '))!;
    assert.match(fill, /buy 0\.01 BTC\/USDT @ /);
    const sent = r.tg.calls.find((c) => c.method === 'sendMessage')!;
    assert.equal(sent.body.disable_notification, false, 'fills are on (with sound) by default');
    const kinds = r.hook.calls.flatMap((c) => (c.body.notifications as { kind: string }[]).map((n) => n.kind));
    assert.ok(kinds.includes('fills'));
    const log = JSON.stringify(r.logged);
    assert.ok(!log.includes(TOKEN) && !log.includes('secret-part'), log);
  } finally {
    await r.close();
  }
});

test('an alert going off is told with its level', async () => {
  const r = await rig();
  try {
    const alert = r.session.alert('BTC/USDT', '>', 1);
    r.session.dispatch([{ type: 'alert/triggered', data: { id: alert.id, last: 2, ts: Date.now() } }]);
    await until(() => telegramTexts(r.tg).some((t) => t.startsWith('alert: ')), 'an alert message');
    assert.match(telegramTexts(r.tg).find((t) => t.startsWith('alert: '))!, /^alert: BTC\/USDT > 1(\.0+)?: alert \S+ went off at 2/);
  } finally {
    await r.close();
  }
});

test('levels: silent sends without sound, off sends nothing', async () => {
  const r = await rig({ 'notify.level.fills': 'silent', 'notify.level.alerts': 'off' });
  try {
    const alert = r.session.alert('BTC/USDT', '>', 1);
    // Gone off before the fill: with alerts on, its message would come before the fill's.
    r.session.dispatch([{ type: 'alert/triggered', data: { id: alert.id, last: 2, ts: Date.now() } }]);
    await r.session.buy('BTC/USDT', 0.01);
    await until(() => telegramTexts(r.tg).some((t) => t.startsWith('filled: ')), 'a fill message');
    const sent = r.tg.calls.find((c) => c.method === 'sendMessage')!;
    assert.equal(sent.body.disable_notification, true);
    assert.ok(!telegramTexts(r.tg).some((t) => t.startsWith('alert')), 'alerts are off');
  } finally {
    await r.close();
  }
});

test('Telegram and the webhook down for a long while: orders are answered meanwhile; every notification arrives after, in order', async () => {
  const r = await rig();
  try {
    r.tg.outage = '503';
    r.hook.outage = 'closed';
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await r.session.buy('BTC/USDT', 0.01);
      // The order's answer comes while the notifier is failing: nothing waits for it.
      assert.ok(res.ok, 'order answered during the outage');
      ids.push(res.order.id);
    }
    assert.ok(r.service.notifier.pending() >= 1, 'the notifications wait in the queue');
    // A "minute" of failures: many retries at the tests' short backoff.
    await until(() => r.tg.failed.count >= 10 && r.hook.failed.count >= 10, 'retries while down');
    assert.equal(telegramTexts(r.tg).filter((t) => t.startsWith('filled: ')).length, 0);
    r.tg.outage = 'up';
    r.hook.outage = 'up';
    await until(() => telegramTexts(r.tg).filter((t) => t.startsWith('filled: ')).length === 6, 'six fills on Telegram');
    await until(() => webhookTexts(r.hook).filter((t) => t.startsWith('filled: ')).length === 6, 'six fills on the webhook');
    for (const texts of [telegramTexts(r.tg), webhookTexts(r.hook)]) {
      const order = texts.filter((t) => t.startsWith('filled: ')).map((t) => /order (\S+) /.exec(t)?.[1]);
      assert.deepEqual(order, ids, 'in the order they happened');
    }
    assert.ok(r.logged.some((l) => l.event === 'notify-unreachable'), 'the outage is in the daemon log');
  } finally {
    await r.close();
  }
});

test('a queue that overflows while the service is down says how many were dropped', async () => {
  const r = await rig({}, { baseDelayMs: 5, maxDelayMs: 20, maxQueue: 3 });
  try {
    r.hook.outage = '503';
    for (let i = 0; i < 8; i++) await r.session.buy('BTC/USDT', 0.01);
    await until(() => r.hook.failed.count >= 3, 'retries while down');
    r.hook.outage = 'up';
    await until(() => webhookTexts(r.hook).some((t) => /were dropped/.test(t)), 'the dropped notice');
    const texts = webhookTexts(r.hook);
    assert.equal(texts.filter((t) => t.startsWith('filled: ')).length, 3);
    assert.match(texts.find((t) => /dropped/.test(t))!, /^5 notifications were dropped while webhook could not be reached/);
  } finally {
    await r.close();
  }
});

test('the link going down and back up is told once each; connecting at start is not news', async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const got = mem.got;
  const n = startNotifier(session, { channels: [mem], levels: levelsFromSettings(defaultSettings()) });
  try {
    const link = (state: ConnectionState): void => session.dispatch([{ type: 'market/connection', data: { venue: session.venue, state } }]);
    link('connecting');
    link('connected');
    link('reconnecting');
    link('disconnected');
    link('connected');
    link('connected');
    await until(() => got.length >= 2, 'two link messages');
    await n.close(1000);
    assert.deepEqual(got.map((x) => [x.kind, x.text]), [
      ['link', `link to ${session.venue} down (reconnecting): strategies hold until it is back`],
      ['link', `link to ${session.venue} back up`],
    ]);
  } finally {
    await session.close();
  }
});

test('the kill switch set and lifted, and strategy starts and stops, are told when their levels are on', async () => {
  const inner = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  let halt: HaltState | undefined;
  const session = Object.assign(Object.create(inner) as Session, { halted: () => halt });
  const mem = memoryChannel();
  const got = mem.got;
  const n = startNotifier(session, { channels: [mem], levels: { ...levelsFromSettings(defaultSettings()), halt: 'on', strategies: 'silent' } });
  try {
    const s = await session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '100USDT', params: { fast: 5, slow: 20 } });
    halt = { reason: 'flatten from Telegram', source: 'telegram', since: 1 };
    session.record('/flatten', 'telegram');
    halt = undefined;
    session.record('/resume', 'telegram');
    await session.stopStrategy(s.id);
    await until(() => got.filter((x) => x.kind === 'strategies').length === 2, 'start and stop');
    assert.deepEqual(got.filter((x) => x.kind === 'halt').map((x) => x.text), ['HALTED: trading is halted by telegram: "flatten from Telegram"; only orders that reduce a position pass until /resume', 'resumed: orders are taken again; strategies the halt stopped stay stopped until started again']);
    const strategies = got.filter((x) => x.kind === 'strategies');
    assert.match(strategies[0]!.text, new RegExp(`^strategy sma ${s.id} running on BTC/USDT`));
    assert.match(strategies[1]!.text, new RegExp(`^strategy sma ${s.id} stopped on BTC/USDT`));
    assert.ok(strategies.every((x) => x.silent));
  } finally {
    await n.close(1000);
    await inner.close();
  }
});

test("a protection's halt is told with its rule named", async () => {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n = startNotifier(session, { channels: [mem], levels: levelsFromSettings(defaultSettings()) });
  try {
    session.store.dispatch({ type: 'trading/halted', data: { reason: 'equity 11.00% below its peak', source: 'protect', ts: 1, rule: 'protect.maxDrawdownPercent' } });
    await until(() => mem.got.some((x) => x.kind === 'halt'), 'the halt told');
    assert.match(mem.got.find((x) => x.kind === 'halt')!.text, /^HALTED: trading is halted by the protection protect\.maxDrawdownPercent: "equity 11\.00% below its peak"/);
  } finally {
    await n.close(1000);
    await session.close();
  }
});

/** The one notification a dispatched event makes, with the default levels. */
async function notifiedOf(event: (venue: string) => DomainEvent): Promise<Notification> {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  const mem = memoryChannel();
  const n = startNotifier(session, { channels: [mem], levels: levelsFromSettings(defaultSettings()) });
  try {
    session.dispatch([event(session.venue)]);
    await until(() => mem.got.length === 1, 'the notification');
    return mem.got[0]!;
  } finally {
    await n.close(100);
    await session.close();
  }
}

test('an order whose answer was lost (unknown: it may have been placed) is told as a refusal-level fact', async () => {
  const got = await notifiedOf(() => ({ type: 'order/unknown', data: { id: '77', reason: 'exchange error: socket hang up; it may have been placed', ts: 1 } }));
  assert.equal(got.kind, 'refusals');
  assert.match(got.text, /^UNKNOWN: order 77 unknown: exchange error: socket hang up; it may have been placed; a reconcile settles it \(see \/orders\)$/);
});

test('a strategy atapi stopped on its own is told at the refusals level (on by default); a trader\'s stop stays at the strategies level (off)', async () => {
  const stopped = (reason?: { code: 'strategy.failed'; text: string }) => (venue: string): DomainEvent => ({ type: 'strategy/status', data: { strategyId: 'sma-1', name: 'sma', symbol: 'BTC/USDT', venue, mode: 'paper', status: 'stopped', params: {}, ...(reason ? { reason } : {}) } });
  const got = await notifiedOf(stopped({ code: 'strategy.failed', text: 'onCandle threw: boom' }));
  assert.equal(got.kind, 'refusals');
  assert.equal(got.text, 'strategy sma-1 (sma BTC/USDT) was stopped by atapi: onCandle threw: boom; it trades nothing until started again');
  assert.equal(kindOf(stopped()('sim')), 'strategies');
});

test('a liquidation is told at its level, in the history line\'s words', async () => {
  const got = await notifiedOf((venue) => ({ type: 'futures/liquidation', data: { venue, symbol: 'BTC/USDT:USDT', side: 'BOTH', marginMode: 'cross', qty: 0.5, entryPrice: 100_000, price: 90_500, markPrice: 90_400, loss: 4_800, asset: 'USDT', wallet: 200, ts: 1 } }));
  assert.equal(got.kind, 'liquidations');
  assert.match(got.text, /^LIQUIDATED BTC\/USDT:USDT 0\.5 at 90,500.* lost 4,800\.00 USDT$/);
});

test('a refused signal is told at the refusals level; an accepted or repeated one is not (its fill is)', async () => {
  const got = await notifiedOf(() => ({ type: 'signal/received', data: { strategyId: 'webhook-1', action: 'buy', id: 'a1', accepted: false, code: 'signal.token', ts: 1 } }));
  assert.equal(got.kind, 'refusals');
  assert.equal(got.text, "refused: signal buy to webhook-1 (id a1): a signal's token is missing or is not the signal token (DATA_DIR/signal-token)");
  assert.equal(kindOf({ type: 'signal/received', data: { action: 'buy', accepted: true, ts: 1 } }), undefined);
  assert.equal(kindOf({ type: 'signal/received', data: { action: 'buy', accepted: false, duplicate: true, ts: 1 } }), undefined);
});
