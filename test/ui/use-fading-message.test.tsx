import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { MESSAGE_MS, useFadingMessage } from '../../source/ui/use-fading-message.js';

const clock = { t: 1_000 };
function Probe({ message, seq, busy }: { message?: string; seq: number; busy: boolean }) {
  return <Text>[{useFadingMessage(message, seq, busy, () => clock.t) ?? 'hints'}]</Text>;
}

test('the status bar message fades after its time on the app clock, the same words said again show again, and work in progress never fades', () => {
  const ui = render(<Probe message="order 1 cancelled" seq={1} busy={false} />);
  assert.equal(ui.lastFrame(), '[order 1 cancelled]');
  clock.t += MESSAGE_MS - 1;
  ui.rerender(<Probe message="order 1 cancelled" seq={1} busy={false} />);
  assert.equal(ui.lastFrame(), '[order 1 cancelled]', 'not yet');
  clock.t += 1;
  ui.rerender(<Probe message="order 1 cancelled" seq={1} busy={false} />);
  assert.equal(ui.lastFrame(), '[hints]', 'faded: the key hints are back');
  ui.rerender(<Probe message="order 1 cancelled" seq={2} busy={false} />);
  assert.equal(ui.lastFrame(), '[order 1 cancelled]', 'said again: shown again');
  ui.rerender(<Probe message="stopping strategies…" seq={3} busy />);
  clock.t += MESSAGE_MS * 3;
  ui.rerender(<Probe message="stopping strategies…" seq={3} busy />);
  assert.equal(ui.lastFrame(), '[stopping strategies…]', 'busy: kept');
  ui.unmount();
});

test('the message fades by itself when nothing else redraws (a timer asks for the redraw; the clock still decides)', async () => {
  const t = { now: 5_000 };
  function Alone() {
    return <Text>[{useFadingMessage('started sma', 1, false, () => t.now, 30) ?? 'hints'}]</Text>;
  }
  const ui = render(<Alone />);
  assert.equal(ui.lastFrame(), '[started sma]');
  t.now += 30;
  const end = Date.now() + 10_000;
  while (ui.lastFrame() !== '[hints]' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  assert.equal(ui.lastFrame(), '[hints]', 'faded without a rerender from outside');
  ui.unmount();
});
