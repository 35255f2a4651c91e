/**
 * A faster `Output.get` for Ink 6.8: the same frame, byte for byte, in a fraction of the time.
 *
 * Ink rebuilds every frame from scratch: a fresh object per screen cell, every line re-tokenised
 * into styled characters, every width measured with Intl.Segmenter, and its caches thrown
 * away with each frame. At 160x50 that pass was two thirds of the cost of a frame. Here the
 * caches outlive the frame (a market screen repeats most of its lines), blank cells are shared,
 * ASCII widths are not measured, and style transitions are memoised per pair of styles.
 *
 * Ink has no hook for this, so the method is replaced on Ink's own `Output` class. It is done
 * only for the Ink versions the equivalence test (test/ui/fast-output.test.tsx) has compared
 * against Ink's original; any other version keeps Ink's own pass.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffAnsiCodes, ansiCodesToString, reduceAnsiCodesIncremental, styledCharsFromTokens, tokenize, type AnsiCode, type StyledChar } from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import stringWidth from 'string-width';
import { fastStringWidth, plainWidth, sgrEnd } from './fast-width.js';

interface Clip {
  readonly x1?: number;
  readonly x2?: number;
  readonly y1?: number;
  readonly y2?: number;
}
type Transformer = (line: string, index: number) => string;
type Operation =
  | { readonly type: 'write'; readonly x: number; readonly y: number; readonly text: string; readonly transformers: readonly Transformer[] }
  | { readonly type: 'clip'; readonly clip: Clip }
  | { readonly type: 'unclip' };

/** The part of Ink's `Output` instance the pass reads. */
export interface InkOutput {
  readonly width: number;
  readonly height: number;
  readonly operations: readonly Operation[];
}
export interface InkFrame {
  readonly output: string;
  readonly height: number;
}
interface OutputClass {
  prototype: { get: (this: InkOutput) => InkFrame };
}

/** Ink versions whose `Output.get` this reproduces exactly. */
const VERIFIED_INK = /^6\.8\./;

/** A map that forgets everything when full: cheap, and a screen's lines come back within a frame. */
class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
  }
}

const EMPTY: AnsiCode[] = [];
const BLANK: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: EMPTY }) as StyledChar;

const interned = new BoundedCache<AnsiCode[]>(4096);
/** One array per distinct style, so that "same style as the last cell" is an identity test. */
function intern(styles: AnsiCode[]): AnsiCode[] {
  if (styles.length === 0) return EMPTY;
  let key = '';
  for (const s of styles) key += `${s.code}\u0000${s.endCode}\u0001`;
  const known = interned.get(key);
  if (known) return known;
  interned.set(key, styles);
  return styles;
}

/**
 * One cell object per distinct character in a given (interned) style, shared by every line
 * that holds it: nothing writes to a cell. Cached lines made their own objects before, one per
 * character (with a hidden class each, from the tokenizer's spread), which held ~10 MB more
 * heap once the line cache had filled. Weak by style: a style forgotten by `intern` takes its
 * cells with it once no cached line uses them.
 */
interface StyleCells {
  /** Printable ASCII by char code (most of a screen): no string key per cell. */
  readonly ascii: (StyledChar | undefined)[];
  readonly other: Map<string, StyledChar>;
}
const cellsByStyle = new WeakMap<AnsiCode[], StyleCells>();
function cellsOf(styles: AnsiCode[]): StyleCells {
  let cells = cellsByStyle.get(styles);
  if (cells === undefined) {
    cells = { ascii: new Array<StyledChar | undefined>(128), other: new Map() };
    cellsByStyle.set(styles, cells);
  }
  return cells;
}

function cell(value: string, fullWidth: boolean, styles: AnsiCode[]): StyledChar {
  if (styles === EMPTY && value === ' ' && !fullWidth) return BLANK;
  return cellIn(cellsOf(styles), value, fullWidth, styles);
}

function cellIn(cells: StyleCells, value: string, fullWidth: boolean, styles: AnsiCode[]): StyledChar {
  const code = value.length === 1 ? value.charCodeAt(0) : 128;
  let c = code < 128 ? cells.ascii[code] : cells.other.get(value);
  // `fullWidth` follows from the value (tokenize decides it per grapheme): checked all the same.
  if (c === undefined || c.fullWidth !== fullWidth) {
    c = styles === EMPTY && value === ' ' && !fullWidth ? BLANK : (Object.freeze({ type: 'char', value, fullWidth, styles }) as StyledChar);
    if (code < 128) cells.ascii[code] = c;
    else cells.other.set(value, c);
  }
  return c;
}

/**
 * The style a colour code leaves after `style`, kept per pair: a screen has a few styles and
 * codes, met thousands of times a frame. The tokenizer's reduction reads only the codes'
 * values, which an interned style holds as the running list did, so the result is the same.
 */
const stylesAfter = new WeakMap<AnsiCode[], Map<string, AnsiCode[]>>();
function styleAfter(style: AnsiCode[], code: string): AnsiCode[] {
  let next = stylesAfter.get(style);
  if (next === undefined) stylesAfter.set(style, (next = new Map()));
  let after = next.get(code);
  if (after === undefined) {
    let codes = style;
    for (const token of tokenize(code)) if (token.type === 'ansi') codes = reduceAnsiCodesIncremental(codes, [token]);
    after = intern([...codes]);
    next.set(code, after);
  }
  return after;
}

/**
 * The cells of a line made only of plain narrow characters and colour codes (fast-width.ts),
 * as `styledCharsFromTokens(tokenize(line))` makes them, without segmenting the line into
 * graphemes: each of its code units is a grapheme, never full width. Only the colour codes go
 * through the tokenizer. Undefined for any other line. Most of a first frame's lines are such.
 */
export function plainStyledChars(line: string): StyledChar[] | undefined {
  if (plainWidth(line) < 0) return undefined;
  const chars: StyledChar[] = [];
  let style = EMPTY;
  let cells = cellsOf(style);
  for (let i = 0; i < line.length; i++) {
    if (line.charCodeAt(i) !== 0x1b) {
      chars.push(cellIn(cells, line[i], false, style));
      continue;
    }
    const end = sgrEnd(line, i);
    style = styleAfter(style, line.slice(i, end));
    cells = cellsOf(style);
    i = end - 1;
  }
  return chars;
}

/**
 * A line's cells, and each cell's width when any is not 1 (undefined: every cell is one
 * column, as on every plain line). Widths are measured once per line, not once per frame.
 */
interface StyledLine {
  readonly chars: readonly StyledChar[];
  readonly widths: Uint8Array | undefined;
}

const styledLines = new BoundedCache<StyledLine>(1_000);
function styledLine(line: string): StyledLine {
  let styled = styledLines.get(line);
  if (styled === undefined) {
    const plain = plainStyledChars(line);
    styled = plain ? { chars: plain, widths: undefined } : measured(tokenized(line));
    styledLines.set(line, styled);
  }
  return styled;
}

function measured(chars: StyledChar[]): StyledLine {
  let widths: Uint8Array | undefined;
  for (let i = 0; i < chars.length; i++) {
    const w = charWidth(chars[i].value);
    if (w === 1) continue;
    widths ??= new Uint8Array(chars.length).fill(1);
    widths[i] = w;
  }
  return { chars, widths };
}

/** Ink's own way: the line segmented and tokenised, each cell then shared. */
function tokenized(line: string): StyledChar[] {
  const parsed = styledCharsFromTokens(tokenize(line));
  const chars = new Array<StyledChar>(parsed.length);
  for (let i = 0; i < parsed.length; i++) chars[i] = cell(parsed[i].value, parsed[i].fullWidth, intern(parsed[i].styles));
  return chars;
}

// Unbundled, string-width is the package itself: the same shortcut in front of it as the bundle's.
const measure = fastStringWidth(() => stringWidth);
const widths = new BoundedCache<number>(5_000);
function width(text: string): number {
  let w = widths.get(text);
  if (w === undefined) {
    w = measure(text);
    widths.set(text, w);
  }
  return w;
}

function charWidth(value: string): number {
  if (value.length === 1) {
    const code = value.charCodeAt(0);
    if (code >= 0x20 && code < 0x7f) return 1;
  }
  return Math.max(1, width(value));
}

const blockWidths = new BoundedCache<number>(2_000);
function widestLine(text: string): number {
  let w = blockWidths.get(text);
  if (w === undefined) {
    w = 0;
    for (const line of text.split('\n')) w = Math.max(w, width(line));
    blockWidths.set(text, w);
  }
  return w;
}

/**
 * Cuts by line, then by where: the same line object comes back each frame (the texts and their
 * lines are cached), so no key is built and the line's hash is computed once.
 */
const slices = new BoundedCache<Map<number | string, string>>(2_000);
function slice(line: string, from: number, to: number): string {
  let cuts = slices.get(line);
  if (cuts === undefined) slices.set(line, (cuts = new Map()));
  // Columns are small whole numbers: one number holds both ends (anything else, a text key).
  const where = isColumn(from) && isColumn(to) ? from * 0x10000 + to : `${from}:${to}`;
  let s = cuts.get(where);
  if (s === undefined) {
    s = sliceAnsi(line, from, to);
    cuts.set(where, s);
  }
  return s;
}

/** The last cut of each text: a pane's text comes back at the same place between the same edges frame after frame. */
const cutTexts = new BoundedCache<{ readonly x: number; readonly x1: number; readonly x2: number; readonly lines: readonly string[] }>(1_000);
/** `text`'s lines cut to the columns x1..x2, the text starting at column x. */
function clipped(text: string, lines: readonly string[], x: number, x1: number, x2: number): readonly string[] {
  const known = cutTexts.get(text);
  if (known !== undefined && known.x === x && known.x1 === x1 && known.x2 === x2) return known.lines;
  const cut = lines.map((line) => {
    const from = x < x1 ? x1 - x : 0;
    const w = width(line);
    const to = x + w > x2 ? x2 - x : w;
    return slice(line, from, to);
  });
  cutTexts.set(text, { x, x1, x2, lines: cut });
  return cut;
}

const isColumn = (n: number): boolean => Number.isInteger(n) && n >= 0 && n < 0x10000;

/** A text's lines, shared by every frame that writes the same text (never changed in place). */
const splits = new BoundedCache<readonly string[]>(2_000);
function linesOf(text: string): readonly string[] {
  let lines = splits.get(text);
  if (lines === undefined) {
    lines = text.split('\n');
    splits.set(text, lines);
  }
  return lines;
}

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
interface RowWrites {
  readonly xs: number[];
  readonly lines: StyledLine[];
}

const sameWrites = (a: RowWrites, b: RowWrites): boolean => {
  if (a.xs.length !== b.xs.length) return false;
  for (let i = 0; i < a.xs.length; i++) if (a.xs[i] !== b.xs[i] || a.lines[i] !== b.lines[i]) return false;
  return true;
};

/** The row's cells as Ink lays them: later writes over earlier ones, wide characters over their second column. */
function rowText(writes: RowWrites, width: number): string {
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

/**
 * The last frame's rows: a market screen repeats most of its rows from one frame to the next,
 * and a row written with the same lines at the same columns is the same text. One frame is
 * kept (the live screen's); another output of another size just replaces it.
 */
let lastFrame: { width: number; rows: { writes: RowWrites; text: string }[] } | undefined;

/** The same algorithm as Ink 6.8's `Output.get`, with the caches above. */
export function fastGet(this: InkOutput): InkFrame {
  const writes: RowWrites[] = [];
  for (let y = 0; y < this.height; y++) writes.push({ xs: [], lines: [] });
  const clips: Clip[] = [];
  for (const op of this.operations) {
    if (op.type === 'clip') {
      clips.push(op.clip);
      continue;
    }
    if (op.type === 'unclip') {
      clips.pop();
      continue;
    }
    const { text, transformers } = op;
    let { x, y } = op;
    let lines = linesOf(text);
    const clip = clips.at(-1);
    if (clip) {
      const clipH = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
      const clipV = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
      if (clipH) {
        const w = widestLine(text);
        if (x + w < clip.x1! || x > clip.x2!) continue;
      }
      if (clipV && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
      if (clipH) {
        const x1 = clip.x1!;
        const x2 = clip.x2!;
        lines = clipped(text, lines, x, x1, x2);
        if (x < x1) x = x1;
      }
      if (clipV) {
        const y1 = clip.y1!;
        const y2 = clip.y2!;
        const from = y < y1 ? y1 - y : 0;
        const to = y + lines.length > y2 ? y2 - y : lines.length;
        lines = lines.slice(from, to);
        if (y < y1) y = y1;
      }
    }
    let offsetY = 0;
    for (let index = 0; index < lines.length; index++) {
      // Ink skips a line outside the screen without moving on a row (and without transforming it).
      const row = writes[y + offsetY];
      if (!row) continue;
      let line = lines[index];
      for (const transform of transformers) line = transform(line, index);
      row.xs.push(x);
      row.lines.push(styledLine(line));
      offsetY++;
    }
  }
  const previous = lastFrame?.width === this.width ? lastFrame.rows : undefined;
  const rows = writes.map((w, y) => {
    const before = previous?.[y];
    return before !== undefined && sameWrites(before.writes, w) ? before : { writes: w, text: rowText(w, this.width) };
  });
  lastFrame = { width: this.width, rows };
  return { output: rows.map((r) => r.text).join('\n'), height: rows.length };
}

/** Ink's build directory, where its `Output` module lives beside its entry point. */
const inkDir = (): string => path.dirname(createRequire(import.meta.url).resolve('ink'));

/** Ink's own `Output` class (the module instance Ink renders with). */
export async function inkOutputClass(): Promise<OutputClass> {
  // Bundled (dist/atapi.js), Ink is inside the bundle: its Output is reached through the name
  // the bundler resolves; loading Ink's file by path would patch a second, unused copy.
  try {
    const bundled = (await import('atapi-ink-output')) as { default: OutputClass };
    if (bundled.default) return bundled.default;
  } catch {
    // Not bundled: Ink's own module, by path (its package exports only the entry point).
  }
  const mod = (await import(pathToFileURL(path.join(inkDir(), 'output.js')).href)) as { default: OutputClass };
  return mod.default;
}

let installed = false;

/** Swaps in the fast pass when the installed Ink is one it was verified against. Returns whether it did. */
export async function installFastOutput(): Promise<boolean> {
  if (installed) return true;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(inkDir(), '..', 'package.json'), 'utf8')) as { version: string };
    if (!VERIFIED_INK.test(pkg.version)) return false;
    const Output = await inkOutputClass();
    if (typeof Output.prototype.get !== 'function') return false;
    Output.prototype.get = fastGet;
    installed = true;
    return true;
  } catch {
    return false;
  }
}
