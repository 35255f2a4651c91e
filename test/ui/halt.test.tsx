import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { SimVenue } from '../../source/adapters/simulated/sim-venue.js';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { helpText } from '../../source/ui/help-text.js';
import { StatusBar } from '../../source/ui/panes/status-bar.js';
import { makeTheme } from '../../source/ui/theme.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});
const NOON = Date.UTC(2026, 0, 1, 12);

async function session(): Promise<Session> {
  const venue = new SimVenue({ seed: 5, clock: () => NOON, tickMs: 0 });
  const s = await createSession({ persist: false, venue, notifyIntervalMs: 0 });
  sessions.push(s);
  return s;
}

/** Waits (by turns, not time) until the frame matches. */
async function frameMatching(ui: { lastFrame(): string | undefined }, re: RegExp): Promise<string> {
  for (let i = 0; i < 2_000; i++) {
    const f = ui.lastFrame() ?? '';
    if (re.test(f)) return f;
    await settle(1);
  }
  assert.fail(`no frame matched ${re}: ${ui.lastFrame()}`);
}

test('status bar: HALTED and the reason while halted, before the optional parts; gone once resumed', async () => {
  const s = await session();
  const ui = render(<StatusBar session={s} theme={makeTheme(true)} width={120} now={() => NOON} />);
  await settle();
  assert.doesNotMatch(ui.lastFrame()!, /HALTED/);
  await s.flatten({ reason: 'lunch break', source: 'tui' });
  s.store.flushNotifications();
  // Right after it, the account's figures (always shown); the rate and the clock give way first.
  await frameMatching(ui, /^ {2}SIM {2}PAPER {2}● connected {2}HALTED: lunch break {2}eq(uity)? 10,000\.00/);
  await s.resume({ source: 'tui' });
  s.store.flushNotifications();
  await frameMatching(ui, /^(?![\s\S]*HALTED)/);
  // A long reason is cut to its share of the bar; the clock and help stay.
  await s.flatten({ reason: 'x'.repeat(150), source: 'tui' });
  s.store.flushNotifications();
  const long = await frameMatching(ui, /HALTED: x+…/);
  assert.ok(/HALTED: x{29}…/.test(long), long);
  ui.unmount();
});

test("status bar: a protection's halt names its rule before the reason", async () => {
  const s = await session();
  const ui = render(<StatusBar session={s} theme={makeTheme(true)} width={200} now={() => NOON} />);
  await settle();
  s.store.dispatch({ type: 'trading/halted', data: { reason: 'equity 10% below its peak', source: 'protect', ts: NOON, rule: 'protect.maxDrawdownPercent' } });
  s.store.flushNotifications();
  // The rule first: a long reason is cut, the rule is not.
  await frameMatching(ui, /HALTED: protect\.maxDrawdownPercent: equity 10% below its …/);
  ui.unmount();
});

test('K at 80x24: what flatten would stop, cancel and close reads whole, a step a row, above the command line', async () => {
  const s = await session();
  await s.buy('BTC/USDT', 0.1, 50_000);
  const ui = render(<App session={s} color={false} size={{ columns: 80, rows: 24 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await typeKeys(ui, ['K']);
  const f = await frameMatching(ui, /:flatten /);
  const rows = f.split('\n');
  const at = rows.findIndex((r) => r.startsWith('type a reason and --yes'));
  assert.deepEqual(rows.slice(at + 1, at + 4).map((r) => r.trim()), ['halt trading (orders that open or add are refused until resume)', 'stop no strategy (none running)', 'cancel 1 open order (1)']);
  assert.match(rows[at + 4], /^:flatten /);
  assert.ok(rows.length <= 24, 'the screen keeps its size');
  ui.unmount();
});

test('the kill switch hint shows at most five steps, the rest counted', async () => {
  const { killSwitchHint } = await import('../../source/ui/pane-keys.js');
  const hint = killSwitchHint(['a', 'b', 'c', 'd', 'e', 'f', 'g']).split('\n');
  assert.deepEqual(hint.slice(1), ['  a', '  b', '  c', '  d', '  … and 3 more (Enter without --yes lists every step)']);
  assert.equal(killSwitchHint(['a', 'b']).split('\n').length, 3);
});

test('K opens the command line with flatten prefilled and what it would do; ? lists the key', async () => {
  const s = await session();
  assert.match(helpText(120), /K\s+kill switch: flatten prefilled/);
  const ui = render(<App session={s} color={false} size={{ columns: 160, rows: 50 }} now={() => NOON} />);
  await untilListening(ui.stdin);
  await typeKeys(ui, ['K']);
  const f = await frameMatching(ui, /flatten /);
  assert.match(f, /type a reason and --yes, then Enter; it would:\n\s+halt trading/);
  assert.equal(s.halted(), undefined, 'nothing happens on the key alone');
  await typeKeys(ui, [...'lunch --yes', '\r']);
  for (let i = 0; i < 2_000 && !s.halted(); i++) await settle(1);
  assert.equal(s.halted()?.source, 'tui');
  assert.equal(s.halted()?.reason, 'lunch');
  ui.unmount();
});
