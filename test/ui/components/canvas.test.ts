/**
 * The Canvas styles a span by putting chalk's own open and close codes around it: the text
 * must be exactly what chalk writes, in every style, at every colour level.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import chalk, { type ChalkInstance, type ColorName } from 'chalk';
import { renderLine, type Span } from '../../../source/ui/components/canvas.js';

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
