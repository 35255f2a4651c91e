/**
 * Glyphs of the candle chart in each drawing mode. Unlike the rest of the app, the chart does
 * not rely on the output stream's transliteration to ASCII: there a hollow body, a filled one
 * and a wick would all become `|`, and half-cell glyphs would lose their half. ASCII mode
 * draws whole cells with glyphs of its own, chosen so up and down differ without colour.
 */

export type DrawMode = 'unicode' | 'ascii';
/** Candles (the default) or a line through the closes. */
export type ChartStyle = 'candles' | 'line';
export const CHART_STYLES: readonly ChartStyle[] = ['candles', 'line'];

/** What a half (Unicode) or a whole (ASCII) cell of a candle's column holds. */
export const Part = { None: 0, Wick: 1, Body: 2 } as const;
export type Part = (typeof Part)[keyof typeof Part];

export interface ChartGlyphs {
  /** Vertical steps per cell: 2 with half-cell glyphs, 1 without. */
  readonly steps: 1 | 2;
  /** A candle cell from its (top, bottom) parts; with one step per cell only `top` counts. */
  readonly candle: (top: Part, bottom: Part, up: boolean) => string;
  /** Volume: a full cell, and partial tops by eighths (index 1..7) or halves (ASCII: index 1). */
  readonly volumeFull: string;
  readonly volumePartial: readonly string[];
  /** Volume resolution per cell: 8 (eighth blocks) or 2. */
  readonly volumeSteps: number;
  /** The close line: flat, vertical, and the four turns. */
  readonly line: { readonly flat: string; readonly vertical: string; readonly downFrom: string; readonly downTo: string; readonly upFrom: string; readonly upTo: string };
  /** Indicator points, one glyph per line (fast, slow, third). */
  readonly overlay: readonly string[];
  /** A price level's dash, and whether it is drawn every other column (so it reads as dashed). */
  readonly levelDash: string;
  readonly levelSparse: boolean;
  readonly axis: string;
  readonly axisTick: string;
  /** Off-chart level marks: above the top, below the bottom. */
  readonly above: string;
  readonly below: string;
}

// Up candles hollow (a heavy line), down candles filled (a block): readable without colour.
const UNI_UP: Readonly<Record<string, string>> = {
  '00': ' ', '11': '│', '10': '╵', '01': '╷',
  '22': '┃', '20': '╹', '02': '╻', '21': '╿', '12': '╽',
};
const UNI_DOWN: Readonly<Record<string, string>> = {
  '00': ' ', '11': '│', '10': '╵', '01': '╷',
  // A filled half cannot also show the wick in its other half: the body wins.
  '22': '█', '20': '▀', '02': '▄', '21': '▀', '12': '▄',
};

/** The tables above by `top * 3 + bottom`: a cell's glyph without a key string per cell. */
const byParts = (table: Readonly<Record<string, string>>): readonly string[] => Array.from({ length: 9 }, (_, i) => table[`${Math.floor(i / 3)}${i % 3}`] ?? ' ');
const UNI_UP_PARTS = byParts(UNI_UP);
const UNI_DOWN_PARTS = byParts(UNI_DOWN);

const UNICODE: ChartGlyphs = {
  steps: 2,
  candle: (top, bottom, up) => (up ? UNI_UP_PARTS : UNI_DOWN_PARTS)[top * 3 + bottom] ?? ' ',
  volumeFull: '█',
  volumePartial: ['', '▁', '▂', '▃', '▄', '▅', '▆', '▇'],
  volumeSteps: 8,
  line: { flat: '─', vertical: '│', downFrom: '╮', downTo: '╰', upFrom: '╯', upTo: '╭' },
  overlay: ['•', '◦', '∗'],
  levelDash: '┈',
  levelSparse: false,
  axis: '│',
  axisTick: '┤',
  above: '▲',
  below: '▼',
};

const ASCII: ChartGlyphs = {
  steps: 1,
  // Hollow up bodies as O, filled down bodies as #, wicks as |.
  candle: (top, _bottom, up) => (top === Part.Body ? (up ? 'O' : '#') : top === Part.Wick ? '|' : ' '),
  volumeFull: ':',
  volumePartial: ['', '.'],
  volumeSteps: 2,
  line: { flat: '-', vertical: '|', downFrom: '.', downTo: "'", upFrom: "'", upTo: '.' },
  overlay: ['*', '+', 'x'],
  levelDash: '-',
  levelSparse: true,
  axis: '|',
  axisTick: '+',
  above: '^',
  below: 'v',
};

export const chartGlyphs = (mode: DrawMode): ChartGlyphs => (mode === 'ascii' ? ASCII : UNICODE);
