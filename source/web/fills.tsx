import { fee } from '../domain/number-text.js';
import { clock, columnFormat, stamp } from './format.js';
import { Section } from './section.js';
import type { Fill } from './types.js';

export interface FillsProps {
  readonly fills: readonly Fill[];
}

/** The most recent fills, newest first. */
export function Fills({ fills }: FillsProps) {
  const rows = [...fills].reverse();
  const qty = columnFormat(rows.map((f) => f.qty));
  const price = columnFormat(rows.map((f) => f.price));
  return (
    <Section title="Recent fills" wide isEmpty={rows.length === 0} empty="No fills yet.">
      <table>
        <thead><tr><th>Time (UTC)</th><th>Symbol</th><th>Side</th><th class="n">Qty</th><th class="n">Price</th><th class="n opt">Fee</th><th class="opt">Order</th></tr></thead>
        <tbody>
          {rows.map((f) => (
            <tr key={f.tradeId} data-trade={f.tradeId}>
              <td><span class="opt">{stamp(f.ts).slice(0, 6)}</span>{clock(f.ts)}</td><td>{f.symbol}</td><td class={f.side}>{f.side}</td>
              <td class="n">{qty(f.qty)}</td><td class="n">{price(f.price)}</td><td class="n opt">{fee(f.fee, f.feeAsset)} {f.feeAsset}</td><td class="opt">{f.orderId}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
