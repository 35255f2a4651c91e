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
import sliceAnsi from 'slice-ansi';
import { rowText, sameWrites, type RowWrites } from './screen-rows.js';
import { BoundedCache, styledLine, width } from './styled-cells.js';

/** Read by the equivalence test (test/ui/fast-output.test.tsx): a plain line's cells. */
export { plainStyledChars } from './styled-cells.js';

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
