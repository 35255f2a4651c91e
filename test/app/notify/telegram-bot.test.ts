import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { FlattenResult } from '../../../source/app/session/session-types.js';
import { startNotifications, type NotifyService } from '../../../source/app/notify/notify-setup.js';
import type { DaemonStatus } from '../../../source/app/daemon/protocol.js';
import { buildDaemonStatus } from '../../../source/app/daemon/daemon-status.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';
import { defaultSettings, type CommandSource } from '../../../source/domain/index.js';
import { fakeTelegram, until, type FakeTelegram } from './fake-services.js';
import { accountValuation } from '../../../source/engine/equity.js';
import { num } from '../../../source/format/format.js';

const TOKEN = '987654:BOT-token-for-tests';
const CHAT = 42;
const STRANGER = 666;

interface Bot {
  readonly session: Session;
  readonly tg: FakeTelegram;
  readonly service: NotifyService;
  readonly logged: { event: string; fields?: Record<string, unknown> }[];
  /** The test's clock (buttons expire by it). */
  readonly clock: { now: number };
  close(): Promise<void>;
}

async function bot(wrap: (s: Session) => Session = (s) => s): Promise<Bot> {
  const inner = await createSession({ persist: false, tickMs: 0, seed: 4, notifyIntervalMs: 0 });
  const session = wrap(inner);
  const tg = await fakeTelegram(TOKEN);
  const logged: Bot['logged'] = [];
  const clock = { now: 1_000_000 };
  const startedAt = Date.now() - (2 * 3_600_000 + 5 * 60_000);
  // The daemon's one status builder, as the server would call it (two terminals attached).
  const status = (): DaemonStatus => buildDaemonStatus({ info: { pid: 31337, startedAt, venue: session.venue, label: session.label, mode: session.mode, limits: DEFAULT_LIMITS }, state: session.state(), halted: session.halted(), clients: 2, stopping: false, now: Date.now() });
  const service = startNotifications({
    session,
    settings: { ...defaultSettings(), 'notify.telegram.chatIds': `${CHAT}, -100200`, 'notify.telegram.apiRoot': tg.url },
    env: { ATAPI_TELEGRAM_BOT_TOKEN: TOKEN },
    dataDir: '/nonexistent',
    status,
    log: (event, fields) => logged.push({ event, fields }),
    delivery: { baseDelayMs: 5, maxDelayMs: 20 },
    pollTimeoutS: 1,
    retryMs: 5,
    clock: () => clock.now,
  });
  assert.ok(service);
  return {
    session,
    tg,
    service,
    logged,
    clock,
    async close() {
      await service.close(1000);
      await inner.close();
      await tg.close();
    },
  };
}

/** The nonce of the last confirm keyboard sent to `chat`. */
function lastButton(tg: FakeTelegram, chat: number): { ok: string; no: string } {
  const call = tg.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === chat && c.body.reply_markup).at(-1);
  assert.ok(call, 'a confirm keyboard was sent');
  const [[ok, no]] = (call.body.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard as [[{ callback_data: string }, { callback_data: string }]];
  return { ok: ok.callback_data, no: no.callback_data };
}

/** User commands recorded in the ledger with their source. */
function recorded(session: Session): { line: string; source: CommandSource }[] {
  const out: { line: string; source: CommandSource }[] = [];
  session.store.observe((batch) => {
    for (const e of batch) if (e.event.type === 'user/command') out.push(e.event.data);
  });
  return out;
}

test('an authorised /status is answered with the daemon figures; a stranger gets no answer and is logged', async () => {
  const b = await bot();
  try {
    const cmds = recorded(b.session);
    b.tg.message(STRANGER, '/status');
    b.tg.message(CHAT, '/status');
    await until(() => b.tg.sent(CHAT).length >= 1, 'an answer to /status');
    const answer = b.tg.sent(CHAT)[0]!;
    assert.match(answer, /pid 31337, up 2h 5m/);
    assert.match(answer, new RegExp(`atapi ${b.session.label.replace(/[()]/g, '.')} \\(paper\\)`));
    // The daemon's own valuation (the API's and the status page's), to the cent.
    assert.match(answer, new RegExp(`^equity ${num(accountValuation(b.session.state(), b.session.venue).total, 2).replace(/[.,]/g, '\\$&')} USDT$`, 'm'));
    assert.match(answer, /strategies running: 0/);
    assert.match(answer, /^link: connected$/m);
    assert.match(answer, /terminals attached: 2/);
    // The stranger's update came first: by now it has been handled, and answered nothing.
    assert.deepEqual(b.tg.sent(STRANGER), []);
    assert.ok(b.logged.some((l) => l.event === 'telegram-unauthorised' && l.fields?.chat === STRANGER), JSON.stringify(b.logged));
    assert.deepEqual(cmds.filter((c) => c.source === 'telegram').map((c) => c.line), ['/status'], 'only the authorised command is recorded, with source telegram');
  } finally {
    await b.close();
  }
});

test('the read commands answer from the session: balance, orders, trades, positions, pnl, strategies, alerts, help', async () => {
  const b = await bot();
  try {
    await b.session.buy('BTC/USDT', 0.01);
    b.session.alert('ETH/USDT', '<', 5);
    // The fill's own notification comes first: the answers are what follows it.
    await until(() => b.tg.lines(CHAT).some((t) => t.startsWith('filled:')), 'the fill notification');
    const before = b.tg.sent(CHAT).length;
    const asks = ['/balance', '/orders', '/trades', '/positions', '/pnl', '/strategies', '/alerts', '/help', '/nonsense', 'hello', '/pnl week', '/pnl year'];
    for (const a of asks) b.tg.message(CHAT, a);
    await until(() => b.tg.sent(CHAT).length >= before + asks.length, 'an answer to each');
    const [balance, orders, trades, positions, pnl, strategies, alerts, help, unknown, plain, week, year] = b.tg.sent(CHAT).slice(before);
    assert.match(balance!, /^BTC 0\.01/m);
    assert.match(balance!, /equity [\d,]+\.\d\d USDT/);
    assert.equal(orders, 'no open orders');
    assert.match(trades!, /#\S+ buy 0\.01\d* BTC\/USDT @ /);
    assert.match(positions!, /^BTC\/USDT 0\.01\d* @ [\d,.]+, unrealised [-+][\d,.]+, realised [-+][\d,.]+ net of fees$/);
    assert.match(pnl!, /^PnL this day \(since \d{4}-\d\d-\d\d 00:00:00 UTC\):\nUSDT: [-+][\d,.]+ \(realised -[\d.]+ net of fees [\d.]+, unrealised [-+][\d,.]+\), 1 trade\nequity /);
    assert.match(week!, /^PnL this week \(since \d{4}-\d\d-\d\d 00:00:00 UTC\):\nUSDT: .*, 1 trade/);
    assert.equal(year, 'usage: /pnl [day|week|month] (default day, in UTC)');
    assert.equal(strategies, 'no strategy running');
    assert.match(alerts!, /ETH\/USDT < 5/);
    assert.match(help!, /\/flatten/);
    assert.match(unknown!, /unknown command \/nonsense/);
    assert.match(plain!, /commands start with \//);
  } finally {
    await b.close();
  }
});

test('/stop asks to confirm; the button stops the strategy once; a stale, foreign or used button does nothing', async () => {
  const b = await bot();
  try {
    const a = await b.session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '100USDT', params: { fast: 5, slow: 20 } });
    const other = await b.session.startStrategy({ strategy: 'sma', symbol: 'ETH/USDT', size: '100USDT', params: { fast: 5, slow: 20 } });
    // The strategies may trade or hold meanwhile, and those are notified to the same chat: count questions only.
    const questions = (): string[] => b.tg.sent(CHAT).filter((t) => t.startsWith('Stop strategy'));
    b.tg.message(CHAT, `/stop ${a.id}`);
    await until(() => questions().length === 1, 'the confirm question');
    assert.match(questions()[0]!, new RegExp(`^Stop strategy ${a.id}\\?`));
    assert.equal(b.session.strategies().find((v) => v.id === a.id)?.status, 'running', 'nothing happens before the button');
    const first = lastButton(b.tg, CHAT);

    // A stranger pressing the same button: no answer at all.
    b.tg.press(STRANGER, first.ok, 1);
    // A button for the other strategy, pressed after its minute.
    b.tg.message(CHAT, `/stop ${other.id}`);
    await until(() => questions().length === 2, 'the second question');
    const stale = lastButton(b.tg, CHAT);
    b.clock.now += 61_000;
    b.tg.press(CHAT, stale.ok, 2);
    await until(() => b.tg.calls.some((c) => c.method === 'answerCallbackQuery' && /expired/.test(String(c.body.text))), 'the stale button is answered as expired');
    assert.equal(b.session.strategies().find((v) => v.id === other.id)?.status, 'running', 'a stale button stops nothing');
    assert.equal(b.session.strategies().find((v) => v.id === a.id)?.status, 'running', 'a stranger stops nothing');

    // A fresh question, confirmed in time.
    b.tg.message(CHAT, `/stop ${a.id}`);
    await until(() => questions().length === 3, 'the third question');
    const fresh = lastButton(b.tg, CHAT);
    b.tg.press(CHAT, fresh.ok, 3);
    await until(() => b.session.strategies().find((v) => v.id === a.id)?.status === 'stopped', 'the strategy stopped');
    await until(() => b.tg.calls.some((c) => c.method === 'editMessageText' && c.body.message_id === 3), 'the question is replaced by the outcome');
    const answers = b.tg.calls.filter((c) => c.method === 'answerCallbackQuery').length;
    b.tg.press(CHAT, fresh.ok, 3);
    await until(() => b.tg.calls.filter((c) => c.method === 'answerCallbackQuery').length === answers + 1, 'the used button is answered');
    assert.match(String(b.tg.calls.filter((c) => c.method === 'answerCallbackQuery').at(-1)!.body.text), /expired/);
    assert.equal(b.session.strategies().find((v) => v.id === other.id)?.status, 'running');
    assert.ok(b.logged.some((l) => l.event === 'telegram-unauthorised' && l.fields?.button === true));
    b.tg.message(CHAT, '/stop nope');
    await until(() => b.tg.sent(CHAT).some((t) => /no running strategy "nope"/.test(t)), 'an unknown id is said at once, without a button');
  } finally {
    await b.close();
  }
});

test('/flatten and /resume run the session kill switch with source telegram, after the button; Cancel does nothing', async () => {
  const calls: { what: string; source: CommandSource }[] = [];
  const b = await bot((s) =>
    Object.assign(Object.create(s) as Session, {
      async flatten(o: { reason: string; source: CommandSource }): Promise<FlattenResult> {
        calls.push({ what: 'flatten', source: o.source });
        return { stopped: ['sma-1'], cancelled: ['7', '8'], closed: ['9'], problems: [{ code: 'order.not-open', text: 'order 6 is filled, not open' }] };
      },
      async resume(o: { source: CommandSource }): Promise<void> {
        calls.push({ what: 'resume', source: o.source });
      },
    }),
  );
  try {
    b.tg.message(CHAT, '/flatten');
    await until(() => b.tg.sent(CHAT).length === 1, 'the question');
    b.tg.press(CHAT, lastButton(b.tg, CHAT).no, 1);
    await until(() => b.tg.sent(CHAT).some((t) => t.startsWith('cancelled: /flatten')), 'cancelled');
    assert.deepEqual(calls, []);
    b.tg.message(CHAT, '/flatten');
    await until(() => b.tg.sent(CHAT).filter((t) => t.startsWith('FLATTEN')).length === 2, 'asked again');
    b.tg.press(CHAT, lastButton(b.tg, CHAT).ok, 2);
    await until(() => b.tg.sent(CHAT).some((t) => t.includes('\nstopped: ')), 'the outcome');
    // The shell's own words for the outcome (format/flatten-text.ts).
    assert.match(b.tg.sent(CHAT).find((t) => t.includes('\nstopped: '))!, /\nstopped: sma-1; cancelled: 7, 8; closing orders: 9\nproblem \[order\.not-open\]: order 6 is filled, not open$/);
    b.tg.message(CHAT, '/resume');
    await until(() => b.tg.sent(CHAT).some((t) => t.startsWith('Resume')), 'the resume question');
    b.tg.press(CHAT, lastButton(b.tg, CHAT).ok, 3);
    await until(() => calls.length === 2, 'resumed');
    assert.deepEqual(calls, [{ what: 'flatten', source: 'telegram' }, { what: 'resume', source: 'telegram' }]);
  } finally {
    await b.close();
  }
});

test('/flatten through the real kill switch: halted by telegram, a new buy refused, /resume lifts it', async () => {
  const b = await bot();
  try {
    const confirmLast = async (n: number): Promise<void> => {
      await until(() => b.tg.calls.filter((c) => c.method === 'sendMessage' && c.body.reply_markup).length === n, 'the question');
      b.tg.press(CHAT, lastButton(b.tg, CHAT).ok, n);
    };
    b.tg.message(CHAT, '/flatten');
    await until(() => b.tg.sent(CHAT).some((t) => t.startsWith('FLATTEN')), 'the question');
    assert.match(b.tg.sent(CHAT).find((t) => t.startsWith('FLATTEN'))!, /^FLATTEN SIM \(paper\)\? It would halt trading \(orders that open or add are refused until resume\); stop no strategy \(none running\); cancel no order \(none open\)\.\n/);
    await confirmLast(1);
    await until(() => b.session.halted() !== undefined, 'halted');
    assert.equal(b.session.halted()?.source, 'telegram');
    await until(() => b.tg.calls.some((c) => c.method === 'editMessageText' && /^trading is halted by telegram: "flatten" since .* UTC; only orders that reduce a position pass until resume\nstopped: none; cancelled: none; closing orders: none$/.test(String(c.body.text))), 'the outcome, in the shell\'s words');
    const refused = await b.session.buy('BTC/USDT', 0.01);
    assert.ok(!refused.ok && refused.refusal.code === 'trading.halted', 'a new buy is refused while halted');
    b.tg.message(CHAT, '/status');
    await until(() => b.tg.sent(CHAT).some((t) => /^HALTED since .*: trading is halted by telegram/m.test(t)), '/status says it is halted');
    b.tg.message(CHAT, '/resume');
    await confirmLast(2);
    await until(() => b.session.halted() === undefined, 'resumed');
    await until(() => b.tg.sent(CHAT).some((t) => /^trading resumed \(it was halted since .* UTC: "flatten"\)/.test(t)), 'the resume outcome');
    assert.ok((await b.session.buy('BTC/USDT', 0.01)).ok);
  } finally {
    await b.close();
  }
});

test('a stopping bot acknowledges what it handled, so a restart is not handed the same commands again', async () => {
  const b = await bot();
  b.tg.message(CHAT, '/help');
  await until(() => b.tg.sent(CHAT).length === 1, 'the answer');
  await b.close();
  const last = b.tg.calls.filter((c) => c.method === 'getUpdates').at(-1)!;
  assert.equal(last.body.offset, 2, 'the last poll acknowledges update 1');
  assert.equal(last.body.timeout, 0);
});

test('/stop ID close asks with the close preview the shell shows, and sells only what the instance holds', async () => {
  const b = await bot();
  try {
    const a = await b.session.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '100USDT', params: { fast: 5, slow: 20 } });
    b.tg.message(CHAT, `/stop ${a.id} close`);
    await until(() => b.tg.sent(CHAT).some((t) => t.startsWith(`Stop strategy ${a.id}?`)), 'the question');
    const question = b.tg.sent(CHAT).find((t) => t.startsWith(`Stop strategy ${a.id}?`))!;
    assert.ok(question.includes(b.session.closePreview(a.id).text), question);
    b.tg.press(CHAT, lastButton(b.tg, CHAT).ok, 1);
    await until(() => b.session.strategies().find((v) => v.id === a.id)?.status === 'stopped', 'stopped');
    b.tg.message(CHAT, `/stop ${a.id} now`);
    await until(() => b.tg.sent(CHAT).some((t) => t.startsWith('usage: /stop ID [close]')), 'a bad flag gets the usage');
  } finally {
    await b.close();
  }
});
