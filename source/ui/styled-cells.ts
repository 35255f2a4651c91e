/**
 * The cells Ink's output pass writes for a line of text (its `StyledChar`s), made once per
 * line and shared: one frozen cell per character and style, one interned array per style,
 * each line's cells and their widths kept while the screen repeats the line. Read by the fast
 * output pass (./fast-output.ts), which must write exactly Ink's frame from them.
 */
import { reduceAnsiCodesIncremental, styledCharsFromTokens, tokenize, type AnsiCode, type StyledChar } from '@alcalzone/ansi-tokenize';
import stringWidth from 'string-width';
import { fastStringWidth, plainWidth, sgrEnd } from './fast-width.js';

/**
 * A map of at most twice `limit` entries that forgets the least recently used half at once:
 * when the newer half is full it becomes the older, and what is read from the older comes back
 * into the newer. Emptying it all at once, as before, made the next frame measure every line
 * of the screen again (a spike every few dozen frames): a screen's lines come back within a
 * frame, so they are always in the newer half.
 */
export class BoundedCache<V> {
  private recent = new Map<string, V>();
  private older = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const v = this.recent.get(key);
    if (v !== undefined) return v;
    const old = this.older.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }
  set(key: string, value: V): void {
    if (this.recent.size >= this.limit) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(key, value);
  }
}

export const EMPTY: AnsiCode[] = [];
export const BLANK: StyledChar = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: EMPTY }) as StyledChar;

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

export function cell(value: string, fullWidth: boolean, styles: AnsiCode[]): StyledChar {
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
export interface StyledLine {
  readonly chars: readonly StyledChar[];
  readonly widths: Uint8Array | undefined;
  /** Its cells as a screen row joins them (./screen-rows.ts), made on first need and kept with the line. */
  joined?: JoinedLine;
}

/** A line's cells written once from its first cell's style: the text between the transitions a row puts around it. */
export interface JoinedLine {
  readonly first: AnsiCode[];
  readonly body: string;
  readonly last: AnsiCode[];
}

const styledLines = new BoundedCache<StyledLine>(1_000);
export function styledLine(line: string): StyledLine {
  let styled = styledLines.get(line);
  if (styled === undefined) {
    const plain = plainStyledChars(line);
    styled = plain ? { chars: plain, widths: undefined, joined: undefined } : measured(tokenized(line));
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
  return { chars, widths, joined: undefined };
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
export function width(text: string): number {
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
