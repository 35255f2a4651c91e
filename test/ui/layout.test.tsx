import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { createSession } from '../../source/app/session/session.js';
import { App } from '../../source/ui/app.js';
import { screenLayout } from '../../source/ui/layout.js';
import { settle, typeKeys, untilListening } from '../helpers/ink.js';

test('screenLayout: one pane at 80x24 and smaller, two side by side from 100x26 (100x30, 140x30), every pane from 120x34', () => {
  for (const [c, r] of [[80, 24], [60, 20], [40, 12], [99, 30], [140, 25]]) {
    const l = screenLayout(c, r, 9, 0);
    assert.deepEqual([l.wide, l.split], [false, false], `${c}x${r}`);
  }
  for (const [c, r] of [[100, 30], [140, 30], [119, 40], [100, 26]]) {
    const l = screenLayout(c, r, 9, 0);
    assert.deepEqual([l.wide, l.split], [false, true], `${c}x${r}`);
    assert.ok(l.left >= 36 && l.left <= 46 && c - l.left >= 54, `${c}x${r}: tickers ${l.left} wide`);
  }
  for (const [c, r] of [[120, 34], [160, 50]]) assert.deepEqual([screenLayout(c, r, 9, 0).wide, screenLayout(c, r, 9, 0).split], [true, false], `${c}x${r}`);
  // The bands of the wide layout are as they were.
  assert.deepEqual(screenLayout(160, 50, 9, 0), { wide: true, split: false, left: 0, top: 14, middle: 20, bottom: 14, overlayRows: 34 });
});

test('100x30 and 140x30: the tickers beside the chart (or the focused pane); 80x24 keeps one pane', async () => {
  const s = await createSession({ persist: false, tickMs: 0, seed: 1, notifyIntervalMs: 0 });
  try {
    for (const size of [{ columns: 100, rows: 30 }, { columns: 140, rows: 30 }]) {
      const ui = render(<App session={s} color={false} size={size} />);
      await untilListening(ui.stdin);
      await settle();
      let f = ui.lastFrame()!;
      const titles = f.split('\n')[2];
      assert.match(titles, /Tickers.*Chart/, `${size.columns}x${size.rows}\n${f}`);
      assert.match(f, /BTC\/USDT/);
      assert.doesNotMatch(f, /\d…/, 'no number cut');
      for (const line of f.split('\n')) assert.ok(line.length <= size.columns, line);
      assert.equal(f.split('\n').length, size.rows);
      // Tab to the book: the tickers stay, the book takes the right.
      await typeKeys(ui, ['\t', '\t']);
      f = ui.lastFrame()!;
      assert.match(f.split('\n')[2], /Tickers.*Order book/, f);
      ui.unmount();
    }
    const small = render(<App session={s} color={false} size={{ columns: 80, rows: 24 }} />);
    await untilListening(small.stdin);
    await settle();
    assert.doesNotMatch(small.lastFrame()!.split('\n')[2], /Chart/, 'one pane at 80x24');
    small.unmount();
  } finally {
    await s.close();
  }
});
