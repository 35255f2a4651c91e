/**
 * One screen row's text from what the output pass wrote to it, exactly as Ink 6.8's
 * `Output.get` makes it (cells laid out, then styled runs joined): the row half of the fast
 * output pass (./fast-output.ts), which test/ui/fast-output.test.tsx compares against Ink.
 */
import { ansiCodesToString, diffAnsiCodes, type AnsiCode, type StyledChar } from '@alcalzone/ansi-tokenize';
import { BLANK, cell, EMPTY, type JoinedLine, type StyledLine } from './styled-cells.js';

const transitions = new WeakMap<AnsiCode[], Map<AnsiCode[], string>>();
/** The escape codes that turn style `from` into style `to`, as Ink's styledCharsToString writes them. */
function transition(from: AnsiCode[], to: AnsiCode[]): string {
  let row = transitions.get(from);
  if (row === undefined) {
    row = new Map();
    transitions.set(from, row);
  }
  let codes = row.get(to);
  if (codes === undefined) {
    codes = ansiCodesToString(diffAnsiCodes(from, to));
    row.set(to, codes);
  }
  return codes;
}

function rowToString(row: readonly (StyledChar | undefined)[]): string {
  let out = '';
  let style = EMPTY;
  for (const cell of row) {
    if (cell === undefined) continue;
    if (cell.styles !== style) {
      out += transition(style, cell.styles);
      style = cell.styles;
    }
    out += cell.value;
  }
  if (style !== EMPTY) out += transition(style, EMPTY);
  return out.trimEnd();
}

/**
 * What was written to one screen row, in order: at each `xs[i]` the cells of `lines[i]`.
 * Cached lines are never changed, so the same list (same columns, same line objects) always
 * makes the same row text.
 */
export interface RowWrites {
  readonly xs: number[];
  readonly lines: StyledLine[];
}

export const sameWrites = (a: RowWrites, b: RowWrites): boolean => {
  if (a.xs.length !== b.xs.length) return false;
  for (let i = 0; i < a.xs.length; i++) if (a.xs[i] !== b.xs[i] || a.lines[i] !== b.lines[i]) return false;
  return true;
};

/** A line's cells as a row writes them, kept with the line (a cached line's cells never change). */
function joined(line: StyledLine): JoinedLine {
  if (line.joined !== undefined) return line.joined;
  const first = line.chars[0].styles;
  let style = first;
  let body = '';
  for (const cell of line.chars) {
    if (cell.styles !== style) {
      body += transition(style, cell.styles);
      style = cell.styles;
    }
    body += cell.value;
  }
  return (line.joined = { first, body, last: style });
}

const spaceRuns: string[] = [];
const spaces = (n: number): string => (spaceRuns[n] ??= ' '.repeat(n));

/**
 * The row's text. A screen row is mostly lines side by side, none over another and each a cell
 * a column (a pane's border is written before its content, so not in column order): then it is
 * those lines' texts joined in column order, with blanks between and the style transitions at
 * their edges, the very string the cells would make. Anything else (a line over another, wide
 * characters) is laid out cell by cell as Ink does.
 */
export function rowText(writes: RowWrites, width: number): string {
  const order = sideBySide(writes);
  if (order === undefined) return cellRowText(writes, width);
  let out = '';
  let style = EMPTY;
  let pos = 0;
  for (const i of order) {
    const x = writes.xs[i];
    const line = writes.lines[i];
    // Columns past the row's width that no line wrote are holes Ink leaves out, not blanks.
    const blanks = Math.min(x, width) - pos;
    if (blanks > 0) {
      if (style !== EMPTY) out += transition(style, EMPTY);
      style = EMPTY;
      out += spaces(blanks);
    }
    const text = joined(line);
    if (text.first !== style) out += transition(style, text.first);
    out += text.body;
    style = text.last;
    pos = x + line.chars.length;
  }
  if (width > pos) {
    if (style !== EMPTY) out += transition(style, EMPTY);
    style = EMPTY;
    out += spaces(width - pos);
  }
  if (style !== EMPTY) out += transition(style, EMPTY);
  return out.trimEnd();
}

/** The writes' lines that have cells, in column order; undefined when two share a column or a cell is not one column. */
function sideBySide(writes: RowWrites): number[] | undefined {
  const order: number[] = [];
  for (let i = 0; i < writes.xs.length; i++) {
    const x = writes.xs[i];
    const line = writes.lines[i];
    if (line.widths !== undefined || !Number.isInteger(x) || x < 0) return undefined;
    if (line.chars.length === 0) continue;
    let k = order.length;
    while (k > 0 && writes.xs[order[k - 1]] > x) k--;
    order.splice(k, 0, i);
  }
  for (let k = 1; k < order.length; k++) {
    const before = order[k - 1];
    if (writes.xs[before] + writes.lines[before].chars.length > writes.xs[order[k]]) return undefined;
  }
  return order;
}

/** The row's cells as Ink lays them: later writes over earlier ones, wide characters over their second column. */
function cellRowText(writes: RowWrites, width: number): string {
  const row = new Array<StyledChar | undefined>(width).fill(BLANK);
  for (let i = 0; i < writes.xs.length; i++) {
    const { chars, widths } = writes.lines[i];
    let offsetX = writes.xs[i];
    for (let c = 0; c < chars.length; c++) {
      const ch = chars[c];
      row[offsetX] = ch;
      const w = widths === undefined ? 1 : widths[c];
      for (let k = 1; k < w; k++) row[offsetX + k] = cell('', false, ch.styles);
      offsetX += w;
    }
  }
  return rowToString(row);
}

