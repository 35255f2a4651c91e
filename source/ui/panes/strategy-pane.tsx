import { Box, Text } from 'ink';
import type { Session } from '../../app/session/session.js';
import type { StrategyInstanceView } from '../../engine/strategy-figures.js';
import { selectPrunedInstanceCount, type State } from '../../store/index.js';
import { noneListed } from '../../format/strategy-list-text.js';
import { heldCell, nettedShort, notHeldShort, notHeldText } from '../../format/strategy-held-text.js';
import { isoTime, num, quantity, share } from '../../format/format.js';
import { instanceState, signed } from '../../shell/strategy-format.js';
import { Canvas, wrapWords, type Span } from '../components/canvas.js';
import { DataTable, type Cell, type Column } from '../components/data-table.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';

export interface StrategyPaneProps {
  readonly session: Session;
  readonly theme: Theme;
  /** Lines for the table (the detail line of the selected instance is extra). */
  readonly maxRows: number;
  /** The strategy n would start, and on which symbol. */
  readonly choice: string;
  readonly symbol: string;
  /** The selected instance (index into `session.strategies()`). */
  readonly selected: number;
  /** Columns inside the pane: the key hints give way before the symbol does. */
  readonly width: number;
  readonly now: () => number;
}

const selectLedger = (s: State) => s.ledger;
const selectTickers = (s: State) => s.market.tickers;

/**
 * Each instance's own figures: position, realised and unrealised PnL, trades, win rate.
 * Narrow panes leave out the fees first, then the win rate, the average entry and the signal.
 */
const STRATEGY_COLUMNS: readonly Column[] = [
  { header: 'ID', width: 24, growTo: 30 }, { header: 'STATE', width: 9 }, { header: 'POS', width: 9, align: 'right' },
  { header: 'AVG', width: 10, align: 'right', drop: 3 }, { header: 'NET REAL', width: 8, align: 'right' }, { header: 'UNREAL', width: 8, align: 'right', drop: 1 },
  { header: 'FEES', width: 6, align: 'right', drop: 5 }, { header: 'TR', width: 3, align: 'right', drop: 2 }, { header: 'WIN', width: 4, align: 'right', drop: 4 },
  { header: 'SIGNAL', width: 10, drop: 6 },
];

const pnlColor = (theme: Theme, n: number) => (n > 0 ? theme.up : n < 0 ? theme.down : undefined);

/**
 * The parts of the selected instance's detail: the line's spans, and why it trades nothing (to
 * read whole); `short`: the position-gone text in a few words.
 */
function detailParts(v: StrategyInstanceView, now: number, short = false) {
  const stoppedWhy = v.nextCandleAt === null ? (v.problem ?? 'not running') : undefined;
  const next = v.nextCandleAt === null ? undefined : v.warmup.seen < v.warmup.need ? `warm-up ${v.warmup.seen}/${v.warmup.need}, next candle in ${Math.max(0, Math.ceil((v.nextCandleAt - now) / 1000))}s` : `next candle ${isoTime(v.nextCandleAt).slice(11, 16)}`;
  const signal = v.lastSignal ? `${v.lastSignal.target ?? v.lastSignal.side} ${isoTime(v.lastSignal.ts).slice(11, 16)}` : 'no signal yet';
  const hold = v.lastHold ? `${v.lastHold.target} ${v.lastHold.kind}: ${v.lastHold.text}` : undefined;
  // Its own position closed outside it: as much a thing to read whole as a hold.
  const gone = short ? notHeldShort(v) : notHeldText(v);
  const netted = nettedShort(v);
  const tail: Span[] = [
    // Netted with other instances on its market: what the table's POS column alone cannot say.
    ...(netted ? [{ text: ` · ${netted}`, optional: true }] : []),
    { text: ` · ${signal}`, dim: true, optional: true },
    { text: ` · avg ${v.position ? num(v.avgPrice, 2) : '-'}`, dim: true, optional: true },
    { text: ` · win ${v.winRate === null ? '-' : `${share(v.winRate, 0)} of ${v.roundTrips}`}`, dim: true, optional: true },
    { text: ` · exposure ${num(v.exposure, 2)}`, dim: true, optional: true },
    { text: ` · fees ${num(v.fees, 2)}`, dim: true, optional: true },
  ];
  const whole: Span[] = [
    { text: `size ${v.size} · ${stoppedWhy ?? next}`, dim: true },
    ...(gone ? [{ text: ` · ${gone}` }] : []),
    ...(hold ? [{ text: ` · ${hold}` }] : []),
    ...tail,
  ];
  const why = [stoppedWhy, gone, hold].filter((t): t is string => t !== undefined).join(' · ');
  const needed = whole.reduce((n, sp) => n + (sp.optional ? 0 : sp.text.length), 0);
  return { stoppedWhy, next, tail, whole, why, needed };
}

/**
 * Lines of its own the selected instance's reason needs under its detail line at `width`: 0
 * when the detail line holds it (or there is none to read).
 */
export function detailNeed(v: StrategyInstanceView, now: number, width: number, short = false): number {
  const { why, needed } = detailParts(v, now, short);
  return needed <= width || why === '' || why === 'not running' ? 0 : wrapWords(why, width).length;
}

/**
 * The selected instance's detail: what the table has no room for, the least needed parts leaving
 * first. Why it trades nothing (it stopped, its position is gone, its last signal was held or
 * refused) is the one thing a trader who left it alone must read whole: when the line cannot
 * hold it and the pane has `spare` lines under the table, it goes on lines of its own,
 * word-wrapped, rather than cut. Where even those cannot hold it, a position gone is said in a
 * few words ("gone outside it: 0 of -0.02 BTC held"), so what is cut is never its numbers.
 */
export function detailLines(v: StrategyInstanceView, now: number, width: number, spare: number): Span[][] {
  const full = detailNeed(v, now, width);
  const short = v.notHeld !== undefined && full > spare;
  const { stoppedWhy, next, tail, whole, why } = detailParts(v, now, short);
  const need = short ? detailNeed(v, now, width, true) : full;
  if (spare <= 0 || need === 0) return [whole];
  const wrapped = wrapWords(why, width);
  const shown = wrapped.slice(0, spare);
  // More than the pane can hold: the last line shown says it goes on.
  if (wrapped.length > spare) shown[spare - 1] = `${shown[spare - 1].slice(0, Math.max(0, width - 1))}…`;
  return [[{ text: `size ${v.size} · ${stoppedWhy === undefined ? next : 'stopped'}`, dim: true }, ...tail], ...shown.map((t): Span[] => [{ text: t }])];
}

/** The fewest table lines kept when the detail takes lines from it: the selected row, one beside it, the position line. */
const MIN_TABLE_LINES = 3;

/**
 * How many lines the table may take (DataTable's maxRows) and how many are left for the
 * detail's reason, out of `maxRows`: the table first, as many rows as it has; then, when the
 * selected instance's reason needs more lines than are left, the table gives up rows (it
 * scrolls to keep the selection in view) down to MIN_TABLE_LINES. Found at 120x40: six
 * instances left one line, and "position gone: ... — 0 of -0.02 BTC…" was cut before "held".
 */
export function paneSplit(maxRows: number, count: number, need: number): { readonly table: number; readonly spare: number } {
  const rows = Math.max(1, maxRows);
  const free = rows - Math.min(count, rows);
  if (need <= free) return { table: rows, spare: free };
  const table = Math.max(Math.min(MIN_TABLE_LINES, rows), rows - need);
  return { table, spare: rows - Math.min(count, table) };
}

export function StrategyPane({ session, theme, maxRows, choice, symbol, selected, width, now }: StrategyPaneProps) {
  useSelector(session, selectLedger);
  useSelector(session, selectTickers);
  const list = session.strategies();
  const hint = (
    <Canvas
      width={width}
      lines={[[{ text: `new: [${choice}] ←/→`, dim: true }, { text: ' · n start', dim: true }, { text: ' · Enter stop', dim: true, optional: true }, { text: ' · x stop+sell', dim: true, optional: true }, { text: ` · ${symbol}`, dim: true }]]}
    />
  );
  if (list.length === 0) {
    return (
      <Box flexDirection="column">
        {hint}
        <Text dimColor>{noneListed(selectPrunedInstanceCount(session.state()), `n starts ${choice} on ${symbol}`)}</Text>
      </Box>
    );
  }
  // Never outside the list: a selection from before a change (or -1) shows the nearest row.
  const row = Math.max(0, Math.min(selected, list.length - 1));
  const inst = (v: StrategyInstanceView) => session.state().market.instruments[`${session.venue}:${v.symbol}`];
  const rows = list.map((v): Cell[] => {
    const state = instanceState(v);
    return [
      { text: v.id },
      { text: state === 'running' ? '● run' : state === 'stopped' ? '○ stop' : state === 'failed' ? '✗ failed' : state, color: state === 'running' ? theme.up : state === 'not live' || state === 'failed' ? theme.error : undefined },
      { text: heldCell(v, (n) => quantity(n, inst(v))), color: v.notHeld ? theme.error : undefined },
      { text: v.position ? num(v.avgPrice, 2) : '-' },
      { text: signed(v.realizedPnl), color: pnlColor(theme, v.realizedPnl) },
      { text: v.notHeld?.cover === 'none' ? '-' : signed(v.unrealizedPnl), color: pnlColor(theme, v.unrealizedPnl) },
      { text: num(v.fees, 2) },
      { text: String(v.trades) },
      { text: v.winRate === null ? '-' : share(v.winRate, 0) },
      { text: v.lastSignal ? `${v.lastSignal.target ?? v.lastSignal.side} ${isoTime(v.lastSignal.ts).slice(11, 16)}` : '-' },
    ];
  });
  const at = now();
  const split = paneSplit(maxRows, list.length, detailNeed(list[row], at, width));
  return (
    <Box flexDirection="column">
      {hint}
      <DataTable columns={STRATEGY_COLUMNS} rows={rows} selected={row} maxRows={split.table} width={width} />
      {/* The lines the table leaves empty (no scrolling line then) are the detail's. */}
      <Canvas width={width} lines={detailLines(list[row], at, width, split.spare)} />
    </Box>
  );
}
