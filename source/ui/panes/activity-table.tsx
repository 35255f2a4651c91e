import { Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { ActivityLog } from '../../app/activity/activity-log.js';
import { wrapWords } from '../components/canvas.js';
import { DataTable, type Cell, type Column } from '../components/data-table.js';
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

/**
 * The columns at a width: the time is always shown (a log line without its time reads as
 * now), and the text takes the rest of the width, its end marked `…` when cut.
 */
export function activityColumns(width: number | undefined): readonly Column[] {
  return [{ header: 'TIME', width: TIME_WIDTH }, { header: 'WHAT', width: Math.max(10, (width ?? 120) - TIME_WIDTH - 1) }];
}

/** A line in at most `most` rows of `width`, the last marked `…` when there was more. */
function wrapped(text: string, width: number, most: number): string[] {
  const all = wrapWords(text, width);
  if (all.length <= most) return all;
  const kept = all.slice(0, most);
  kept[most - 1] = `${kept[most - 1]} ${all[most]}`; // more than fits: `fit` cuts it with …
  return kept;
}

/**
 * The Log tab: what happened this session, newest first (the ledger's `history` has it all).
 * A line too long for the width is cut with `…`, but the selected one (the newest until you
 * move) is shown whole on as many rows as it needs: at 80 columns a fill's strategy id, a
 * refusal's reason are at the end of the line, and nowhere else in the app to read.
 */
export function ActivityTable({ log, theme, maxRows, width, selected }: ActivityTableProps) {
  const entries = useSyncExternalStore(log.subscribe, log.entries, log.entries);
  if (entries.length === 0) return <Text dimColor>nothing yet: fills, refusals, reconnects, alerts and messages are listed here</Text>;
  const columns = activityColumns(width);
  const newestFirst = [...entries].reverse();
  const at = selected === undefined ? undefined : Math.max(0, Math.min(selected, newestFirst.length - 1));
  const rows: Cell[][] = [];
  let from: number | undefined;
  let to: number | undefined;
  newestFirst.forEach((e, i) => {
    const color = e.level === 'error' ? theme.error : e.level === 'warn' ? theme.warn : e.level === 'good' ? theme.up : undefined;
    const time = new Date(e.ts).toISOString().slice(11, 19);
    // Rows the selected line takes (the rest of the pane keeps at least a few for the others).
    const parts = i === at && e.text.length > columns[1].width ? wrapped(e.text, columns[1].width, Math.max(1, maxRows - 3)) : [e.text];
    if (i === at) from = rows.length;
    parts.forEach((text, k) => rows.push([{ text: k === 0 ? time : '' }, { text, color }]));
    if (i === at) to = rows.length - 1;
  });
  return <DataTable columns={columns} rows={rows} selected={to} selectedFrom={from} maxRows={maxRows} width={width} />;
}
