import type { Session } from '../../app/session/session.js';
import { isOpenStatus, type PositionMode } from '../../domain/index.js';
import { shortSymbol } from '../panes/perpetual-cells.js';
import { perpetualRows } from '../futures-keys.js';
import type { Theme } from '../theme.js';
import { ConfirmDialog } from './confirm-dialog.js';

export interface PositionModeConfirmProps {
  readonly session: Session;
  readonly theme: Theme;
  /** The mode it switches to. */
  readonly to: PositionMode;
}

const MEANING: Readonly<Record<PositionMode, string>> = {
  'one-way': 'One-way: one net position per perpetual; a sell reduces a long.',
  hedge: 'Hedge: a LONG and a SHORT position side by side per perpetual; every order names its side.',
};

/**
 * "Switch to hedge mode?": what the mode means, and what is open now. The exchange decides
 * whether it may (it refuses with a position or an order open); the facts here let the trader
 * see that coming, and the refusal itself is shown when it comes.
 */
export function PositionModeConfirm({ session, theme, to }: PositionModeConfirmProps) {
  const state = session.state();
  const positions = perpetualRows({ session }).map((p) => `${shortSymbol(p.symbol)} ${p.qty > 0 ? 'LONG' : 'SHORT'}`);
  const orders = session.orders().filter((o) => isOpenStatus(o.status) && state.market.instruments[`${session.venue}:${o.symbol}`]?.perpetual !== undefined);
  const open = positions.length || orders.length
    ? `Open now: ${positions.length ? `${positions.length} position${positions.length > 1 ? 's' : ''} (${positions.join(', ')})` : 'no position'}, ${orders.length ? `${orders.length} open order${orders.length > 1 ? 's' : ''}` : 'no open order'}: the exchange switches only with none.`
    : 'No perpetual position or open order: the switch can go through.';
  const from = to === 'hedge' ? 'one-way' : 'hedge';
  return <ConfirmDialog theme={theme} title={`Switch the position mode from ${from} to ${to}? (${session.mode.toUpperCase()})`} lines={[MEANING[to], open]} danger={positions.length > 0 || orders.length > 0} />;
}
