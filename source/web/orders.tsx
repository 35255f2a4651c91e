import { columnFormat, stamp } from './format.js';
import { Section } from './section.js';
import type { OrderView as Order } from './types.js';

export interface OrdersProps {
  readonly orders: readonly Order[];
  /** Given when api.webCommands is on: asks to cancel one order. */
  readonly onCancel?: (order: Order) => void;
}

export function Orders({ orders, onCancel }: OrdersProps) {
  const qty = columnFormat(orders.flatMap((o) => [o.qty, o.filledQty]));
  const price = columnFormat(orders.flatMap((o) => [o.price ?? 0, o.trail?.trigger ?? o.stopPrice ?? 0]));
  return (
    <Section title="Open orders" note={orders.length ? String(orders.length) : undefined} wide isEmpty={orders.length === 0} empty="No open orders.">
      <table>
        <thead><tr><th>Id</th><th>Symbol</th><th>Side</th><th class="opt">Type</th><th class="n">Qty</th><th class="n opt">Filled</th><th class="n">Price</th><th class="opt">Status</th><th class="opt">Placed</th>{onCancel ? <th /> : null}</tr></thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id}>
              <td>{o.id}</td><td>{o.symbol}</td><td class={o.side}>{o.side}</td><td class="opt">{o.type}</td>
              <td class="n">{qty(o.qty)}</td><td class="n opt">{qty(o.filledQty)}</td>
              <td class="n">{o.price === undefined ? 'market' : price(o.price)}{o.stopPrice === undefined ? '' : ` (${o.trailing ? 'trailing ' : ''}stop ${price(o.trail?.trigger ?? o.stopPrice)})`}</td>
              <td class="opt">{o.status}</td><td class="opt">{stamp(o.createdAt)}</td>
              {onCancel ? <td><button class="small" onClick={() => onCancel(o)}>Cancel</button></td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
