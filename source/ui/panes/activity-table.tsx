import { Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { ActivityLog } from '../../app/activity/activity-log.js';
import { DataTable, type Cell, type Column } from '../components/data-table.js';
import { wrapWords } from '../components/canvas.js';
import type { Theme } from '../theme.js';

export interface ActivityTableProps {
  readonly log: ActivityLog;
  readonly theme: Theme;
  readonly maxRows: number;
  readonly width?: number;
  /** The highlighted line, newest first: moving it scrolls the list (↑ ↓ PgUp PgDn). */
  readonly selected?: number;
}

const TIME_WIDTH = 8;

/** Rows one line of the log may take at most: a longer one is cut, its end marked `…`. */
const MAX_ROWS_PER_LINE = 3;

/**
 * The columns at a width: the time is always shown (a log line without its time reads as
 * now), and the text takes the rest of the width.
 */
export function activityColumns(width: number | undefined): readonly Column[] {
  return [{ header: 'TIME', width: TIME_WIDTH }, { header: 'WHAT', width: Math.max(10, (width ?? 120) - TIME_WIDTH - 1) }];
}

/**
 * A line's text on the rows it takes in a column of `width`: word-wrapped, so that its end
 * (whose fill it was: `by strategy sma-ls-BTCUSDT:USDT-1m-1`, why an order was refused) is read
 * at 80 columns too; at most `MAX_ROWS_PER_LINE`, the last cut with `…`.
 */
export function activityRows(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const cut = (row: string): string => (row.length > width ? `${row.slice(0, width - 1)}…` : row);
  // A word longer than the column (a long id) is cut where it stands.
  const rows = wrapWords(text, width);
  if (rows.length <= MAX_ROWS_PER_LINE) return rows.map(cut);
  return [...rows.slice(0, MAX_ROWS_PER_LINE - 1).map(cut), cut(`${rows.slice(MAX_ROWS_PER_LINE - 1).join(' ')}…`)];
}

/** The Log tab: what happened this session, newest first (the ledger's `history` has it all). */
export function ActivityTable({ log, theme, maxRows, width, selected }: ActivityTableProps) {
  const entries = useSyncExternalStore(log.subscribe, log.entries, log.entries);
  if (entries.length === 0) return <Text dimColor>nothing yet: fills, refusals, reconnects, alerts and messages are listed here</Text>;
  const columns = activityColumns(width);
  const rows: Cell[][] = [];
  /** The line each row is of (its index, newest first). */
  const lineOf: number[] = [];
  /** Where each line's rows begin, newest first, and how many it has. */
  const starts: { readonly at: number; readonly span: number }[] = [];
  for (const e of [...entries].reverse()) {
    const color = e.level === 'error' ? theme.error : e.level === 'warn' ? theme.warn : e.level === 'good' ? theme.up : undefined;
    const texts = activityRows(e.text, columns[1].width);
    starts.push({ at: rows.length, span: texts.length });
    for (const _ of texts) lineOf.push(starts.length - 1);
    texts.forEach((text, i) => rows.push([{ text: i === 0 ? new Date(e.ts).toISOString().slice(11, 19) : '' }, { text, color }]));
  }
  const at = selected === undefined ? undefined : starts[Math.max(0, Math.min(selected, starts.length - 1))];
  return <DataTable columns={columns} rows={rows} selected={at?.at} selectedSpan={at?.span} maxRows={maxRows} width={width} units={{ of: (row) => lineOf[row], count: starts.length }} />;
}
