/**
 * Where the panes go at a terminal size: one function that the app's drawing and its keys
 * (scrolling a page of command output) both use, so a page is exactly what is on screen.
 */
export interface ScreenLayout {
  /** Every pane at once (from 120x34), or one pane at a time with a tab bar. */
  readonly wide: boolean;
  /** Wide layout: heights of the three bands (tickers/book/caps, chart/strategy, account). */
  readonly top: number;
  readonly middle: number;
  readonly bottom: number;
  /** Rows a dialog or command output may take: below the top band when wide, else the pane area. */
  readonly overlayRows: number;
}

/** `footerRows`: lines the command line takes below the panes (0, 1, or 2 with a hint above it). */
export function screenLayout(columns: number, rows: number, symbolCount: number, footerRows: number): ScreenLayout {
  const wide = columns >= 120 && rows >= 34;
  const chrome = 2 + footerRows; // status bar and tab bar or spare line, plus the command line
  if (!wide) return { wide, top: 0, middle: 0, bottom: 0, overlayRows: rows - chrome };
  // Tickers get every symbol's row when the chart keeps at least 12 rows (120x40 shows all nine).
  const top = Math.max(8, Math.min(symbolCount + 5, Math.max(Math.floor((rows - 2) * 0.32), rows - 2 - 20)));
  const bottom = Math.max(8, Math.floor((rows - 2) * 0.3));
  const middle = rows - 2 - top - bottom - footerRows;
  return { wide, top, middle, bottom, overlayRows: middle + bottom };
}
