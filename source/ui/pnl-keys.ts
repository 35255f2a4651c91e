import type { Key } from 'ink';
import type { PnlGrouping } from '../engine/pnl-breakdown.js';
import { pnlReport } from '../shell/commands/pnl.js';
import type { KeyContext } from './key-context.js';
import { scrollKey } from './scroll-keys.js';
import { cycle, type Overlay } from './ui-state.js';

type PnlOverlay = Extract<Overlay, { kind: 'pnl' }>;
const PERIOD_KEYS = { d: 'day', w: 'week', m: 'month' } as const;
/** The view opens by strategy (who made what), then by market, then by day. */
const SPLITS: readonly PnlGrouping[] = ['strategy', 'symbol', 'day'];

/** The PnL view's keys: ←/→ the split, d/w/m the period, ↑/↓ and the pages scroll, Esc/q close. */
export function pnlViewKey(ctx: KeyContext, o: PnlOverlay, input: string, key: Key): void {
  const { dispatch } = ctx;
  if (key.escape || input === 'q' || input === 'P') return dispatch({ type: 'overlay', overlay: { kind: 'none' } });
  if (key.leftArrow || key.rightArrow) return dispatch({ type: 'overlay', overlay: { kind: 'pnl', period: o.period, by: cycle(SPLITS, o.by, key.rightArrow ? 1 : -1) } });
  if (input in PERIOD_KEYS) return dispatch({ type: 'overlay', overlay: { kind: 'pnl', period: PERIOD_KEYS[input as keyof typeof PERIOD_KEYS], by: o.by } });
  const at = scrollKey(ctx, pnlReport(ctx.session, o.period, o.by).text, o, input, key, false);
  if (at) dispatch({ type: 'overlay', overlay: { ...o, ...at } });
}
