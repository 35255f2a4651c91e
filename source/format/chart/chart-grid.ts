/**
 * The chart's drawing surface: a fixed grid of one-column glyphs, each with a role (what it
 * draws: an up candle, a volume bar, an order's line). The pane turns roles into colours;
 * tests read the glyphs. Rows are plain arrays and role bytes, filled in place: a frame
 * allocates one string per cell at most, as the line chart before it did.
 */

/** What a cell draws; the pane styles each role (colour with colour on, nothing without). */
export const ROLES = ['none', 'up', 'down', 'volumeUp', 'volumeDown', 'line', 'overlay0', 'overlay1', 'overlay2', 'entry', 'buy', 'sell', 'stop', 'liquidation', 'axis', 'last', 'time'] as const;
export type Role = (typeof ROLES)[number];
const ROLE_INDEX: Readonly<Record<Role, number>> = Object.fromEntries(ROLES.map((r, i) => [r, i])) as Record<Role, number>;

/** A run of cells of one role: what becomes one styled span. */
export interface ChartRun {
  readonly text: string;
  readonly role: Role;
}
export type ChartRow = readonly ChartRun[];

export interface Grid {
  readonly width: number;
  readonly height: number;
  readonly chars: string[][];
  readonly roles: Uint8Array[];
  /** 1 for a row a cell of which changed since its runs were last made (`gridRows`). */
  readonly dirty: Uint8Array;
}

export function createGrid(width: number, height: number): Grid {
  const w = Math.max(0, width);
  const h = Math.max(0, height);
  return {
    width: w,
    height: h,
    chars: Array.from({ length: h }, () => new Array<string>(w).fill(' ')),
    roles: Array.from({ length: h }, () => new Uint8Array(w)),
    dirty: new Uint8Array(h),
  };
}

/** Sets one cell; outside the grid it is ignored (a caller's clamping slip never throws mid-frame). */
export function put(g: Grid, row: number, col: number, ch: string, role: Role): void {
  if (row < 0 || row >= g.height || col < 0 || col >= g.width) return;
  const index = ROLE_INDEX[role];
  if (g.chars[row][col] === ch && g.roles[row][col] === index) return;
  g.chars[row][col] = ch;
  g.roles[row][col] = index;
  g.dirty[row] = 1;
}

export function roleAt(g: Grid, row: number, col: number): Role {
  return ROLES[g.roles[row]?.[col] ?? 0];
}

/** Writes `text` from `col` on, one character a cell. */
export function write(g: Grid, row: number, col: number, text: string, role: Role): void {
  for (let i = 0; i < text.length; i++) put(g, row, col + i, text[i], role);
}

/**
 * Each row as runs of cells of one role. Given the rows made from this grid before, a row no
 * cell of which changed since, or whose runs came out the same, is that very row: a reader
 * that keeps what it made of a row (the pane's styled line) knows it by identity alone.
 */
export function gridRows(g: Grid, before?: readonly ChartRow[]): ChartRow[] {
  const out: ChartRow[] = [];
  for (let r = 0; r < g.height; r++) {
    const old = before?.[r];
    if (old !== undefined && g.dirty[r] === 0) {
      out.push(old);
      continue;
    }
    g.dirty[r] = 0;
    const runs = rowRuns(g, r);
    out.push(old !== undefined && sameRuns(old, runs) ? old : runs);
  }
  return out;
}

function rowRuns(g: Grid, r: number): ChartRun[] {
  const chars = g.chars[r];
  const roles = g.roles[r];
  const runs: ChartRun[] = [];
  let text = '';
  for (let c = 0; c < g.width; c++) {
    if (c > 0 && roles[c] !== roles[c - 1]) {
      runs.push({ text, role: ROLES[roles[c - 1]] });
      text = '';
    }
    text += chars[c];
  }
  if (g.width > 0) runs.push({ text, role: ROLES[roles[g.width - 1]] });
  return runs;
}

function sameRuns(a: ChartRow, b: ChartRow): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].text !== b[i].text || a[i].role !== b[i].role) return false;
  return true;
}

/** A row's glyphs without roles: what a test or a screen reader reads. */
export const rowText = (row: ChartRow): string => row.map((r) => r.text).join('');
