/**
 * ASCII drawing for terminals that cannot show UTF-8 (LANG=C, TERM=vt100, a serial console).
 * Everything atapi draws passes through one transliteration at the output stream, so no pane
 * needs two spellings of its glyphs. Each glyph maps to exactly one ASCII character: every
 * glyph atapi uses is one column wide, so the layout Ink computed stays exact.
 */

const GLYPHS: Readonly<Record<string, string>> = {
  '▲': '^', '▼': 'v', '↑': '^', '↓': 'v', '←': '<', '→': '>', '▶': '>', '◀': '<', '►': '>',
  '●': '*', '★': '*', '○': 'o', '•': '*', '·': '-', '…': '~', '✗': 'x', '✘': 'x', '✓': '+', '✔': '+',
  '⚠': '!', '≈': '~', '×': 'x', '−': '-', '–': '-', '—': '-', '±': '~', '°': 'o', '€': 'E', '£': 'L',
  '═': '=', '║': '|', '◦': 'o', '∗': '*', '≥': '>', '≤': '<',
  // Chart lines (asciichart): rounded turns read best as dots and ticks, the axis as a bar.
  '╭': '.', '╮': '.', '╰': "'", '╯': "'", '┤': '|', '█': '#', '▌': '#', '▐': '#', '░': ':', '▒': ':', '▓': '#',
};

/** Box drawing (U+2500-U+257F) and block elements (U+2580-U+259F) by shape. */
function boxGlyph(code: number): string | undefined {
  if (code >= 0x2580 && code <= 0x259f) return '#';
  if (code < 0x2500 || code > 0x257f) return undefined;
  // Light and heavy horizontals and verticals, dashed variants, then rounded corners.
  if ([0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509, 0x254c, 0x254d, 0x2574, 0x2576, 0x2578, 0x257a, 0x257c, 0x257e].includes(code)) return '-';
  if ([0x2502, 0x2503, 0x2506, 0x2507, 0x250a, 0x250b, 0x254e, 0x254f, 0x2575, 0x2577, 0x2579, 0x257b, 0x257d, 0x257f].includes(code)) return '|';
  if (code === 0x2550) return '=';
  if (code === 0x2551) return '|';
  return '+';
}

// Fast path: most frames of a running app are plain ASCII plus escape sequences.
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;

/** The text with every non-ASCII character replaced by one ASCII character ('?' if unknown). */
export function toAscii(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out += ch;
    else out += GLYPHS[ch] ?? boxGlyph(code) ?? '?';
  }
  return out;
}

/**
 * Whether the terminal wants ASCII: a locale that names a charset other than UTF-8 (LANG=C,
 * POSIX, ISO-8859-1), or a terminal type known to lack UTF-8. An unset locale is taken as
 * UTF-8: most terminals today are, and containers often leave LANG unset.
 */
export function wantsAscii(env: NodeJS.ProcessEnv): boolean {
  if (env.ATAPI_ASCII === '1') return true;
  if (/^(vt\d+|dumb|ansi)$/.test(env.TERM ?? '')) return true;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (!locale) return false;
  return !/utf-?8/i.test(locale);
}

/**
 * A view of a write stream whose string writes are transliterated to ASCII; everything else
 * (columns, rows, isTTY, resize events) is the stream's own, so Ink sees the real terminal.
 */
export function asciiStream<S extends NodeJS.WritableStream>(stream: S): S {
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') {
        return (chunk: unknown, ...rest: unknown[]) =>
          (target.write as (...a: unknown[]) => boolean).call(target, typeof chunk === 'string' ? toAscii(chunk) : chunk, ...rest);
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
