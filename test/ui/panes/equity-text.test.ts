import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DayPnl } from '../../../source/engine/day-pnl.js';
import { dayTone, equityText } from '../../../source/ui/panes/equity-text.js';

const day = (total: number, pnl: number, unvalued: string[] = []): DayPnl => {
  const opening = total - pnl;
  return { equity: { quote: 'USDT', total, unvalued, perpetuals: false }, pnl, opening, ...(opening > 0 ? { fraction: pnl / opening } : {}) };
};

test('equity text: the longest wording that fits, down to the shortest', () => {
  const d = day(10_234.56, -204.69);
  assert.equal(equityText(d, 200), ' equity 10,234.56 USDT · today -204.69 USDT (-1.96%) ');
  assert.equal(equityText(d, 45), ' eq 10,234.56 · today -204.69 (-1.96%) ');
  assert.equal(equityText(d, 35), ' eq 10.23K · day -204.69 (-1.96%) ');
  assert.equal(equityText(d, 20), ' eq 10.23K -1.96% ');
  // No room at all: the shortest still (the bar cuts other parts first).
  assert.equal(equityText(d, 0), ' eq 10.23K -1.96% ');
  for (const room of [0, 10, 20, 30, 40, 50, 60]) assert.ok(equityText(d, room).length <= Math.max(room, 18), `${room}`);
});

test('equity text: a gain has its sign, a zero none, and an asset with no price makes the equity a floor (≥)', () => {
  assert.match(equityText(day(10_500, 500), 200), /today \+500\.00 USDT \(\+5\.00%\)/);
  assert.match(equityText(day(10_000, -0.001), 200), /today 0\.00 USDT \(0\.00%\)/);
  assert.equal(dayTone(day(10_000, -0.001)), 'flat');
  assert.equal(dayTone(day(10_000, -3)), 'down');
  assert.equal(dayTone(day(10_000, 3)), 'up');
  assert.match(equityText(day(10_000, 0, ['DOGE']), 200), /^ equity ≥10,000\.00 USDT/);
  assert.match(equityText(day(10_000, 0, ['DOGE']), 10), /^ eq ≥10\.00K/);
});

test('equity text: with no opening equity there is no percent, and the amount is shown instead', () => {
  const d = day(0, 0);
  assert.equal(d.fraction, undefined);
  assert.equal(equityText(d, 200), ' equity 0.00 USDT · today 0.00 USDT ');
  assert.equal(equityText(d, 10), ' eq 0.00 0.00 ');
});
