import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { App } from '../../source/ui/app.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';
import { BUDGET_MS, replaySession, strategyFiles } from '../helpers/bad-strategies.js';

const ENTER = '\r';

/** Waits for the frame to match: a strategy file loads through tsx, slow on a loaded machine (a generous deadline, no timing asserted). */
async function frameMatches(ui: { lastFrame(): string | undefined }, re: RegExp): Promise<void> {
  for (let waited = 0; waited < 120_000 && !re.test(ui.lastFrame()!); waited += 20) await new Promise((r) => setTimeout(r, 20));
  // Asserted here: a wait that ran out used to go on silently (two minutes, then the next step).
  assert.match(ui.lastFrame()!, re);
}
const ESC = '\u001b';

test('the app: a strategy that loops on its warm-up is refused with the reason; one that throws live is shown stopped with it; the app runs on', async () => {
  const files = strategyFiles();
  const { session, venue } = await replaySession({ notifyIntervalMs: 0 });
  const ui = render(<App session={session} color={false} size={{ columns: 160, rows: 50 }} now={() => venue.now} />);
  try {
    await untilListening(ui.stdin);
    await settle();
    await typeKeys(ui, [':', ...`start ${files['warmup-loops']} BTC/USDT`, ENTER]);
    await frameMatches(ui, /did not return/);
    assert.match(ui.lastFrame()!, new RegExp(`strategy warmup-loops-BTCUSDT-1m-1 stopped: onCandle\\(\\) did not return within ${BUDGET_MS} ms`));
    await typeKeys(ui, [ESC, ':', ...`start ${files['live-throws']} BTC/USDT`, ENTER]);
    await frameMatches(ui, /started live-throws/);
    assert.match(ui.lastFrame()!, /started live-throws-BTCUSDT-1m-2/);
    await typeKeys(ui, [ESC]);
    while (session.strategies().find((v) => v.name === 'live-throws')?.status === 'running' && venue.next()) await session.strategiesIdle();
    // The id column is as wide as an id (24) and pads it: any run of spaces before the state.
    await frameMatches(ui, /live-throws-BTCUS\S* +✗ failed/);
    // The Strategy pane (focus it, select the instance): its line says why it is not running.
    await typeKeys(ui, ['\t', '\t', '\t', '\t']);
    assert.match(ui.lastFrame()!, /▶ Strategy/);
    await typeKeys(ui, ['j']);
    // The reason whole on the lines under the table (the pane has room), not cut.
    assert.match(ui.lastFrame()!, /size 100USDT · stopped[^\n]*\n[^\n]*onCandle\(\) threw at \d{4}-\d\d-\d\d \d\d:\d\d: live exploded/);
    await typeKeys(ui, [':', ...'balance', ENTER]);
    await frameMatches(ui, /USDT\s+10,000/);
    assert.match(ui.lastFrame()!, /USDT\s+10,000\.00/, 'the app still answers');
  } finally {
    ui.unmount();
    await session.close();
  }
});

test('the app: a strategy the runtime stops while another pane is in view says so in the status bar', async () => {
  const files = strategyFiles();
  const { session, venue } = await replaySession({ notifyIntervalMs: 0 });
  const ui = render(<App session={session} color={false} size={{ columns: 80, rows: 24 }} now={() => venue.now} />);
  try {
    await untilListening(ui.stdin);
    await settle();
    const id = (await session.startStrategy({ strategy: files['live-throws'], symbol: 'BTC/USDT', size: '100USDT' })).id;
    await settle();
    // At 80x24 one pane at a time: the Tickers, not the Strategy pane.
    assert.match(ui.lastFrame()!, /▶ Tickers/);
    while (session.strategies().find((v) => v.id === id)?.status === 'running' && venue.next()) await session.strategiesIdle();
    await frameMatches(ui, /⚠ live-throws/);
    // At 80 columns the reason's text would be cut before it says anything ("onCandle() threw a…"):
    // the bar says who stopped and why in brief, and where the rest is, whole.
    const bar = ui.lastFrame()!.split('\n').at(-1)!;
    assert.match(bar, /⚠ live-throws stopped: failed · Strategy tab/, bar);
    assert.doesNotMatch(bar, /…/, bar);
    // Where the bar has room, the whole reason (as the Strategy pane, status ID and the Log have it).
    ui.rerender(<App session={session} color={false} size={{ columns: 160, rows: 50 }} now={() => venue.now} />);
    await frameMatches(ui, /live exploded/);
    const wide = ui.lastFrame()!.split('\n').find((l) => l.startsWith('  REPLAY  PAPER')) ?? ui.lastFrame()!; // the status bar
    assert.match(wide, new RegExp(`⚠ ${id} stopped: onCandle\\(\\) threw at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d: live exploded`), wide);
  } finally {
    ui.unmount();
    await session.close();
  }
});
