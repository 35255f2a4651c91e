import { Box } from 'ink';
import { Canvas, wrapWords, type CanvasLine, type Span } from '../components/canvas.js';
import type { Session } from '../../app/session/session.js';
import { amount, fee, num, price } from '../../format/format.js';
import { available, checkForm, formFields, isExitStop, type FormField, type OrderForm } from '../order-form.js';
import type { Theme } from '../theme.js';
import { useOrderMarket } from '../use-order-market.js';
import { futuresTicketLines } from '../futures-ticket-text.js';

export interface OrderEntryProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly form: OrderForm;
  /** Fixed, so the box does not jump as errors come and go. */
  readonly width: number;
}

/** The order form: side, type, symbol, quantity, price; notional and fee before sending. */
export function OrderEntry({ session, theme, form, width }: OrderEntryProps) {
  // Figures follow the live book while the form is open.
  useOrderMarket(session, form.symbol);
  const check = checkForm(session, form);
  const inst = session.state().market.instruments[`${session.venue}:${form.symbol}`];
  const free = available(session, form);
  const fields = formFields(form);
  // Drawn through Canvas: the reference price changes with every tick while the form is open,
  // and Ink would keep every version of these lines it ever measured.
  const inner = Math.max(1, width - 4);
  // A field's problem stays beside it when it fits, else it wraps below it: never cut before
  // the figure that matters (the lot size, the minimum).
  const row = (field: FormField, label: string, value: string, error?: string): CanvasLine[] => {
    const head: Span = { text: `${form.field === field ? '›' : ' '} ${label.padEnd(9)} ${value.padEnd(14)}`, inverse: form.field === field };
    if (!error) return [[head]];
    if (head.text.length + 4 + error.length <= inner) return [[head, { text: `  ✗ ${error}`, color: theme.error }]];
    return [[head], ...wrapWords(`✗ ${error}`, Math.max(10, inner - 12)).map((l): CanvasLine => [{ text: `${' '.repeat(12)}${l}`, color: theme.error }])];
  };
  const sideText = form.side === 'buy' ? '[BUY] sell' : ' buy [SELL]';
  const typeText = choice(['market', 'limit', 'stop', 'trail'], form.type === 'trailing' ? 'trail' : form.type);
  const tifText = choice(['GTC', 'IOC', 'FOK', 'post-only'], form.postOnly ? 'post-only' : form.tif ?? 'GTC');
  const lines: CanvasLine[] = [
    [{ text: `${form.amends === undefined ? 'Order entry' : `Amend order ${form.amends}`} · ${form.symbol} · ${session.mode.toUpperCase()}`, bold: true }],
    ...(form.amends === undefined
      ? [...row('side', 'Side', sideText), ...(form.positionSide ? row('posSide', 'Position', form.positionSide === 'LONG' ? '[LONG] short' : ' long [SHORT]') : []), ...row('type', 'Type', typeText)]
      : [`  ${'Side'.padEnd(9)} ${form.side.toUpperCase()} LIMIT (kept)`]),
    `  ${'Symbol'.padEnd(9)} ${form.symbol}`,
    ...row('qty', 'Quantity', check.spendQty !== undefined ? `${check.spendQty} (spend)` : `${form.qty}${form.field === 'qty' ? '▏' : ''}`, check.qtyError),
    ...(fields.includes('spend') ? row('spend', 'Spend', form.field === 'spend' ? `${form.spend ?? ''}▏` : form.spend ? `${form.spend} ${inst?.quote ?? ''}` : `or an amount of ${inst?.quote ?? 'quote'}`, check.spendError) : []),
    ...(form.type === 'stop' ? row('trigger', 'Trigger', `${form.trigger ?? ''}${form.field === 'trigger' ? '▏' : ''}`, check.triggerError) : []),
    ...(form.type === 'stop' ? row('price', 'Limit', form.field === 'price' ? `${form.price}▏` : form.price || 'none: market when triggered', check.priceError) : []),
    ...(form.type === 'trailing' ? row('trail', 'Trail by', `${form.trail ?? ''}${form.field === 'trail' ? '▏' : ''}`, check.trailError) : []),
    ...(form.type === 'trailing' ? row('activation', 'From', form.field === 'activation' ? `${form.activation ?? ''}▏` : form.activation || 'now: trails at once', check.activationError) : []),
    ...(isExitStop(form) ? [`  ${''.padEnd(9)} reduce-only: it closes the position, never opens one`] : []),
    ...(form.type === 'stop' || form.type === 'trailing' ? [] : form.type === 'limit' ? row('price', 'Price', `${form.price}${form.field === 'price' ? '▏' : ''}`, check.priceError) : [`  ${'Price'.padEnd(9)} market${check.price ? ` (≈ ${price(check.price, session.state().market.instruments[`${session.venue}:${form.symbol}`])})` : ''}`]),
    ...(fields.includes('tif') ? row('tif', 'In force', tifText) : []),
    ...(fields.includes('tp') ? row('tp', 'Profit at', form.field === 'tp' ? `${form.tp ?? ''}▏` : form.tp || 'none', check.tpError) : []),
    ...(fields.includes('sl') ? row('sl', 'Stop at', form.field === 'sl' ? `${form.sl ?? ''}▏` : form.sl || 'none', check.slError) : []),
    `  Notional  ${check.notional !== undefined ? `${num(check.notional, 2)} USDT` : '-'}   Fee ≈ ${check.fee !== undefined ? `${fee(check.fee, 'USDT')} USDT` : '-'}`,
    ...(check.futures ? futuresTicketLines(check.futures, inst, check.notional !== undefined).map((l) => `  ${l}`) : []),
    form.amends === undefined
      ? `  Available ${free ? `${amount(free.amount, free.asset)} ${free.asset}` : '-'}${form.share ? `   quantity = ${form.share}% of the most it can be` : '   % 25/50/75/100% of it'}`
      : `  Available ${free ? `${amount(free.amount, free.asset)} ${free.asset}` : '-'} + what order ${form.amends} holds`,
    // A refusal is read whole: it says what to change (and which setting allows it).
    ...(check.error ? wrapWords(`✗ ${check.error}`, Math.max(10, width - 8)).map((l): CanvasLine => [{ text: `  ${l}`, color: theme.error }]) : []),
    [{ text: form.amends === undefined ? '↑/↓ field · ←/→ change · digits or % · Enter review · Esc cancel' : '↑/↓ field · digits · Enter review (cancel-replace: new id, new queue place) · Esc cancel', dim: true }],
  ];
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={form.side === 'buy' ? theme.up : theme.down} paddingX={1} width={width} flexShrink={0}>
      <Canvas width={inner} lines={lines} />
    </Box>
  );
}

/** A ←/→ choice as the ticket shows it: the chosen word in brackets, the others beside it. */
function choice(words: readonly string[], chosen: string): string {
  return words.map((w) => (w === chosen ? `[${w.toUpperCase()}]` : w)).join(' ');
}
