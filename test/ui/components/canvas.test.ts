/**
 * The Canvas styles a span by putting chalk's own open and close codes around it: the text
 * must be exactly what chalk writes, in every style, at every colour level.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import chalk, { type ChalkInstance, type ColorName } from 'chalk';
import { renderLine, sameLine, type Span } from '../../../source/ui/components/canvas.js';

/** The span through chalk itself, as the Canvas styled it before. */
function viaChalk(span: Span): string {
  let c: ChalkInstance | undefined;
  if (span.dim) c = (c ?? chalk).dim;
  if (span.color && span.color in chalk) c = (c ?? chalk)[span.color as ColorName];
  if (span.bold) c = (c ?? chalk).bold;
  if (span.inverse) c = (c ?? chalk).inverse;
  return c ? c(span.text) : span.text;
}

test('a styled span is byte for byte what chalk writes, at every colour level', () => {
  const level = chalk.level;
  try {
    for (const at of [3, 1, 0, 2] as const) {
      chalk.level = at;
      for (const color of [undefined, 'green', 'red', 'cyan', 'yellow', 'gray', 'blackBright', '#ff8800']) {
        for (let bits = 0; bits < 8; bits++) {
          for (const text of ['BTC/USDT 104,902.70 ▲', 'x', '', 'two\nlines', `in \u001b[31mred\u001b[39m out`]) {
            const span: Span = { text, color, bold: (bits & 1) !== 0, dim: (bits & 2) !== 0, inverse: (bits & 4) !== 0 };
            const width = text.length + 3;
            assert.equal(renderLine([span], width), viaChalk(span) + '   ', JSON.stringify({ at, span }));
          }
        }
      }
    }
  } finally {
    chalk.level = level;
  }
});

test('a line is drawn alike only when every span has the same text and style', () => {
  const line: Span[] = [{ text: 'BTC/USDT', bold: true }, { text: ' 104,902.70 ▲', color: 'green', optional: true }];
  assert.equal(sameLine(line, line.map((s) => ({ ...s }))), true, 'new objects, same spans');
  assert.equal(sameLine('abc', 'abc'), true);
  assert.equal(sameLine(undefined, line), false);
  assert.equal(sameLine('BTC/USDT', [{ text: 'BTC/USDT' }]), false);
  assert.equal(sameLine(line, line.slice(0, 1)), false);
  for (const change of [{ text: ' 104,902.71 ▲' }, { color: 'red' }, { bold: true }, { dim: true }, { inverse: true }, { optional: false }]) {
    assert.equal(sameLine(line, [line[0], { ...line[1], ...change }]), false, JSON.stringify(change));
  }
});
