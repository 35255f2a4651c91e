import { Box, Text } from 'ink';
import type { Session } from '../../app/session.js';
import type { State } from '../../store/index.js';
import { num, qty } from '../../shell/format.js';
import { Canvas } from '../components/canvas.js';
import { DataTable, type Cell, type Column } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface StrategyPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly maxRows: number;
  /** The strategy Enter would start, and on which symbol. */
  readonly choice: string;
  readonly symbol: string;
  /** Columns inside the pane: the key hints give way before the symbol does. */
  readonly width: number;
}

const selectLedger = (s: State) => s.ledger;

/** Strategies the log knows: mode, position, realised PnL and last signal. */
// Narrow panes leave out the mode first (the status bar says it), then the last signal's time.
const STRATEGY_COLUMNS: readonly Column[] = [
  { header: 'NAME', width: 6 }, { header: 'SYMBOL', width: 9 }, { header: 'MODE', width: 7, drop: 4 }, { header: 'STATE', width: 6 },
  { header: 'POS', width: 9, align: 'right', drop: 2 }, { header: 'PNL', width: 9, align: 'right' }, { header: 'SIGNAL', width: 10, drop: 3 },
];

export function StrategyPane({ session, theme, maxRows, choice, symbol, width }: StrategyPaneProps) {
  const ledger = useSelector(session, selectLedger);
  const list = Object.values(ledger.strategies);
  const hint = (
    <Canvas
      width={width}
      lines={[[{ text: `strategy: [${choice}] ←/→`, dim: true }, { text: ' · Enter start/stop', dim: true, optional: true }, { text: ' · x stop+sell', dim: true, optional: true }, { text: ` · ${symbol} 1m`, dim: true }]]}
    />
  );
  if (list.length === 0) {
    return (
      <Box flexDirection="column">
        {hint}
        <Text dimColor>no strategy has run yet.</Text>
      </Box>
    );
  }
  const rows = list.map((s): Cell[] => {
    const p = ledger.positions[`${s.venue}:${s.symbol}`];
    return [
      { text: s.name },
      { text: s.symbol },
      { text: s.mode.toUpperCase() },
      { text: s.status === 'running' ? '● run' : '○ stop', color: s.status === 'running' ? theme.up : undefined },
      { text: qty(p?.qty ?? 0) },
      { text: num(p?.realizedPnl ?? 0, 2), color: (p?.realizedPnl ?? 0) > 0 ? theme.up : (p?.realizedPnl ?? 0) < 0 ? theme.down : undefined },
      { text: s.lastSignal ? `${s.lastSignal.side} ${new Date(s.lastSignal.ts).toISOString().slice(11, 16)}` : '-' },
    ];
  });
  return (
    <Box flexDirection="column">
      {hint}
      <DataTable columns={STRATEGY_COLUMNS} rows={rows} maxRows={maxRows} width={width} />
    </Box>
  );
}
