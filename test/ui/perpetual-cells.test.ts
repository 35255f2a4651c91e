import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fittingColumns } from '../../source/ui/components/data-table.js';
import { COMPACT_COLUMNS, isCompact, shortSymbol, span, tight, WIDE_COLUMNS } from '../../source/ui/panes/perpetual-cells.js';

test('the compact columns fit an 80-column terminal\'s pane; the wide ones are kept where they fit', () => {
  assert.equal(span(COMPACT_COLUMNS), 78);
  assert.equal(isCompact(78), true);
  assert.equal(isCompact(span(WIDE_COLUMNS)), false);
  assert.equal(isCompact(undefined), false);
});

test('narrower still, mark goes first, then entry, then margin; symbol, side, size, liquidation, PnL and ROE stay', () => {
  const headers = (width: number) => fittingColumns(COMPACT_COLUMNS, width).map((i) => COMPACT_COLUMNS[i].header);
  assert.deepEqual(headers(78), ['SYMBOL', 'SIDE', 'SIZE', 'ENTRY', 'MARK', 'LIQ.PRICE', 'MARGIN', 'UPNL', 'ROE']);
  assert.deepEqual(headers(70), ['SYMBOL', 'SIDE', 'SIZE', 'ENTRY', 'LIQ.PRICE', 'MARGIN', 'UPNL', 'ROE']);
  assert.deepEqual(headers(60), ['SYMBOL', 'SIDE', 'SIZE', 'LIQ.PRICE', 'MARGIN', 'UPNL', 'ROE']);
  assert.deepEqual(headers(50), ['SYMBOL', 'SIDE', 'SIZE', 'LIQ.PRICE', 'UPNL', 'ROE']);
});

test('short symbols as Binance writes them; numbers give up separators, then decimals, never digits', () => {
  assert.equal(shortSymbol('BTC/USDT:USDT'), 'BTCUSDT');
  assert.equal(shortSymbol('BTC/USD:BTC'), 'BTC/USD:BTC', 'a coin-margined contract keeps its full name');
  assert.equal(shortSymbol('BTC/USDT'), 'BTC/USDT');
  assert.equal(tight('104,549.55', 9), '104549.55');
  assert.equal(tight('-12,345.67', 8), '-12345.7');
  assert.equal(tight('-123,456.78', 8), '-123457');
  assert.equal(tight('+1,234.56%', 8), '+1234.6%');
  assert.equal(tight('+1,234.56%', 7), '+1235%');
  assert.equal(tight('--', 9), '--');
  assert.equal(tight('0.01000', 7), '0.01000');
});
