import { fee } from '../domain/number-text.js';
import { qty, stamp } from './format.js';
import { Section } from './section.js';
import type { Fill } from './types.js';

export interface FillsProps {
  readonly fills: readonly Fill[];
}

/** The most recent fills, newest first. */
export function Fills({ fills }: FillsProps) {
  const rows = [...fills].reverse();
  return (
    <Section title="Recent fills" wide isEmpty={rows.length === 0} empty="No fills yet.">
      <table>
        <thead><tr><th>Time (UTC)</th><th>Symbol</th><th>Side</th><th class="n">Qty</th><th class="n">Price</th><th class="n">Fee</th><th>Order</th></tr></thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.tradeId} data-trade={f.tradeId}>
              <td>{stamp(f.ts)}</td><td>{f.symbol}</td><td class={f.side}>{f.side}</td>
              <td class="n">{qty(f.qty)}</td><td class="n">{qty(f.price)}</td><td class="n">{fee(f.fee, f.feeAsset)} {f.feeAsset}</td><td>{f.orderId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
