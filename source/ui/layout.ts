/**
 * Where the panes go at a terminal size: one function that the app's drawing and its keys
 * (scrolling a page of command output) both use, so a page is exactly what is on screen.
 */
export interface ScreenLayout {
  /** Every pane at once (from 120x34), or one pane at a time with a tab bar. */
  readonly wide: boolean;
  /**
   * Not wide, but room for two panes side by side (from 100x26: a 100x30 or 140x30 tmux split):
   * the tickers on the left, the focused pane (the chart while the tickers have the focus) on
   * the right, with the tab bar still saying which has the focus. `left` is the tickers' width.
   */
  readonly split: boolean;
  readonly left: number;
  /** Wide layout: heights of the three bands (tickers/book/caps, chart/strategy, account). */
  readonly top: number;
  readonly middle: number;
  readonly bottom: number;
  /** Rows a dialog or command output may take: below the top band when wide, else the pane area. */
  readonly overlayRows: number;
}

/** The smallest terminal that shows two panes at once (below it, 80x24 included: one pane at a time). */
export const SPLIT_MIN = { columns: 100, rows: 26 } as const;

/** `footerRows`: lines the command line takes below the panes (0, 1, or 2 with a hint above it). */
export function screenLayout(columns: number, rows: number, symbolCount: number, footerRows: number): ScreenLayout {
  const wide = columns >= 120 && rows >= 34;
  const chrome = 2 + footerRows; // status bar and tab bar or spare line, plus the command line
  if (!wide) {
    const split = columns >= SPLIT_MIN.columns && rows >= SPLIT_MIN.rows;
    // The tickers keep their three columns (symbol, last, 24h) and the volume from 120 wide.
    const left = split ? Math.min(46, Math.max(36, Math.floor(columns * 0.36))) : 0;
    return { wide, split, left, top: 0, middle: 0, bottom: 0, overlayRows: rows - chrome };
  }
  // Tickers get every symbol's row when the chart keeps at least 12 rows (120x40 shows all nine).
  const top = Math.max(8, Math.min(symbolCount + 5, Math.max(Math.floor((rows - 2) * 0.32), rows - 2 - 20)));
  const bottom = Math.max(8, Math.floor((rows - 2) * 0.3));
  const middle = rows - 2 - top - bottom - footerRows;
  return { wide, split: false, left: 0, top, middle, bottom, overlayRows: middle + bottom };
}
