import { Box, Text } from 'ink';
import type { Session } from '../../app/session.js';
import { num, qty as fmtQty } from '../../shell/format.js';
import { checkForm, type FormField, type OrderForm } from '../order-form.js';
import type { Theme } from '../theme.js';

export interface OrderEntryProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly form: OrderForm;
  /** Fixed, so the box does not jump as errors come and go. */
  readonly width: number;
}

/** The order form: side, type, symbol, quantity, price; notional and fee before sending. */
export function OrderEntry({ session, theme, form, width }: OrderEntryProps) {
  const check = checkForm(session, form);
  const row = (field: FormField, label: string, value: string, error?: string) => (
    <Text wrap="truncate">
      <Text inverse={form.field === field}>{`${form.field === field ? '›' : ' '} ${label.padEnd(9)} ${value.padEnd(14)}`}</Text>
      {error ? <Text color={theme.error}>{`  ✗ ${error}`}</Text> : null}
    </Text>
  );
  const sideText = form.side === 'buy' ? '[BUY] sell' : ' buy [SELL]';
  const typeText = form.type === 'market' ? '[MARKET] limit' : ' market [LIMIT]';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={form.side === 'buy' ? theme.up : theme.down} paddingX={1} width={width} flexShrink={0}>
      <Text bold>{`Order entry · ${form.symbol} · ${session.mode.toUpperCase()}`}</Text>
      {row('side', 'Side', sideText)}
      {row('type', 'Type', typeText)}
      <Text>{`  ${'Symbol'.padEnd(9)} ${form.symbol}`}</Text>
      {row('qty', 'Quantity', `${form.qty}${form.field === 'qty' ? '▏' : ''}`, check.qtyError)}
      {form.type === 'limit' ? row('price', 'Price', `${form.price}${form.field === 'price' ? '▏' : ''}`, check.priceError) : <Text>{`  ${'Price'.padEnd(9)} market${check.price ? ` (≈ ${num(check.price, 2)})` : ''}`}</Text>}
      <Text>{`  Notional  ${check.notional !== undefined ? `${num(check.notional, 2)} USDT` : '-'}   Fee ≈ ${check.fee !== undefined ? `${fmtQty(check.fee, 4)} USDT` : '-'}`}</Text>
      {check.error ? <Text color={theme.error}>{`  ✗ ${check.error}`}</Text> : null}
      <Text dimColor>↑/↓ field · ←/→ change · type digits · Enter review · Esc cancel</Text>
    </Box>
  );
}
