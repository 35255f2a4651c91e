import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import type { ActivityEntry, ActivityLog } from '../../../source/app/activity/activity-log.js';
import { ActivityTable, activityRows } from '../../../source/ui/panes/activity-table.js';
import { makeTheme } from '../../../source/ui/theme.js';

const T = Date.UTC(2026, 11, 7, 1, 13);

function fakeLog(texts: readonly string[]): ActivityLog {
  const entries: ActivityEntry[] = texts.map((text, i) => ({ ts: T + i * 1_000, level: 'good', text }));
  return { entries: () => entries, note: () => undefined, subscribe: () => () => undefined, follow: () => () => undefined, stop: () => undefined };
}

test('the Log at 80 columns (78 inside the pane): a strategy\'s fill names the strategy whole, on the next row', () => {
  const fill = 'filled: order 3 buy 0.00109 BTC/USDT:USDT at 91,489.34, by strategy sma-ls-BTCUSDT:USDT-1m-1';
  const log = fakeLog(['filled: order 1 sell 0.00109 BTC/USDT at 91,357.54', fill]);
  const ui = render(<ActivityTable log={log} theme={makeTheme(false)} maxRows={10} width={78} selected={0} />);
  const frame = ui.lastFrame()!;
  ui.unmount();
  const rows = frame.split('\n');
  assert.ok(rows.every((r) => r.length <= 78), frame);
  assert.match(rows[1], /^01:13:01 filled: order 3 buy 0\.00109 BTC\/USDT:USDT at 91,489\.34, by strategy *$/, frame);
  assert.match(rows[2], /^ {9}sma-ls-BTCUSDT:USDT-1m-1 *$/, `the id whole, under the line it ends:\n${frame}`);
  assert.match(rows[3], /^01:13:00 filled: order 1 sell/, frame);
  assert.ok(!frame.includes('…'), frame);
});

test('activityRows: a line that fits is one row; a longer one wraps at words, at most three rows, the last cut with …', () => {
  assert.deepEqual(activityRows('short', 20), ['short']);
  assert.deepEqual(activityRows('one two three four five', 10), ['one two', 'three four', 'five']);
  assert.deepEqual(activityRows('one two three four five six seven eight', 10), ['one two', 'three four', 'five six …']);
  assert.ok(activityRows('x'.repeat(100), 10).every((r) => r.length <= 10), 'a word longer than the column is cut, not left over');
});
