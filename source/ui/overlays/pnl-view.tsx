import type { Session } from '../../app/session/session.js';
import type { PnlGrouping } from '../../engine/pnl-breakdown.js';
import type { PnlPeriod } from '../../engine/pnl-period.js';
import { pnlReport } from '../../shell/commands/pnl.js';
import type { State } from '../../store/index.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';
import { OutputOverlay } from './output-overlay.js';

export interface PnlViewProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly period: PnlPeriod;
  readonly by: PnlGrouping;
  /** Text lines and columns that fit. */
  readonly maxLines: number;
  readonly width: number;
  readonly top: number;
  readonly left: number;
}

const selectFills = (s: State) => s.ledger.fills;
const selectTickers = (s: State) => s.market.tickers;

/**
 * The PnL view (P): the `pnl --by` table of the period, redrawn as fills come and prices move
 * (what is open is valued at the last price). The same report the shell prints.
 */
export function PnlView({ session, theme, period, by, maxLines, width, top, left }: PnlViewProps) {
  // Subscribed so a fill or a price redraws it; the report reads the session itself.
  useSelector(session, selectFills);
  useSelector(session, selectTickers);
  const { text } = pnlReport(session, period, by);
  return <OutputOverlay theme={theme} title={`PnL · ← → by ${by} · d/w/m ${period === 'day' ? 'today' : `this ${period}`}`} text={text} ok maxLines={maxLines} width={width} top={top} left={left} />;
}
