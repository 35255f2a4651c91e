import { Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { ActivityLog } from '../../app/activity/activity-log.js';
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

/** The Log tab: what happened this session, newest first (the ledger's `history` has it all). */
export function ActivityTable({ log, theme, maxRows, width, selected }: ActivityTableProps) {
  const entries = useSyncExternalStore(log.subscribe, log.entries, log.entries);
  if (entries.length === 0) return <Text dimColor>nothing yet: fills, refusals, reconnects, alerts and messages are listed here</Text>;
  const rows = [...entries].reverse().map((e): Cell[] => [
    { text: new Date(e.ts).toISOString().slice(11, 19) },
    { text: e.text, color: e.level === 'error' ? theme.error : e.level === 'warn' ? theme.warn : e.level === 'good' ? theme.up : undefined },
  ]);
  const at = selected === undefined ? undefined : Math.max(0, Math.min(selected, rows.length - 1));
  return <DataTable columns={activityColumns(width)} rows={rows} selected={at} maxRows={maxRows} width={width} />;
}
