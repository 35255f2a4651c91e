import type { Session } from '../../app/session/session.js';
import type { PositionSide } from '../../domain/index.js';
import { change, num, price, qty } from '../../format/format.js';
import { Box, Text } from 'ink';
import { wrapWords } from '../components/canvas.js';
import { closeRequest, closeWarnings, perpetualRows } from '../futures-keys.js';
import type { Theme } from '../theme.js';
import { ConfirmDialog } from './confirm-dialog.js';

export interface ClosePositionConfirmProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly symbol: string;
  readonly side: PositionSide;
  /** LIVE: what was typed so far (the symbol). */
  readonly typed: string;
  /** The warnings were on screen: the next Enter sends (else a new one: Enter shows it first). */
  readonly acknowledged?: boolean;
  /** Columns the warnings wrap in. */
  readonly width?: number;
}

/** "Close this position?" saying exactly which order it sends, with the figures as they are now. */
export function ClosePositionConfirm({ session, theme, symbol, side, typed, acknowledged, width = 80 }: ClosePositionConfirmProps) {
  const p = perpetualRows({ session }).find((x) => x.symbol === symbol && x.side === side);
  const inst = session.state().market.instruments[`${session.venue}:${symbol}`];
  const live = session.mode === 'live';
  if (!p) return <ConfirmDialog theme={theme} title={`${symbol}: no open position`} lines={['It was closed meanwhile; Esc goes back.']} />;
  const req = closeRequest(p);
  const what = p.qty > 0 ? 'LONG' : 'SHORT';
  const lines = [
    `Sends: ${req.side.toUpperCase()} ${qty(req.qty)} ${symbol} MARKET, reduce-only${req.positionSide ? ` (position side ${req.positionSide})` : ''}.`,
    `Entry ${price(p.entryPrice, inst)} · mark ${price(p.markPrice, inst)} · unrealised PnL ${num(p.unrealizedPnl, 2)} USDT (ROE ${change(p.roe)})`,
    'Reduce-only: it can only take the position to zero, never open or flip one.',
  ];
  const warnings = closeWarnings(session, p);
  const dialog = <ConfirmDialog theme={theme} danger={live || warnings.length > 0} title={`${warnings.length > 0 ? 'Check this close: ' : ''}Close the ${what} ${Math.abs(p.qty)} ${symbol} at market? (${session.mode.toUpperCase()})`} lines={lines} typeToConfirm={live ? symbol : undefined} typed={typed} />;
  if (warnings.length === 0) return dialog;
  return (
    <Box flexDirection="column">
      {dialog}
      <Box flexDirection="column" paddingX={1}>
        {warnings.flatMap((w) => wrapWords(`⚠ ${w}`, Math.max(20, Math.min(width, 100) - 4))).map((l, i) => (
          <Text key={i} color={theme.error}>{l}</Text>
        ))}
        <Text bold>{acknowledged ? 'Enter once more to close it anyway; Esc goes back.' : 'A new warning: Enter to go on (then Enter closes); Esc goes back.'}</Text>
      </Box>
    </Box>
  );
}
