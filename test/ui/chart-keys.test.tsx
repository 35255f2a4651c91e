import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession, type Session } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';

const sessions: Session[] = [];
after(async () => {
  for (const s of sessions) await s.close();
});

async function open(size: { columns: number; rows: number }, ascii = false) {
  const session = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  sessions.push(session);
  const ui = render(<App session={session} color={false} size={size} now={() => Date.UTC(2026, 0, 1, 12)} ascii={ascii} />);
  await untilListening(ui.stdin);
  await settle();
  return { session, ui, keys: (...k: string[]) => typeKeys(ui, k) };
}

/** The chart's rows: from its header down to its frame's bottom, only its own columns. */
function chartRows(frame: string, columns: number): string[] {
  const lines = frame.split('\n');
  const header = lines.findIndex((l) => /BTC\/USDT (\[1m\]| 1m )/.test(l));
  assert.ok(header >= 0, frame);
  const at = lines[header].indexOf('BTC/USDT');
  const end = lines.findIndex((l, i) => i > header && /^[╚└╰]/.test(l.slice(at - 1)));
  return lines.slice(header + 1, end).map((l) => l.slice(at, at + columns));
}

const UNICODE_BODIES = /[┃█▀▄╹╻╿╽]/;

for (const size of [{ columns: 80, rows: 24 }, { columns: 160, rows: 50 }]) {
  for (const ascii of [false, true]) {
    test(`${size.columns}x${size.rows}, ${ascii ? 'ASCII' : 'Unicode'}: the chart draws candles with volume and an axis, in its mode's glyphs`, async () => {
      const { ui, keys } = await open(size, ascii);
      if (size.columns < 120) await keys('\t'); // one pane at a time: Tab to the chart
      const width = size.columns < 120 ? size.columns - 2 : size.columns - 68;
      const rows = chartRows(ui.lastFrame()!, width);
      assert.ok(rows.length >= 14, rows.join('\n'));
      const plot = rows.join('\n');
      if (ascii) {
        assert.doesNotMatch(plot, UNICODE_BODIES, plot);
        assert.match(plot, /O/, 'hollow up bodies');
        assert.match(plot, /#/, 'filled down bodies');
        assert.match(plot, /\+[\d,]+\.\d\d/, 'the axis');
        assert.match(plot, /^[\x20-\x7e\n]*$/, 'the chart itself is ASCII');
      } else {
        assert.match(plot, /[┃╹╻╿╽]/, 'hollow up bodies');
        assert.match(plot, /[█▀▄]/, 'filled down bodies');
        assert.match(plot, /[▁▂▃▄▅▆▇]/, 'volume bars');
        assert.match(plot, /┤[\d,]+\.\d\d/, 'the axis');
      }
      assert.match(plot, /vol /);
      assert.match(rows.at(-1)!, /\d\d:\d\d/, 'times at the bottom');
      for (const line of ui.lastFrame()!.split('\n')) assert.ok(line.length <= size.columns, line);
      ui.unmount();
    });
  }
}

test('[ scrolls back and says how far, ] comes back; a new timeframe starts at the newest', async () => {
  const { ui, keys } = await open({ columns: 160, rows: 50 });
  assert.doesNotMatch(ui.lastFrame()!, /◀ \d+ back/);
  await keys('[');
  assert.match(ui.lastFrame()!, /BTC\/USDT \[1m\].*◀ 23 back/, 'a quarter of the 92-column chart');
  await keys('[');
  assert.match(ui.lastFrame()!, /◀ 46 back/);
  await keys(']');
  assert.match(ui.lastFrame()!, /◀ 23 back/);
  await keys(']');
  assert.doesNotMatch(ui.lastFrame()!, /◀ \d+ back/);
  await keys(']');
  assert.doesNotMatch(ui.lastFrame()!, /◀ \d+ back/, 'never past the newest');
  await keys('[', '\u001b[C');
  assert.match(ui.lastFrame()!, /BTC\/USDT  1m \[5m\]/);
  assert.doesNotMatch(ui.lastFrame()!, /◀ \d+ back/);
  ui.unmount();
});

test('v switches the chart to a line through the closes and back to candles', async () => {
  const { ui, keys } = await open({ columns: 160, rows: 50 });
  await keys('v');
  const rows = chartRows(ui.lastFrame()!, 92);
  const line = rows.slice(0, rows.findIndex((l) => /vol \d/.test(l))).join('\n'); // above the volume bars
  assert.doesNotMatch(line, UNICODE_BODIES);
  assert.match(line, /[╭╮╰╯]/);
  await keys('v');
  assert.match(chartRows(ui.lastFrame()!, 92).join('\n'), /[┃█]/);
  ui.unmount();
});

test('g groups the book by 10, 100, 1,000 ticks and back; own orders are marked at their level', async () => {
  const { session, ui, keys } = await open({ columns: 160, rows: 50 });
  const bid = session.state().market.books['sim:BTC/USDT'].bids[0][0];
  const price = Math.round((bid - 0.05) * 100) / 100;
  assert.ok((await session.buy('BTC/USDT', 0.01, price)).ok);
  await settle(30);
  await keys('g'); // any key redraws; g also groups
  assert.match(ui.lastFrame()!, /spread [\d.]+ · by 0\.10/);
  assert.match(ui.lastFrame()!, /bid ●0\.01/, 'the own buy marked in its group');
  await keys('g');
  assert.match(ui.lastFrame()!, /spread [\d.]+ · by 1\.00/);
  await keys('g');
  assert.match(ui.lastFrame()!, /spread [\d.]+ · by 10\.00/);
  await keys('g');
  assert.doesNotMatch(ui.lastFrame()!, /spread [\d.]+ · by /, 'each level again');
  assert.match(ui.lastFrame()!, new RegExp(`${price.toLocaleString('en-US', { minimumFractionDigits: 2 })}\\s+\\S+\\s+(\\S+\\s+)?bid ●0\\.01`), 'at its own price');
  assert.match(ui.lastFrame()!, /[\d,]+\.\d\d buy/, 'and on the chart axis');
  ui.unmount();
});

test('80x24: chart and book keys on another pane say where they work; ? lists them', async () => {
  const { ui, keys } = await open({ columns: 80, rows: 24 });
  await keys('[');
  assert.match(ui.lastFrame()!, /\[ \] scroll the Chart: Tab to it/);
  await keys('g');
  assert.match(ui.lastFrame()!, /g \(group by price\) works on the Book: Tab to it/);
  ui.unmount();
  // Two panes (100x30): the chart beside the tickers scrolls from the tickers.
  const split = await open({ columns: 100, rows: 30 });
  await split.keys('[');
  assert.match(split.ui.lastFrame()!, /◀ \d+ back/);
  split.ui.unmount();
  const wide = await open({ columns: 160, rows: 50 });
  await wide.keys('?');
  // The list is longer than the box: read it page by page (PgDn) to its end.
  let help = wide.ui.lastFrame()!;
  for (let i = 0; i < 6; i++) {
    await wide.keys('\u001b[6~');
    help += wide.ui.lastFrame()!;
  }
  for (const k of ['\\[', '\\]', 'v', 'g']) assert.match(help, new RegExp(`\\n[║│ ]*${k}\\s{5,}(Chart|Order book):`), k);
  wide.ui.unmount();
});
