/**
 * `new Intl.Segmenter(...)` as the bundle gives it to the packages that measure and cut the
 * screen's text (string-width, slice-ansi, ansi-tokenize: scripts/bundle-options.mjs): a text
 * in which every code unit is a grapheme of its own is cut into its code units here, and any
 * other text goes to the real segmenter, made on first need.
 *
 * WHY: the first segmenter a process makes loads ICU's break rules and locale data, about
 * 20 ms (and each of those packages made one as it loaded, before the first frame), for text
 * that is almost all ASCII, box drawing and block elements. The code units taken here are
 * ASCII but CR (which joins a following LF), the other C0 controls, and what
 * ./fast-width.ts `isPlainNarrow` takes: none of them is an extending or spacing mark, a
 * joiner, a prepended letter, a Hangul jamo or a regional indicator, so no grapheme rule
 * joins two of them. test/ui/plain-segmenter.test.ts compares the two segmenters.
 */
import { isPlainNarrow } from './fast-width.js';

/** One segment, as the real segmenter's iterator and `containing` give it. */
export interface Segment {
  readonly segment: string;
  readonly index: number;
  readonly input: string;
}

/** What `segment(text)` returns: its segments in order, and the one at an index. */
export interface Segments extends Iterable<Segment> {
  containing(index?: number): Segment | undefined;
}

/** Whether every code unit of `text` is a grapheme of its own that no neighbour joins. */
export function ownGraphemes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 ? c === 0x0d : !isPlainNarrow(c)) return false;
  }
  return true;
}

/** A text's code units as segments: the real segmenter's answer for an `ownGraphemes` text. */
class CodeUnits implements Segments {
  constructor(private readonly input: string) {}
  containing(index = 0): Segment | undefined {
    const i = Math.trunc(Number(index)) || 0;
    return i >= 0 && i < this.input.length ? { segment: this.input[i], index: i, input: this.input } : undefined;
  }
  *[Symbol.iterator](): Iterator<Segment> {
    const input = this.input;
    for (let i = 0; i < input.length; i++) yield { segment: input[i], index: i, input };
  }
}

/** The part of `Intl.Segmenter` those packages use. */
export interface GraphemeSegmenter {
  segment(text: string): Segments;
}

/** `new Intl.Segmenter(locales, options)` with the shortcut above for graphemes (the only granularity the packages use). */
export function graphemeSegmenter(locales?: string | string[], options?: Intl.SegmenterOptions): GraphemeSegmenter {
  let real: Intl.Segmenter | undefined;
  const full = (): Intl.Segmenter => (real ??= new Intl.Segmenter(locales, options));
  if (options?.granularity !== undefined && options.granularity !== 'grapheme') return full();
  return { segment: (text) => (typeof text === 'string' && ownGraphemes(text) ? new CodeUnits(text) : full().segment(text)) };
}
