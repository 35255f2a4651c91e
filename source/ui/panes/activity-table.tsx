import { Text } from 'ink';
import { useSyncExternalStore } from 'react';
import type { ActivityLog } from '../../app/activity-log.js';
import { DataTable, type Cell, type Column } from '../components/data-table.js';
import type { Theme } from '../theme.js';

export interface ActivityTableProps {
  readonly log: ActivityLog;
  readonly theme: Theme;
  readonly maxRows: number;
  readonly width?: number;
}

const COLUMNS: readonly Column[] = [{ header: 'TIME', width: 8, drop: 1 }, { header: 'WHAT', width: 200 }];

/** The Log tab: what happened this session, newest first (the ledger's `history` has it all). */
export function ActivityTable({ log, theme, maxRows, width }: ActivityTableProps) {
  const entries = useSyncExternalStore(log.subscribe, log.entries, log.entries);
  if (entries.length === 0) return <Text dimColor>nothing yet: fills, refusals, reconnects, alerts and messages are listed here</Text>;
  const rows = [...entries].reverse().map((e): Cell[] => [
    { text: new Date(e.ts).toISOString().slice(11, 19) },
    { text: e.text, color: e.level === 'error' ? theme.error : e.level === 'warn' ? theme.warn : e.level === 'good' ? theme.up : undefined },
  ]);
  return <DataTable columns={COLUMNS} rows={rows} maxRows={maxRows} width={width} />;
}
