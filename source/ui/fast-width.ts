/**
 * Terminal width as string-width 8 measures it, with a shortcut for the text a market screen is
 * made of: ASCII, Latin letters, punctuation, box drawing, block elements, arrows and the like.
 *
 * WHY: string-width segments every non-ASCII string into graphemes and tests each against
 * `\p{RGI_Emoji}`, a regular expression that takes about 80 ms to build and 80 ms more to
 * compile on first use, then tens of microseconds per box-drawing line. Measured at the
 * first frame that was a fifth of the time to the first screen. A string made only of code
 * points that are each their own grapheme, visible, narrow and not emoji is exactly as wide
 * as it is long, colour codes aside; anything else (CJK, emoji, combining marks, other escape
 * codes, options) is measured by string-width itself, loaded only then. test/ui/fast-width.test.ts compares the
 * two on every code point the shortcut takes.
 */

/** string-width's signature. */
export type StringWidth = (text: string, options?: StringWidthOptions) => number;
export interface StringWidthOptions {
  readonly ambiguousIsNarrow?: boolean;
  readonly countAnsiEscapeCodes?: boolean;
}

/** Below this, a code unit may be on the shortcut; CJK radicals (wide) start here. */
const LIMIT = 0x2e80;
const UNKNOWN = 0;
const NARROW = 1;
const OTHER = 2;
/** Per code unit below LIMIT: NARROW (the shortcut's), OTHER, or UNKNOWN (not yet looked at). */
const kinds = new Uint8Array(LIMIT);

// Built on first use (a few code points per screen), not at load.
let letterLike: RegExp | undefined;
let emojiByDefault: RegExp | undefined;

/**
 * Whether the code point is a grapheme of its own that never joins a neighbour (no mark,
 * joiner, prepended or spacing mark, Hangul jamo), visible, narrow, and not emoji.
 */
export function isPlainNarrow(code: number): boolean {
  if (code < LIMIT) {
    let kind = kinds[code];
    if (kind === UNKNOWN) {
      kind = classify(code) ? NARROW : OTHER;
      kinds[code] = kind;
    }
    return kind === NARROW;
  }
  return false;
}

/**
 * Blocks a market screen draws with, every code point of which the rules below take (Latin-1
 * but the soft hyphen, general punctuation but the separators and format characters,
 * currency signs, arrows, mathematical operators, box drawing, block elements and geometric
 * shapes but the two shown as emoji): taken without building the two regular
 * expressions, which cost ~5 ms of the first frame. test/ui/fast-width.test.ts checks each
 * against the rules.
 */
export const KNOWN_NARROW: readonly (readonly [number, number])[] = [
  [0x00a0, 0x00ac],
  [0x00ae, 0x00ff],
  [0x2010, 0x2027],
  [0x2030, 0x205e],
  [0x20a0, 0x20c0],
  [0x2190, 0x22ff],
  [0x2500, 0x25fc],
];

function classify(code: number): boolean {
  for (const [from, to] of KNOWN_NARROW) if (code >= from && code <= to) return true;
  return byRules(code);
}

/** What `classify` says of `code` by the rules themselves. */
export function byRules(code: number): boolean {
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) return false;
  // Hangul jamo join into syllables; U+0D4E is a prepended letter; U+0E33 and U+0EB3 are
  // letters that are spacing marks to grapheme segmentation; U+2329/U+232A, the trigrams and
  // the digrams are East Asian wide (the test finds any other such code point).
  if ((code >= 0x1100 && code <= 0x11ff) || code === 0x0d4e || code === 0x0e33 || code === 0x0eb3) return false;
  if (code === 0x2329 || code === 0x232a || (code >= 0x2630 && code <= 0x2637) || (code >= 0x268a && code <= 0x268f)) return false;
  letterLike ??= /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;
  // Emoji shown as emoji by default are wide; those shown as text (▶, ☺) are narrow alone.
  emojiByDefault ??= /\p{Emoji_Presentation}/u;
  const ch = String.fromCharCode(code);
  return letterLike.test(ch) && !emojiByDefault.test(ch);
}

/**
 * The end of the colour code (SGR, `ESC [ n ; n ... m`, each number at most four digits) at
 * `i`, or -1 for any other escape. string-width strips exactly these with strip-ansi.
 */
export function sgrEnd(text: string, i: number): number {
  if (text.charCodeAt(i + 1) !== 0x5b) return -1;
  let j = i + 2;
  let digits = 0;
  let params = 0;
  for (; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 4) return -1;
    } else if (c === 0x3b) {
      // A leading ';' is read otherwise by strip-ansi's pattern: left to string-width.
      if (params === 0 && digits === 0) return -1;
      params++;
      digits = 0;
    } else return c === 0x6d ? j + 1 : -1;
  }
  return -1;
}

/** The width of `text` when every code unit is on the shortcut (colour codes aside), else -1. */
export function plainWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || isPlainNarrow(c)) width++;
    else if (c === 0x1b) {
      const end = sgrEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else return -1;
  }
  return width;
}

/**
 * string-width with the shortcut in front. `original` is called only for text off the
 * shortcut, so a bundle can load string-width lazily (source/ui/string-width-bundled.ts).
 */
export function fastStringWidth(original: () => StringWidth): StringWidth {
  return (text, options) => {
    if (typeof text !== 'string' || text.length === 0) return 0;
    const defaults = options === undefined || ((options.ambiguousIsNarrow === undefined || options.ambiguousIsNarrow === true) && (options.countAnsiEscapeCodes === undefined || options.countAnsiEscapeCodes === false));
    const w = defaults ? plainWidth(text) : -1;
    return w >= 0 ? w : original()(text, options);
  };
}
