import { Box, Text } from 'ink';
import type { Session } from '../../app/session/session.js';
import { fee, num, price } from '../../format/format.js';
import { wrapWords } from '../components/canvas.js';
import { checkForm, isExitStop, type OrderForm } from '../order-form.js';
import type { Theme } from '../theme.js';
import { useOrderMarket } from '../use-order-market.js';
import { futuresTicketLines } from '../futures-ticket-text.js';
import { ConfirmDialog } from './confirm-dialog.js';

export interface OrderConfirmProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly form: OrderForm;
  /** What was typed so far (LIVE: the symbol). */
  readonly typed: string;
  /** The fat-finger warnings were on screen (from the first frame, or one Enter since they appeared): the next Enter sends. */
  readonly acknowledged: boolean;
  readonly width: number;
}

/**
 * "Send this order?" with the figures of the live book (they follow it while the dialog is
 * open) and, for an unusual price or size, the warnings that make it ask a second time.
 */
export function OrderConfirm({ session, theme, form: f, typed, acknowledged, width }: OrderConfirmProps) {
  useOrderMarket(session, f.symbol);
  const c = checkForm(session, f);
  const live = session.mode === 'live';
  const warned = c.warnings.length > 0;
  const inst = session.state().market.instruments[`${session.venue}:${f.symbol}`];
  const lines = [
    `${f.side.toUpperCase()} ${c.request?.qty ?? f.qty} ${f.symbol}${f.positionSide ? ` (${f.positionSide})` : ''}  ${orderTerms(f, c.request?.tif, c.price !== undefined ? price(c.price, inst) : '?')}${isExitStop(f) ? ', reduce-only' : ''}`,
    `Notional ≈ ${c.notional !== undefined ? num(c.notional, 2) : '?'} USDT   fee ≈ ${c.fee !== undefined ? fee(c.fee, 'USDT') : '?'} USDT   mode ${session.mode.toUpperCase()}`,
    ...(c.spendQty !== undefined ? [`Spend ${f.spend} ${inst?.quote ?? ''}: ${c.spendQty} ${inst?.base ?? ''} at the price, on the lot size`] : []),
    ...(c.bracket ? [`Bracket: take-profit ${c.bracket.tp}, stop-loss ${c.bracket.sl}, placed as one OCO once it fills, for what it filled`] : []),
    ...(c.futures ? futuresTicketLines(c.futures, inst, c.notional !== undefined) : []),
  ];
  const room = Math.max(20, Math.min(width, 100) - 4);
  return (
    <Box flexDirection="column">
      <ConfirmDialog
        theme={theme}
        danger={live || warned}
        title={`${live ? 'LIVE ORDER: real money. ' : ''}${warned ? 'Check this order: ' : ''}${f.amends === undefined ? 'Send this order?' : `Replace order ${f.amends} with this order?`}`}
        lines={lines}
        typeToConfirm={live ? f.symbol : undefined}
        typed={typed}
      />
      {warned ? (
        <Box flexDirection="column" paddingX={1}>
          {c.warnings.flatMap((w) => wrapWords(`⚠ ${w}`, room)).map((l, i) => (
            <Text key={i} color={theme.error}>{l}</Text>
          ))}
          <Text bold>{acknowledged ? 'Enter once more to send it anyway; Esc goes back to change it.' : 'A new warning: Enter to go on (then Enter sends); Esc goes back to change it.'}</Text>
        </Box>
      ) : null}
    </Box>
  );
}

/** The order's kind and prices as the ticket will send them; `near` is the market price it would trade at now. */
function orderTerms(f: OrderForm, tif: string | undefined, near: string): string {
  if (f.type === 'trailing') return `TRAILING STOP ${f.trail ?? ''} behind the best price${f.activation ? `, from ${f.activation}` : ''}, then MARKET`;
  if (f.type === 'stop') return `STOP at ${f.trigger ?? ''} then ${f.price ? `LIMIT @ ${f.price}` : 'MARKET'}`;
  if (f.type === 'limit') return `LIMIT @ ${f.price}${tif === 'IOC' ? ' IOC' : ''}`;
  return `MARKET (≈ ${near})`;
}
