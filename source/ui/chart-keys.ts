import { BOOK_GROUPS } from '../engine/depth.js';
import { offsetTo } from '../format/chart/candle-chart.js';
import { CHART_STYLES } from '../format/chart/chart-glyphs.js';
import type { KeyContext } from './key-context.js';
import type { KeyCommand } from './keymap.js';
import { screenLayout } from './layout.js';
import { cycle, type PaneId } from './ui-state.js';

/**
 * Keys of the chart (`[` `]` scroll, `v` candles or line) and the book (`g` grouping). They
 * act where their pane is on screen: every pane is in the wide layout, the focused one (and the
 * chart beside the tickers) in the split and compact layouts, where a key for a hidden pane says
 * where to go instead of changing what the trader cannot see. True when the key was one of these.
 */
export function chartCommand(ctx: KeyContext, command: KeyCommand, symbol: string | undefined): boolean {
  const { ui, dispatch } = ctx;
  const layout = screenLayout(ctx.size.columns, ctx.size.rows, ctx.symbolTotal, 0);
  // Split (two panes): the tickers on the left, the focused pane on the right, the chart while the tickers have the focus.
  const shown = (pane: PaneId) => layout.wide || ui.focus === pane || (layout.split && pane === 'chart' && ui.focus === 'tickers');
  const message = (text: string) => dispatch({ type: 'message', message: text });
  switch (command) {
    case 'chartBack':
    case 'chartForward': {
      if (!shown('chart')) return message('[ ] scroll the Chart: Tab to it'), true;
      // A quarter of the candles on screen a press; never past the oldest two candles.
      const columns = layout.wide ? ctx.size.columns - 68 : layout.split ? ctx.size.columns - layout.left - 2 : ctx.size.columns - 2;
      const step = Math.max(1, Math.floor(columns / 4));
      const candles = symbol ? ctx.session.candles(symbol, ui.timeframe) : [];
      const edge = candles.length - 1 - offsetTo(candles, ui.chartEnd);
      const next = Math.max(1, Math.min(candles.length - 1, edge + (command === 'chartBack' ? -step : step)));
      // Back at the newest candle the chart follows the market again.
      dispatch({ type: 'set', patch: { chartEnd: next >= candles.length - 1 ? undefined : candles[next].t } });
      return true;
    }
    case 'chartStyle':
      if (!shown('chart')) return message('v (candles or line) works on the Chart: Tab to it'), true;
      dispatch({ type: 'set', patch: { chartStyle: cycle(CHART_STYLES, ui.chartStyle, 1) } });
      return true;
    case 'bookGroup':
      if (!shown('book')) return message('g (group by price) works on the Book: Tab to it'), true;
      dispatch({ type: 'set', patch: { bookGroup: (ui.bookGroup + 1) % BOOK_GROUPS.length, bookTab: 'book' } });
      return true;
    default:
      return false;
  }
}
