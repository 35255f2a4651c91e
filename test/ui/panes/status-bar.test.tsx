import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../../source/app/session/session.js';
import type { DaemonStatus } from '../../../source/app/daemon/protocol.js';
import { StatusBar } from '../../../source/ui/panes/status-bar.js';
import { makeTheme } from '../../../source/ui/theme.js';
import { settle } from '../../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});
const theme = makeTheme(false);
const NOON = Date.UTC(2026, 0, 1, 12);

async function session(): Promise<Session> {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  sessions.push(s);
  return s;
}

test('status bar at 80 columns: equity and today\'s PnL on one line, never wrapped, with the connection and a hint', async () => {
  const s = await session();
  assert.ok((await s.buy('BTC/USDT', 0.01)).ok);
  const ui = render(<StatusBar session={s} theme={theme} width={80} now={() => NOON} />);
  await settle();
  const frame = ui.lastFrame()!;
  assert.equal(frame.split('\n').length, 1, frame);
  assert.ok(frame.length <= 80, frame);
  // The taker fee of the buy is today's loss: shown with its sign and its share of the day's opening equity.
  assert.match(frame, /● connected {2}eq 10\.00K · day -\d+\.\d\d \(-0\.\d\d%\) {2}\? help/, frame);
  ui.unmount();
});

test('status bar: at every width from 60 to 200 the equity is there, on one line that fits', async () => {
  const s = await session();
  for (let width = 60; width <= 200; width += 7) {
    const ui = render(<StatusBar session={s} theme={theme} width={width} now={() => NOON} />);
    await settle();
    const frame = ui.lastFrame()!;
    assert.equal(frame.split('\n').length, 1, `${width}: ${frame}`);
    assert.ok(frame.length <= width, `${width}: ${frame}`);
    assert.match(frame, / eq(uity)? 10[,.]0/, `${width}: ${frame}`);
    ui.unmount();
  }
});

test('status bar: a message too long for the bar gives way to its brief wording, and is shown whole where it fits', async () => {
  const s = await session();
  const message = '⚠ boom2-ETHUSDT-1m-2 stopped: onCandle() threw at 2026-12-06 20:40: boom';
  const brief = '⚠ boom2 stopped: failed · Strategy tab';
  const at = async (width: number, props: { brief?: string }) => {
    const ui = render(<StatusBar session={s} theme={theme} width={width} now={() => NOON} message={message} {...props} />);
    await settle();
    const f = ui.lastFrame()!;
    ui.unmount();
    return f;
  };
  const narrow = await at(80, { brief });
  assert.ok(narrow.includes(brief) && !narrow.includes('onCandle'), narrow);
  assert.match(narrow, / eq 10\.00K /, narrow);
  assert.match(await at(80, {}), /⚠ boom2-ETHUSDT-1m-2 stopped: onCandle\(\) threw a…/, 'without a brief wording: cut as before');
  const wide = await at(120, { brief });
  assert.ok(wide.includes(message), wide);
});

test('status bar: a message keeps its words in full at 80 columns; the equity stays, the connection gives way', async () => {
  const s = await session();
  const message = 'order 12 filled 0.01 BTC/USDT at avg 104,123.45';
  const ui = render(<StatusBar session={s} theme={theme} width={80} now={() => NOON} message={message} />);
  await settle();
  const f = ui.lastFrame()!;
  assert.ok(f.includes(message), f);
  assert.match(f, / eq 10\.00K /, f);
  ui.unmount();
});

test('status bar attached at 80 columns: the attached mark says less so "? help" stays whole', async () => {
  const s = await session();
  // The attached session is the same read model with the daemon's pid on it.
  const attached = Object.assign(Object.create(s) as Session, { attachedTo: { pid: 1234567 } });
  for (const width of [80, 90, 120]) {
    const ui = render(<StatusBar session={attached} theme={theme} width={width} now={() => NOON} />);
    await settle();
    const frame = ui.lastFrame()!;
    assert.ok(frame.length <= width, `${width}: ${frame}`);
    assert.match(frame, /attached (to daemon )?\(pid 1234567\)/, `${width}: ${frame}`);
    assert.match(frame, /\? help( · : command)?$/, `${width}: ${frame}`);
    ui.unmount();
  }
});

test('status bar attached: a notification channel that fails is said (short on a narrow bar), gone once it delivers; a session of its own asks nothing', async () => {
  const s = await session();
  let failing = true;
  const asked: number[] = [];
  const status = async (): Promise<DaemonStatus> => {
    asked.push(1);
    return { notify: [{ channel: 'webhook', pending: 2, ...(failing ? { failingSince: NOON, lastError: 'ECONNREFUSED' } : {}) }, { channel: 'telegram', pending: 0 }] } as unknown as DaemonStatus;
  };
  const attached = Object.assign(Object.create(s) as Session, { attachedTo: { pid: 42 }, daemonStatus: status });
  for (const width of [80, 120]) {
    const ui = render(<StatusBar session={attached} theme={theme} width={width} now={() => NOON} />);
    await settle();
    const frame = ui.lastFrame()!;
    assert.ok(frame.length <= width, `${width}: ${frame}`);
    assert.match(frame, width < 100 ? /notify failing/ : /notify: webhook failing/, `${width}: ${frame}`);
    assert.match(frame, /attached/, `${width}: ${frame}`);
    assert.match(frame, /\? help/, `${width}: ${frame}`);
    ui.unmount();
  }
  failing = false;
  const ui = render(<StatusBar session={attached} theme={theme} width={120} now={() => NOON} />);
  await settle();
  assert.doesNotMatch(ui.lastFrame()!, /notify/);
  ui.unmount();
  const before = asked.length;
  const own = render(<StatusBar session={s} theme={theme} width={120} now={() => NOON} />);
  await settle();
  assert.doesNotMatch(own.lastFrame()!, /notify/);
  own.unmount();
  assert.equal(asked.length, before);
});

test('status bar: a perpetual position near its liquidation is named, though the cross margin ratio says 0% (isolated)', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON, limits: { maxLeverage: 100 } });
  sessions.push(s);
  const perp = 'BTC/USDT:USDT';
  const bar = async (width: number) => {
    const ui = render(<StatusBar session={s} theme={theme} width={width} now={() => NOON} />);
    await settle();
    const f = ui.lastFrame()!;
    ui.unmount();
    return f;
  };
  await s.futures.setMarginMode(perp, 'isolated');
  await s.futures.setLeverage(perp, 2);
  assert.ok((await s.order({ symbol: perp, side: 'buy', type: 'market', qty: 0.01 })).ok);
  assert.doesNotMatch(await bar(120), /liquidation|LIQ/, 'at 2x it is far from its liquidation: nothing said');
  assert.ok((await s.order({ symbol: perp, side: 'sell', type: 'market', qty: 0.01, reduceOnly: true })).ok);
  await s.futures.setLeverage(perp, 100);
  assert.ok((await s.order({ symbol: perp, side: 'buy', type: 'market', qty: 0.01 })).ok);
  const wide = await bar(120);
  assert.match(wide, /margin ratio 0\.00% {2}BTC\/USDT:USDT 0\.\d% from liquidation /, wide);
  assert.ok(wide.length <= 120, wide);
  const narrow = await bar(80);
  assert.match(narrow, / MR 0\.00% {2}LIQ 0\.\d% {2}eq \d/, `${narrow}: the ratio's label shortens so the equity stays`);
  assert.ok(narrow.length <= 80, narrow);
});

test('status bar at 80 columns with perpetuals and halted: a strategy\'s stop is still said, the marks giving up their details first', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  sessions.push(s);
  const message = '⚠ sma-ls-BTCUSDT-1m-1 stopped: onCandle() threw an error: something the strategy said';
  const bar = async (words: { brief?: string; least?: string }) => {
    const ui = render(<StatusBar session={s} theme={theme} width={80} now={() => NOON} message={message} {...words} />);
    await settle();
    const f = ui.lastFrame()!;
    ui.unmount();
    assert.ok(f.length <= 80 && !f.includes('\n'), f);
    return f;
  };
  const words = { brief: '⚠ sma-ls stopped: failed · Strategy tab', least: '⚠ sma-ls stopped: failed' };
  const futures = await bar(words);
  assert.match(futures, / MR 0\.00% .* ⚠ sma-ls stopped: failed · Strategy tab$/, `${futures}: the brief whole, the position mode given up for it`);
  await s.flatten({ reason: 'flatten from the app', source: 'tui' });
  const halted = await bar(words);
  assert.match(halted, / HALTED {2}MR 0\.00% .* ⚠ sma-ls stopped: failed$/, `${halted}: HALTED stays (its reason: status, Log), the stop said in its least words`);
  const wider = render(<StatusBar session={s} theme={theme} width={160} now={() => NOON} message={message} {...words} />);
  await settle();
  assert.match(wider.lastFrame()!, /HALTED: flatten from the app {2}one-way · margin ratio 0\.00% .* ⚠ sma-ls stopped: failed · Strategy tab/, wider.lastFrame());
  wider.unmount();
});

test('status bar attached with perpetuals at 80 columns: the equity and "? help" whole, the position mode given up for them', async () => {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0, perpetuals: true });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0, clock: () => NOON });
  sessions.push(s);
  const attached = Object.assign(Object.create(s) as Session, { attachedTo: { pid: 20328 } });
  for (const width of [80, 120, 160]) {
    const ui = render(<StatusBar session={attached} theme={theme} width={width} now={() => NOON} />);
    await settle();
    const frame = ui.lastFrame()!;
    ui.unmount();
    assert.ok(frame.length <= width && !frame.includes('…'), `${width}: ${frame}`);
    assert.match(frame, /(eq|equity) 20[.,]00.* {2}\? help/, `${width}: ${frame}`);
    if (width >= 120) assert.match(frame, /one-way · margin ratio 0\.00%/, `${width}: ${frame}`);
  }
});
