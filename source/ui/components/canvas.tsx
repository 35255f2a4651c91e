import chalk, { foregroundColorNames, type ChalkInstance, type ForegroundColorName } from 'chalk';
import { Box, Transform, useIsScreenReaderEnabled } from 'ink';
import { memo, useRef } from 'react';

/** A run of text in one style. Characters are single-column (ASCII, box drawing, arrows). A new field must be compared in `sameLine` too. */
export interface Span {
  readonly text: string;
  readonly color?: string;
  readonly bold?: boolean;
  readonly dim?: boolean;
  readonly inverse?: boolean;
  /** Left out (rightmost first) when the line would not fit otherwise, rather than cut. */
  readonly optional?: boolean;
}
export type CanvasLine = string | readonly Span[];

export interface CanvasProps {
  readonly width: number;
  readonly lines: readonly CanvasLine[];
}

const placeholders = new Map<string, string>();
/** Spaces, `width` by `height`: all Ink measures and lays out, so it never sees live prices. */
function blank(width: number, height: number): string {
  const key = `${width}x${height}`;
  let p = placeholders.get(key);
  if (p === undefined) {
    p = Array.from({ length: height }, () => ' '.repeat(width)).join('\n');
    if (placeholders.size > 256) placeholders.clear();
    placeholders.set(key, p);
  }
  return p;
}

/** A style as chalk writes it around a text: `open + text + close`. */
interface Wrap {
  readonly style: ChalkInstance | undefined;
  readonly open: string;
  readonly close: string;
}
const NO_WRAP: Wrap = { style: undefined, open: '', close: '' };

/** By colour, then by the bold/dim/inverse bits: no key is built per span, as a frame styles thousands. */
const wraps = new Map<string, (Wrap | undefined)[]>();
/** The colour level the wraps were made at: chalk reads its level at each call, so a change empties them. */
let wrapsLevel = chalk.level;
function wrapOf(span: Span): Wrap {
  if (chalk.level !== wrapsLevel) {
    wraps.clear();
    wrapsLevel = chalk.level;
  }
  const bits = (span.bold ? 1 : 0) | (span.dim ? 2 : 0) | (span.inverse ? 4 : 0);
  const color = span.color ?? '';
  let byBits = wraps.get(color);
  if (byBits === undefined) wraps.set(color, (byBits = new Array<Wrap | undefined>(8)));
  return (byBits[bits] ??= makeWrap(span));
}

function makeWrap(span: Span): Wrap {
  let c: ChalkInstance | undefined;
  const use = (next: ChalkInstance) => (c = next);
  if (span.dim) use((c ?? chalk).dim);
  if (span.color && (foregroundColorNames as readonly string[]).includes(span.color)) use((c ?? chalk)[span.color as ForegroundColorName]);
  if (span.bold) use((c ?? chalk).bold);
  if (span.inverse) use((c ?? chalk).inverse);
  if (c === undefined) return NO_WRAP;
  // What chalk puts around a text with no escape code and no line break in it (anything else goes through chalk itself).
  const probe = c('x');
  const at = probe.indexOf('x');
  return { style: c, open: probe.slice(0, at), close: probe.slice(at + 1) };
}

/** `text` in the span's style, exactly as chalk writes it. */
function styled(wrap: Wrap, text: string): string {
  if (wrap.style === undefined || text === '') return text;
  if (text.includes('\u001b') || text.includes('\n')) return wrap.style(text);
  return wrap.open + text + wrap.close;
}

/** One line, cut or padded to exactly `width` columns, with its styles applied. */
export function renderLine(line: CanvasLine, width: number): string {
  if (width <= 0) return '';
  if (typeof line === 'string') return line.length > width ? `${line.slice(0, width - 1)}…` : line.padEnd(width);
  let out = '';
  let left = width;
  for (const span of withoutOptional(line, width)) {
    if (left <= 0) break;
    // A cut is marked, so a shortened word or number never passes for a whole one.
    const text = span.text.length > left ? `${span.text.slice(0, left - 1)}…` : span.text;
    left -= text.length;
    out += styled(wrapOf(span), text);
  }
  return left > 0 ? out + ' '.repeat(left) : out;
}

/** The spans that fit: optional ones leave, rightmost first, while the line is too wide. */
function withoutOptional(line: readonly Span[], width: number): readonly Span[] {
  if (!line.some((s) => s.optional)) return line;
  let total = line.reduce((n, s) => n + s.text.length, 0);
  const kept = [...line];
  for (let i = kept.length - 1; i >= 0 && total > width; i--) {
    if (!kept[i].optional) continue;
    total -= kept[i].text.length;
    kept.splice(i, 1);
  }
  return kept;
}

/** Words laid into lines of at most `width` columns (a word longer than that gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The last frame's lines and their texts, at a width and colour level. */
interface Drawn {
  readonly width: number;
  readonly level: number;
  readonly lines: readonly CanvasLine[];
  readonly rendered: readonly string[];
}

/** Whether two lines are drawn alike: the same text in the same styles, span by span (every field of Span). */
export function sameLine(a: CanvasLine | undefined, b: CanvasLine): boolean {
  if (a === b) return true;
  if (a === undefined || typeof a === 'string' || typeof b === 'string' || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x !== y && (x.text !== y.text || x.color !== y.color || x.bold !== y.bold || x.dim !== y.dim || x.inverse !== y.inverse || x.optional !== y.optional)) return false;
  }
  return true;
}

export const plainLine = (line: CanvasLine): string => (typeof line === 'string' ? line : line.map((s) => s.text).join(''));

/**
 * A fixed block of pre-styled lines. Ink measures every text node on every frame, keeps each
 * distinct text in a cache it never empties, and measures non-ASCII text slowly; streaming
 * prices through ordinary <Text> made memory grow all day. Here Ink only ever sees a block of
 * spaces of the same size, and each line is swapped in as it is written to the screen.
 */
export const Canvas = memo(function Canvas({ width, lines }: CanvasProps) {
  const w = Math.max(1, Math.floor(width));
  // The plain text is only for screen readers: not built on every frame for everyone else.
  const reader = useIsScreenReaderEnabled();
  const last = useRef<Drawn | undefined>(undefined);
  if (lines.length === 0) return null;
  // A line drawn the same as in the last frame keeps its text, the very same string: the
  // output pass then finds it, and its whole screen row, without reading it again.
  const before = last.current?.width === w && last.current.level === chalk.level ? last.current : undefined;
  const rendered = lines.map((l, i) => (before !== undefined && sameLine(before.lines[i], l) ? before.rendered[i] : renderLine(l, w)));
  // Only a cache: a render React throws away leaves lines and their texts that still agree.
  last.current = { width: w, level: chalk.level, lines, rendered };
  // Ink hands over each line after clipping: a narrower line means the pane cut it.
  const transform = (line: string, index: number): string => {
    const full = rendered[index] ?? '';
    return line.length >= w ? full : renderLine(lines[index] ?? '', line.length);
  };
  return (
    <Box width={w} height={lines.length} flexShrink={0}>
      <Transform transform={transform} accessibilityLabel={reader ? lines.map(plainLine).join('\n') : undefined}>
        {blank(w, lines.length)}
      </Transform>
    </Box>
  );
});
